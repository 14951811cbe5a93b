/**
 * The embed in a real browser (issues #16 and #21): Debian's Chromium, driven by playwright-core,
 * loads the example page, which gets a widget session through the handler, fetches a new one
 * before it expires, and revokes it. With two tabs of one user, closing one ends its session only.
 * With the page's clock 2 h ahead or behind, it mints once per lifetime and never hands out an
 * expired session. The fake saw all of it, and the key reached the page in no form. Without
 * /usr/bin/chromium the test says so and is skipped; `.ci/run` installs it first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`SKIPPED the browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does).`);
const FAKE_KEY = 'sk-example-fake-key-0123456789';
const SERVER = fileURLToPath(new URL('../../examples/node-http/server.ts', import.meta.url));
/** Seconds each session lasts in these tests. */
const LIFETIME = 6;

let child: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';
beforeAll(async () => {
  if (!present) return;
  // Port 0: the system picks a free one, and the example prints its URL first.
  child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, PORT: '0', MAX_DURATION: String(LIFETIME), KONPRO_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child!.stdout!.once('data', (d) => resolve(String(d).split(' ')[0]!));
    child!.once('exit', (code) => reject(new Error(`the example server exited (${code}) before printing its URL`)));
  });
  browser = await chromium.launch({
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
}, 30_000);
afterAll(async () => {
  await browser?.close();
  child?.kill();
});

type FakeSession = { session_id: string; status: string };
const fakeSessions = async () => (await (await fetch(`${url}/__fake/sessions`)).json()) as FakeSession[];
const statusAt = async (id: string) => (await fakeSessions()).find((s) => s.session_id === id)?.status;

/** A browser profile signed in as `user` (as the demo's /login would sign in: a cookie). */
async function signedIn(user: string, init?: string): Promise<BrowserContext> {
  const context = await browser!.newContext();
  await context.addCookies([{ name: 'demo_user', value: user, url }]);
  if (init) await context.addInitScript(init);
  return context;
}

const ids = async (page: import('playwright-core').Page) =>
  (await page.evaluate(() => document.body.dataset.sessions ?? '')).split(' ').filter(Boolean);

describe.skipIf(!present)('the example page in headless Chromium', () => {
  test('gets a session through the handler, refreshes it before expiry, logs out; the key never reaches the page', async () => {
    const context = await signedIn('alice');
    try {
      const page = await context.newPage();
      const seen: string[] = [];
      page.on('response', async (response) => {
        // A response still being read when the browser closes rejects: it is not one we check.
        const headers = await response.allHeaders().catch(() => ({}));
        const body = await response.text().catch(() => '');
        seen.push(`${response.url()} ${JSON.stringify(headers)} ${body}`);
      });
      await page.goto(`${url}/`);
      await page.waitForFunction(() => (document.body.dataset.sessions ?? '').split(' ').length >= 2, undefined, {
        timeout: 15_000,
      });
      const minted = await ids(page);
      expect(new Set(minted).size).toBe(2);
      expect(await page.textContent('#widget-url')).toBe('https://widget.konpro.ai/embed');
      for (const id of minted) expect(await statusAt(id)).toBe('active');

      await page.click('#logout');
      await page.waitForFunction(() => document.body.dataset.loggedOut === 'true');
      for (const id of minted) expect(await statusAt(id)).toBe('terminated');

      const everything = [
        ...seen,
        await page.content(),
        JSON.stringify(await context.cookies()),
        await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })),
      ];
      for (const text of everything) expect(text).not.toContain(FAKE_KEY);
      expect(seen.some((s) => s.includes('/api/widget-session'))).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("two tabs of one user: closing one ends its session only, the other's stays active", async () => {
    const context = await signedIn('bob');
    try {
      const [one, two] = [await context.newPage(), await context.newPage()];
      await Promise.all([one.goto(`${url}/`), two.goto(`${url}/`)]);
      for (const page of [one, two]) await page.waitForFunction(() => Boolean(document.body.dataset.sessions));
      const [first] = await ids(one);
      const [second] = await ids(two);
      expect(first).not.toBe(second);
      await one.close({ runBeforeUnload: true });
      await expect.poll(() => statusAt(first!), { timeout: 5_000 }).toBe('terminated');
      expect(await statusAt(second!)).toBe('active');
      expect(await ids(two)).toEqual([second]);
    } finally {
      await context.close();
    }
  }, 30_000);

  // Side by side (each its own browser profile and user): 18 s each.
  test.concurrent.each([
    ['2 h ahead', 2 * 3600_000],
    ['2 h behind', -2 * 3600_000],
  ])(
    "the page's clock %s: one mint per lifetime, each before the last ends, each active at the fake",
    async (_name, skew) => {
      // The page's wall clock is off; its monotonic clock (performance.now) is not.
      const skewed = `(() => {
      const Real = Date;
      class Skewed extends Real {
        constructor(...args) { if (args.length === 0) super(Real.now() + ${skew}); else super(...args); }
        static now() { return Real.now() + ${skew}; }
      }
      globalThis.Date = Skewed;
    })();`;
      const context = await signedIn(`carol${skew > 0 ? 'ahead' : 'behind'}`, skewed);
      try {
        const page = await context.newPage();
        const handedOut: Array<{ id: string; status: string | undefined; at: number; expiresIn: number }> = [];
        await page.exposeFunction(
          '__handedOut',
          async (grant: { session_id: string; expires_in: number }, at: number) => {
            handedOut.push({
              id: grant.session_id,
              status: await statusAt(grant.session_id),
              at,
              expiresIn: grant.expires_in,
            });
          },
        );
        await page.addInitScript(() =>
          addEventListener('widget-session', (event) =>
            // Timed on the page's monotonic clock, when the page got it.
            (window as never as { __handedOut(grant: unknown, at: number): void }).__handedOut(
              (event as CustomEvent).detail,
              performance.now(),
            ),
          ),
        );
        await page.goto(`${url}/`);
        expect(await page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeCloseTo(
          skew,
          -4,
        );
        await page.waitForTimeout(3 * LIFETIME * 1000);
        // It refreshed (3 lifetimes: 3 or more sessions), each one new, and active when handed out.
        expect(handedOut.length).toBeGreaterThanOrEqual(3);
        expect(new Set(handedOut.map((h) => h.id)).size).toBe(handedOut.length);
        for (const { id, status } of handedOut) expect(status, id).toBe('active');
        // No storm: each mint comes at least 4/5 of the last session's stated lifetime after it (the
        // helper refreshes a fifth of a short lifetime before its end), on the page's monotonic clock.
        for (let i = 1; i < handedOut.length; i++) {
          const gap = handedOut[i]!.at - handedOut[i - 1]!.at;
          expect(gap, `mint ${i + 1}`).toBeGreaterThanOrEqual(handedOut[i - 1]!.expiresIn * 1000 * 0.8 - 50);
          expect(gap, `mint ${i + 1}`).toBeLessThanOrEqual(handedOut[i - 1]!.expiresIn * 1000 + 250);
        }
      } finally {
        await context.close();
      }
    },
    40_000,
  );
});
