/**
 * The handler's state is bounded (issue #21): 100,000 users who mint once and go idle cost nothing
 * once their sessions have expired and their per-user window has passed. Measured after GC, in a
 * child process, for the default memory store and the memory per-user limit together.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const CHILD = fileURLToPath(new URL('./helpers/handler-memory-child.ts', import.meta.url));

test('100,000 users mint once and go idle: retained heap growth under 10 MB (measured after GC in a child process)', async () => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '100000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  await new Promise((resolve) => child.on('exit', resolve));
  const { busyMb, retainedMb } = JSON.parse(output) as { busyMb: number; retainedMb: number };
  // While they are active, they are held (that is the point); once idle and expired, they are not.
  expect(busyMb, 'heap growth with 100,000 active sessions').toBeGreaterThan(10);
  expect(retainedMb, 'heap growth once they are idle and expired').toBeLessThan(10);
}, 150_000);
