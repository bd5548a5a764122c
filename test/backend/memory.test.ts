/**
 * @file Memory stays managed: a 10,000-step MLP training loop (plain synchronous code, no
 * `dispose()`, WebAssembly kernels on) keeps its resident memory flat. The loop runs in its
 * own process (test/backend/memory-loop.ts) so the curve is not the test runner's; this test
 * prints the measured curve and requires every sample after warm-up to stay within ±10% of
 * their mean, with no growth from the first quarter of those samples to the last.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

interface Sample {
  step: number;
  rssMB: number;
  heapMB: number;
  externalMB: number;
  loss: number;
  seconds: number;
}

const STEPS = 10_000;
const EVERY = 500;
/** Samples up to this step are warm-up (JIT, pools, heap sizing). */
const WARMUP = 2_000;

it(`a ${STEPS}-step MLP training loop keeps resident memory flat (±10% after warm-up)`, async () => {
  const script = fileURLToPath(new URL('./memory-loop.ts', import.meta.url));
  // Asynchronously, so that the test runner's worker stays responsive during the long loop.
  const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, String(STEPS), String(EVERY)], { encoding: 'utf8', timeout: 240_000 });
  const samples = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Sample);
  expect(samples.length).toBe(STEPS / EVERY);
  console.log(['step    rss MB  heap MB  external MB  loss', ...samples.map((s) =>
    `${String(s.step).padStart(5)}  ${s.rssMB.toFixed(1).padStart(7)}  ${s.heapMB.toFixed(1).padStart(7)}  ${s.externalMB.toFixed(1).padStart(11)}  ${s.loss.toExponential(2)}`)].join('\n'));
  const after = samples.filter((s) => s.step > WARMUP).map((s) => s.rssMB);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  // RSS saw-tooths with the collector (garbage typed arrays await the next GC): every sample
  // stays within ±10% of the level, and the level does not grow from the first to the last quarter.
  const level = mean(after);
  for (const rss of after) expect(Math.abs(rss - level) / level, `rss ${rss.toFixed(1)} MB vs mean ${level.toFixed(1)} MB`).toBeLessThanOrEqual(0.1);
  const quarter = Math.max(1, after.length >> 2);
  const first = mean(after.slice(0, quarter)), last = mean(after.slice(-quarter));
  expect(last / first, `first quarter ${first.toFixed(1)} MB, last quarter ${last.toFixed(1)} MB`).toBeLessThanOrEqual(1.05);
  expect(samples.at(-1)!.loss).toBeLessThan(samples[0]!.loss);
}, 300_000);
