/**
 * @file Memory stays managed: a 10,000-step MLP training loop (plain synchronous code, no
 * `dispose()`, WebAssembly kernels on) keeps its resident memory flat. The loop runs in its
 * own process (test/backend/memory-loop.ts) so the curve is not the test runner's; this test
 * prints the measured curve and requires every sample after warm-up to stay within ±10% of
 * their median.
 */
import { spawnSync } from 'node:child_process';
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

it(`a ${STEPS}-step MLP training loop keeps resident memory flat (±10% after warm-up)`, () => {
  const script = fileURLToPath(new URL('./memory-loop.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, String(STEPS), String(EVERY)], { encoding: 'utf8', timeout: 240_000 });
  expect(run.status, run.stderr).toBe(0);
  const samples = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Sample);
  expect(samples.length).toBe(STEPS / EVERY);
  console.log(['step    rss MB  heap MB  external MB  loss', ...samples.map((s) =>
    `${String(s.step).padStart(5)}  ${s.rssMB.toFixed(1).padStart(7)}  ${s.heapMB.toFixed(1).padStart(7)}  ${s.externalMB.toFixed(1).padStart(11)}  ${s.loss.toExponential(2)}`)].join('\n'));
  const after = samples.filter((s) => s.step > WARMUP).map((s) => s.rssMB);
  const median = [...after].sort((a, b) => a - b)[after.length >> 1]!;
  for (const rss of after) expect(Math.abs(rss - median) / median, `rss ${rss.toFixed(1)} MB vs median ${median.toFixed(1)} MB`).toBeLessThanOrEqual(0.1);
  expect(samples.at(-1)!.loss).toBeLessThan(samples[0]!.loss);
}, 300_000);
