/** `npm run docs`: the HTTP reference with the SDK's calls beside it, and the SDK reference, offline. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as konpro from 'konpro-widget-sessions';
import { expect, test } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { loadSpec } from '../scripts/load-spec.js';
import { BLOCKS, blockHomes, DOC_FILES, renderBlocks } from '../scripts/readme.js';
import { CLIENT_OPTION_NAMES } from '../src/internal/config/client-config.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const readme = read('README.md');
const clientGuide = read('docs/client.md');

/** A guide between a heading and the next heading of the same level. */
function section(heading: string, text = clientGuide): string {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const level = heading.split(' ')[0];
  const end = text.indexOf(`\n${level} `, start + heading.length + 2);
  return text.slice(start, end === -1 ? undefined : end);
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The page as a reader sees it: the samples are in the HTML whatever Redocly shows, but it shows
 * only the languages its config lists. So, in Chromium: each operation offers TypeScript (first),
 * CLI and curl, switching to CLI shows the CLI call, and the page asks for nothing over the network.
 */
async function expectSamplesShownInChromium(
  output: string,
  operations: Array<{ operationId: string; tags: string[] }>,
) {
  if (!existsSync(CHROMIUM)) {
    console.warn(`SKIPPED the rendered-reference check: no Chromium at ${CHROMIUM} (.ci/run installs it).`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const requested: string[] = [];
    for (const { operationId, tags } of operations) {
      // A fresh profile each time: the page remembers the last language picked.
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      page.on('request', (request) => {
        if (!/^(file|data|blob):/.test(request.url())) requested.push(request.url());
      });
      const tag = tags[0]!.replaceAll(' ', '-');
      await page.goto(`${pathToFileURL(output).href}#tag/${tag}/operation/${operationId}`);
      // Redocly renders lazily: wait for the operation, then open its language picker.
      const panel = page.locator(`[id$="/${operationId.toLowerCase()}"]`).first();
      await panel.waitFor({ timeout: 15_000 });
      await panel.getByText('TypeScript', { exact: true }).first().click();
      expect(await page.getByRole('menuitem').allInnerTexts(), operationId).toEqual(['TypeScript', 'CLI', 'curl']);
      // The page may still be scrolling to the operation: a DOM click needs no settled layout.
      await page.getByRole('menuitem', { name: 'CLI' }).dispatchEvent('click');
      await expect(
        panel
          .getByText(/konpro-widget [a-z-]+/)
          .first()
          .isVisible(),
        operationId,
      ).resolves.toBe(true);
      await page.close();
    }
    expect(requested).toEqual([]);
  } finally {
    await browser.close();
  }
}

test('the reference renders offline: every operation with its TypeScript, CLI and curl call, and the SDK reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'konpro-docs-'));
  try {
    const output = join(dir, 'index.html');
    await promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/build-docs.ts', output], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    const html = readFileSync(output, 'utf8');
    const spec = await loadSpec();
    const operations = Object.values(spec.paths).flatMap((item) =>
      Object.values(item).filter(
        (op): op is { operationId: string; summary: string; tags: string[] } =>
          typeof op === 'object' && op !== null && 'operationId' in op,
      ),
    );
    expect(operations).toHaveLength(4);
    for (const { operationId, summary } of operations) {
      expect(html, operationId).toContain(operationId);
      expect(html, summary).toContain(summary);
    }
    for (const call of [
      'konpro.widgetSessions.create(',
      "konpro.widgetSessions.get('session-789')",
      "konpro.widgetSessions.delete('session-789')",
      'konpro.apiKeys.validate()',
      'konpro-widget create --avatar 3deccfb2-cf96-459c-8b69-f601d6767ea5 --max-duration 3600 --domain example.com',
      'konpro-widget get session-789',
      'konpro-widget delete session-789',
      'konpro-widget validate-key',
    ]) {
      expect(html, call).toContain(call);
    }
    // Offline: no script, style, image or icon from anywhere else.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/https:\/\/cdn\./);
    await expectSamplesShownInChromium(output, operations);
    const sdk = readFileSync(join(dir, 'sdk/index.html'), 'utf8');
    expect(sdk).toContain(`konpro-widget-sessions ${packageJson.version}`);
    // The SDK's modules are named by their import paths, not by file names.
    for (const entry of ['', '/server', '/redis', '/browser', '/testing'])
      expect(sdk, entry).toContain(`>konpro-widget-sessions${entry}<`);
    const options = readFileSync(join(dir, 'sdk/interfaces/konpro-widget-sessions.ClientOptions.html'), 'utf8');
    for (const option of ['apiKey', 'baseUrl', 'timeoutMs', 'totalTimeoutMs', 'logLevel', 'fetchOptions']) {
      expect(options, option).toContain(option);
    }
    for (const [page, name] of [
      ['konpro-widget-sessions_testing.createFakeKonpro', 'createFakeKonpro'],
      ['konpro-widget-sessions_server.createWidgetSessionHandler', 'createWidgetSessionHandler'],
      ['konpro-widget-sessions_browser.createWidgetSessionSource', 'createWidgetSessionSource'],
      ['konpro-widget-sessions_redis.createRedisState', 'createRedisState'],
    ]) {
      expect(readFileSync(join(dir, `sdk/functions/${page}.html`), 'utf8')).toContain(name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

test("one version story: the spec's info.version is the contract version the package ships", async () => {
  expect(((await loadSpec()).info as { version: string }).version).toBe(packageJson.version);
});

test.each(DOC_FILES)('%s: its generated blocks are current (npm run readme)', (file) => {
  const text = read(file);
  expect(renderBlocks(text)).toBe(text);
});

test('every generated block has a home in the README or a guide (the Next.js snippet has two)', () => {
  for (const [name, homes] of Object.entries(blockHomes())) expect(homes.length, name).toBeGreaterThan(0);
});

test('the README is a front door: at most 300 lines, and every guide it names exists and links back', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  for (const [, link] of readme.matchAll(/\]\((docs\/[\w-]+\.md)\)/g)) expect(read(link!)).toContain('](../README.md)');
});

test('no link of the README, the guides or CONTRIBUTING.md points at a file that does not exist', () => {
  for (const file of [...DOC_FILES, 'CONTRIBUTING.md', 'SECURITY.md']) {
    const dir = new URL(`../${file}`, import.meta.url);
    for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^https?:/.test(target!)) continue;
      expect(existsSync(new URL(target!, dir)), `${file} → ${target}`).toBe(true);
    }
  }
});

test("the client guide's options table lists exactly the client's options", () => {
  const table = clientGuide.slice(clientGuide.indexOf('| option | default | meaning |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  const names = rows.map((row) => /^\| `(\w+)` \|/.exec(row)?.[1]);
  expect([...names].sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
});

test("the client guide's Errors section names every error class the package exports", () => {
  const errors = section('## Errors');
  const classes = Object.entries(konpro).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof konpro.KonproError,
  );
  expect(classes.length).toBeGreaterThan(10);
  for (const [name] of classes) expect(errors, name).toContain(`\`${name}\``);
});
