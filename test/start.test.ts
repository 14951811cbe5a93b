/** `npm start`, the main job, run as a newcomer runs it: on the embedded mock, and live with a key. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { SPEC_FILE } from '../scripts/load-spec.js';
import { spawnPrism } from '../src/cli/start-prism.js';
import { createFakeKonpro } from '../src/testing/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = (env: Record<string, string | undefined>) =>
  promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, KONPRO_API_KEY: '', KONPRO_BASE_URL: '', KONPRO_AGENTIC_AVATAR_ID: '', ...env },
  });

describe('npm start', () => {
  test('walks create → get → delete on the embedded Prism mock and stops it', async () => {
    const { stdout } = await run({});
    expect(stdout).toMatch(/embedded Prism mock of openapi\/konpro\.yaml \(http:\/\/127\.0\.0\.1:\d+\)/);
    expect(stdout).toMatch(
      /1\. create[\s\S]*session id\s+session-789[\s\S]*widget URL\s+https:\/\/widget\.konpro\.ai\/embed[\s\S]*expires\s+2024-01-01 01:00:00 UTC \(.+ ago\)/,
    );
    expect(stdout).toMatch(/2\. get session-789[\s\S]*status\s+active/);
    expect(stdout).toMatch(/3\. delete session-789[\s\S]*Session terminated successfully/);
    expect(stdout).toMatch(/Mock stopped\.\n$/);
  }, 30_000);

  test('with KONPRO_API_KEY, runs against KONPRO_BASE_URL and deletes what it created', async () => {
    const apiKey = 'sk-start-test-key';
    const avatar = 'avatar-start-test';
    const fake = createFakeKonpro({ apiKey, agenticAvatarIds: [avatar] });
    const standIn = await fake.listen();
    try {
      const { stdout } = await run({
        KONPRO_API_KEY: apiKey,
        KONPRO_BASE_URL: standIn.url,
        KONPRO_AGENTIC_AVATAR_ID: avatar,
      });
      expect(stdout).toContain(`walkthrough against ${standIn.url}`);
      expect(stdout).toMatch(/expires\s+.* UTC \(in (59 minutes|1 hour)\)/);
      expect(stdout).not.toContain(apiKey);
      expect(fake.sessions.filter((s) => s.status === 'active')).toEqual([]);
      expect(fake.requests).toHaveLength(3);
    } finally {
      await standIn.close();
    }
  }, 30_000);

  test('with a key but no avatar id, a clear error and exit 2, as the CLI and test:live', async () => {
    const error = (await run({ KONPRO_API_KEY: 'k', KONPRO_BASE_URL: 'http://127.0.0.1:9' }).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/KONPRO_AGENTIC_AVATAR_ID is not set/);
  }, 30_000);
});

describe('the embedded mock', () => {
  test('stopped before it answers, it is not waited for: ready rejects at once and the process is gone', async () => {
    const prism = await spawnPrism(SPEC_FILE);
    const started = Date.now();
    await prism.stop();
    await expect(prism.ready).rejects.toThrow(/Prism exited with SIGTERM/);
    // The wait gives up within one poll of the exit, not at its 30 s deadline.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
