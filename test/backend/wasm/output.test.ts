/**
 * @file Large kernel outputs reuse freed memory: a loop of 4 MB results (run in a child
 * process, test/backend/wasm/output-faults.ts, so that the allocator's state is its own)
 * takes few page faults per call (2–18 in our runs). Without the allocator priming in
 * src/backend/wasm/output.ts, glibc returned the freed results to the system in batches: this
 * loop took 56–104 faults per call, a benchmark loop up to 1000 of a result's 1024 pages
 * (~2 ms per call on this project's VM).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('a loop of fresh 4 MB results is served from recycled memory (few page faults per call)', async () => {
  const script = fileURLToPath(new URL('./output-faults.ts', import.meta.url));
  const env = { ...process.env };
  delete env.TENSORGRAD_KERNELS; // the child measures the WebAssembly kernels' outputs
  const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000, env });
  const { faultsPerCall, sink } = JSON.parse(run.stdout.trim()) as { faultsPerCall: number; sink: boolean };
  console.log(`minor page faults per 4 MB result: ${faultsPerCall.toFixed(1)} (a result has 1024 pages)`);
  expect(sink).toBe(true);
  expect(faultsPerCall).toBeLessThan(40);
}, 150_000);
