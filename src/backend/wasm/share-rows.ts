/**
 * @file Handing part of a row-wise kernel's rows to a worker thread.
 *
 * A row-wise kernel (softmax, elementwise math: a row of one element) maps each row of a
 * row-major `rows × cols` float32 matrix to the same row of its output, independently of the
 * others, so any split of the rows gives bitwise the same result. For large inputs the last
 * rows are staged whole into the shared memory and computed by a worker while the calling
 * thread streams the first rows through its own (faster to copy) memory; the caller then
 * copies the worker's rows out. The caller does all the copying, so it keeps about half of
 * the rows: on this project's 2-core machine that split gave softmax [1024, 1000] 0.65 ms
 * against 1.0 ms on one thread (docs/performance.md).
 */
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { readyWorkers, runShared, runtimeFor, waitShared } from './threads.js';

/** Elements from which a worker takes a share of the rows (below, its start-up costs more than it saves). */
export const SHARE_MIN_ELEMENTS = 1 << 18;

/** Fraction of the rows the calling thread keeps. */
const CALLER_SHARE = 0.5;

/** The rows a worker took: the caller computes rows `[0, split)` itself, then calls `finish`. */
export interface RowShare {
  readonly split: number;
  /** Waits for the worker, copies its rows into the output and frees their scratch. */
  finish(): void;
}

/**
 * Hands rows `[split, rows)` of `src[srcOff…]` (row-major, `cols` floats a row) to a worker,
 * which runs the kernel export `fn(...args(x, y, count))` on them in place in the shared
 * memory (`x` = `y` = their byte offset there); `finish()` copies them to `out[outOff…]`.
 * Returns null (the caller computes every row) when the input is small, threads are off, or
 * no worker is ready yet.
 */
export function shareRows(rt: WasmRuntime, fn: string, args: (x: number, y: number, count: number) => number[],
  src: Float32Array, srcOff: number, rows: number, cols: number, out: Float32Array, outOff: number): RowShare | null {
  if (rows < 2 || rows * cols < SHARE_MIN_ELEMENTS) return null;
  const srt = runtimeFor(rt, true);
  if (srt === rt || readyWorkers(srt) === 0) return null;
  const split = Math.min(rows - 1, Math.max(1, Math.round(rows * CALLER_SHARE)));
  const first = split * cols, len = (rows - split) * cols;
  const m = mark(srt);
  const p = scratch(srt, len * 4);
  srt.f32.set(src.subarray(srcOff + first, srcOff + first + len), p >> 2);
  runShared([{ fn, args: args(p, p, rows - split), count: 1, steps: [] }]);
  return {
    split,
    finish(): void {
      try {
        waitShared(1);
        out.set(srt.f32.subarray(p >> 2, (p >> 2) + len), outOff + first);
      } finally {
        release(srt, m);
      }
    },
  };
}
