/**
 * @file Running a fused float32 optimizer kernel on tensors that live in JS typed arrays: the
 * arrays are staged through WebAssembly scratch memory chunk by chunk (small enough to stay
 * in cache), the kernel updates the chunk in place, and the arrays it writes are copied back.
 */
import { mark, release, scratch, wasm, type WasmRuntime } from '../../backend/wasm/runtime.js';

/** Elements per staged chunk: 16 Ki floats, 64 KiB per array (≤ 320 KiB for Adam with AMSGrad). */
const CHUNK = 16384;

/**
 * Below this many elements the JS loop is used: a kernel call plus its copies costs more
 * than the few elements save.
 */
const MIN_WASM = 64;

/** One array a kernel reads (`read`) and/or updates (`write`), from element `offset` on. @internal */
export interface Staged {
  readonly data: Float32Array;
  readonly offset: number;
  readonly read: boolean;
  readonly write: boolean;
}

/**
 * The kernels for `n` float32 elements, or `null` when the JS loop should run instead
 * (WebAssembly switched off or unavailable, or too few elements to pay for the call).
 *
 * @internal
 */
export function kernelsFor(n: number): WasmRuntime | null {
  return n < MIN_WASM ? null : wasm();
}

/**
 * Runs `kernel(ptrs, len)` over `n` elements of `arrays`, chunk by chunk: `ptrs[k]` is the
 * byte offset in the kernels' memory where chunk elements of `arrays[k]` were staged (room
 * for `len` rounded up to a multiple of 4), `len` the elements in the chunk. Arrays marked
 * `read` are copied in before the call, arrays marked `write` copied back after it.
 *
 * @internal
 */
export function staged(rt: WasmRuntime, n: number, arrays: readonly Staged[], kernel: (ptrs: readonly number[], len: number) => void): void {
  const chunk = Math.min(CHUNK, (n + 3) & ~3);
  const m = mark(rt);
  try {
    const ptrs = arrays.map(() => scratch(rt, chunk * 4));
    // scratch may grow the memory, so the view is taken after the last call.
    const heap = rt.f32;
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      for (let k = 0; k < arrays.length; k++) {
        const a = arrays[k]!;
        if (a.read) heap.set(a.data.subarray(a.offset + start, a.offset + start + len), ptrs[k]! >> 2);
      }
      kernel(ptrs, len);
      for (let k = 0; k < arrays.length; k++) {
        const a = arrays[k]!;
        if (a.write) a.data.set(heap.subarray(ptrs[k]! >> 2, (ptrs[k]! >> 2) + len), a.offset + start);
      }
    }
  } finally {
    release(rt, m);
  }
}
