/**
 * The embed in a real browser (issue #16): Debian's Chromium, driven by playwright-core, loads the
 * example page, which gets a widget session through the handler, fetches a new one before it
 * expires, and revokes it; the fake saw all of it, and the key reached the page in no form.
 * Without /usr/bin/chromium the test says so and is skipped; `.ci/run` installs it first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`SKIPPED the browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does).`);
const FAKE_KEY = 'sk-example-fake-key-0123456789';
const SERVER = fileURLToPath(new URL('../../examples/node-http/server.ts', import.meta.url));

let child: ChildProcess | undefined;
let url = '';
beforeAll(async () => {
  if (!present) return;
  // Port 0: the system picks a free one, and the example prints its URL first.
  child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, PORT: '0', MAX_DURATION: '6', KONPRO_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child!.stdout!.once('data', (d) => resolve(String(d).split(' ')[0]!));
    child!.once('exit', (code) => reject(new Error(`the example server exited (${code}) before printing its URL`)));
  });
}, 30_000);
afterAll(() => child?.kill());

describe.skipIf(!present)('the example page in headless Chromium', () => {
  test('gets a session through the handler, refreshes it before expiry, revokes it; the key never reaches the page', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const seen: string[] = [];
      page.on('response', async (response) => {
        // A response still being read when the browser closes rejects: it is not one we check.
        const headers = await response.allHeaders().catch(() => ({}));
        const body = await response.text().catch(() => '');
        seen.push(`${response.url()} ${JSON.stringify(headers)} ${body}`);
      });
      // A margin of 4 s on 6-second sessions: the page asks for a new one after about 2 s.
      // Signed in as the demo's /login would sign in (a cookie), then the page itself.
      await page.context().addCookies([{ name: 'demo_user', value: 'alice', url }]);
      await page.goto(`${url}/?margin=4000`);
      await page.waitForFunction(() => (document.body.dataset.sessions ?? '').split(' ').length >= 2, undefined, {
        timeout: 15_000,
      });
      const ids = (await page.evaluate(() => document.body.dataset.sessions ?? '')).split(' ');
      expect(new Set(ids).size).toBe(2);
      expect(await page.textContent('#widget-url')).toBe('https://widget.konpro.ai/embed');

      let sessions = (await (await fetch(`${url}/__fake/sessions`)).json()) as Array<{
        session_id: string;
        status: string;
      }>;
      expect(sessions.map((s) => s.session_id).sort()).toEqual([...ids].sort());
      expect(sessions.every((s) => s.status === 'active')).toBe(true);

      await page.click('#revoke');
      await page.waitForFunction(() => document.body.dataset.revoked === 'true');
      sessions = (await (await fetch(`${url}/__fake/sessions`)).json()) as typeof sessions;
      expect(sessions.map((s) => s.status)).toEqual(['terminated', 'terminated']);

      const everything = [
        ...seen,
        await page.content(),
        JSON.stringify(await page.context().cookies()),
        await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })),
      ];
      for (const text of everything) expect(text).not.toContain(FAKE_KEY);
      expect(seen.some((s) => s.includes('/api/widget-session'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
