/**
 * @file Worker threads: large products, im2col/col2im, softmax and elementwise math give
 * bitwise the same results on one thread and on two (each share is computed exactly as the
 * whole would be), workers start without the event loop (a synchronous loop sees them), and
 * the thread-count API validates.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../../src/index.js';
import { wasm, wasmShared } from '../../../src/backend/wasm/runtime.js';
import { noteSplit, readyWorkers, shareWeights } from '../../../src/backend/wasm/threads.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);

function bitwise(a: tg.Tensor, b: tg.Tensor): boolean {
  const x = a.dataSync() as Float32Array, y = b.dataSync() as Float32Array;
  return x.length === y.length && Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** Waits (synchronously, as a training loop would) until a worker is ready; false after 5 s. */
function workerReady(): boolean {
  const rt = wasmShared()!;
  const until = performance.now() + 5000;
  while (performance.now() < until) if (readyWorkers(rt) > 0) return true;
  return false;
}

describe('threads', () => {
  afterAll(() => tg.setNumThreads(2));

  it('start inside a synchronous loop and split work with bitwise-identical results', () => {
    tg.manualSeed(1);
    const a = tg.randn([300, 257]), b = tg.randn([257, 190]), batch = tg.randn([6, 64, 96]), w = tg.randn([96, 80]);
    const x = tg.randn([8, 16, 13, 13]);
    // Row-wise kernels from 2^18 elements hand rows to a worker (share-rows.ts): odd row
    // counts and lengths, and a row per element for the elementwise math.
    const rows = tg.randn([601, 997]).mul(8), flat = tg.randn([(1 << 18) + 3]).mul(4);
    const run = (): tg.Tensor[] => [a.matmul(b), a.transpose(0, 1).transpose(0, 1).matmul(b.transpose(0, 1).contiguous().transpose(0, 1)),
      batch.matmul(w), tg.F.unfold(x, 3), tg.F.fold(tg.F.unfold(x, 3), [13, 13], 3),
      rows.softmax(-1), rows.logSoftmax(-1), flat.exp(), flat.tanh(), tg.F.gelu(flat), flat.abs().log()];
    tg.setNumThreads(1);
    const one = run();
    tg.setNumThreads(2);
    expect(tg.getNumThreads()).toBe(2);
    expect(workerReady()).toBe(true);
    const two = run();
    one.forEach((t, i) => expect(bitwise(t, two[i]!), `result ${i}`).toBe(true));
  });

  it('splits follow the measured speed of each thread, and skewed splits give the same bits', () => {
    tg.manualSeed(2);
    const a = tg.randn([333, 200]), b = tg.randn([200, 150]), wide = tg.randn([20, 300]), tall = tg.randn([300, 700]), batch = tg.randn([9, 40, 64]), w = tg.randn([64, 50]);
    // Few rows, long K: a skewed split must not leave a share of 1–7 rows (computed as a thin product, in another order).
    const few = tg.randn([12, 20000]), narrow = tg.randn([20000, 8]), fewWide = tg.randn([9, 30000]), cols = tg.randn([30000, 12]);
    // (First: each split's own timing moves the estimate back towards the truth.)
    const run = (): tg.Tensor[] => [few.matmul(narrow), fewWide.matmul(cols), a.matmul(b), wide.matmul(tall), batch.matmul(w)];
    tg.setNumThreads(1);
    const one = run();
    tg.setNumThreads(2);
    expect(workerReady()).toBe(true);
    const big = tg.randn([512, 512]);
    for (const [label, localMs] of [['fast worker', 1e6], ['slow worker', 0.06]] as const) {
      big.matmul(big); // the worker's last share: ~67M multiply-adds, milliseconds
      // Report the caller's share of the same work as the worker's last one as taking ages, or
      // almost no time: the worker's relative speed moves towards 4 or below 1, and its share with it.
      for (let i = 0; i < 40; i++) noteSplit(localMs, 1, [1]);
      const [caller, worker] = shareWeights(1) as [number, number];
      expect(caller).toBe(1);
      if (label === 'fast worker') expect(worker).toBe(4);
      else expect(worker).toBeLessThan(1);
      const two = run();
      one.forEach((t, i) => expect(bitwise(t, two[i]!), `${label}: result ${i}`).toBe(true));
    }
  });

  it('single-thread work runs on an ordinary memory, split work on a shared one', () => {
    expect(wasm()!.shared).toBe(false);
    expect(wasmShared()!.shared).toBe(true);
    expect(wasmShared()!.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(wasm()!.memory.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('setNumThreads validates its argument and changes nothing on error', () => {
    tg.setNumThreads(2);
    for (const bad of [0, -1, 1.5, NaN]) expect(() => tg.setNumThreads(bad)).toThrow(/setNumThreads: expected an integer ≥ 1/);
    expect(tg.getNumThreads()).toBe(2);
  });

  it('setKernels validates its argument', () => {
    expect(() => tg.setKernels('simd' as 'wasm')).toThrow(/setKernels: expected 'wasm' or 'js', got simd/);
    expect(tg.getKernels()).toBe('wasm');
  });
});
