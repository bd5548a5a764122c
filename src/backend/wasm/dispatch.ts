/**
 * @file Which CPU-backend calls go to the WebAssembly math and row kernels: float32 views laid
 * out the way a kernel reads them (contiguous; softmax and reductions along the last dim, or
 * sums over leading dims). Each function returns null when the call is not such a case, and
 * the CPU backend then runs its TypeScript loop.
 */
import { isContiguous, sizeOf } from '../../core/shape.js';
import type { DType } from '../../core/dtype.js';
import type { ReduceKernel, UnaryKernel, View } from '../backend.js';
import type { CpuStorage } from '../cpu/storage.js';
import {
  wasmArgmaxRowsF32, wasmCrossEntropyRowsBackwardF32, wasmCrossEntropyRowsF32, wasmMaxRowsF32, wasmSoftmaxRowsBackwardF32, wasmSoftmaxRowsF32, wasmSumColsF32, wasmSumRowsF32, wasmUnaryF32,
  type WasmUnaryOp,
} from './elementwise.js';
import type { WasmRuntime } from './runtime.js';
import { outputF32, outputI32 } from './output.js';

/** Below this many elements the TypeScript loops win (one kernel call and its staging cost ~0.2 µs). */
const MIN_ELEMENTS = 64;

const MATH: ReadonlySet<UnaryKernel> = new Set<UnaryKernel>(['exp', 'log', 'tanh', 'sigmoid', 'erf', 'gelu']);

/** Whether `v` is row-major contiguous (size-1 dims may have any stride). */
const contiguous = (v: View): boolean => isContiguous(v.shape, v.strides);

const f32 = (v: View): Float32Array => (v.storage as CpuStorage).data as Float32Array;

/** exp, log, tanh, sigmoid, erf or exact GELU of a contiguous float32 view. */
export function wasmUnaryMath(rt: WasmRuntime, op: UnaryKernel, x: View, outDtype: DType): Float32Array | null {
  if (!MATH.has(op) || x.storage.dtype !== 'float32' || outDtype !== 'float32' || !contiguous(x)) return null;
  const n = sizeOf(x.shape);
  if (n < MIN_ELEMENTS) return null;
  const out = outputF32(n);
  wasmUnaryF32(rt, op as WasmUnaryOp, f32(x), x.offset, n, out, 0);
  return out;
}

/** Softmax / log-softmax along the last dim of a contiguous float32 view. */
export function wasmSoftmax(rt: WasmRuntime, x: View, dim: number, log: boolean): Float32Array | null {
  if (x.storage.dtype !== 'float32' || dim !== x.shape.length - 1 || !contiguous(x)) return null;
  const n = sizeOf(x.shape), cols = x.shape[dim]!;
  if (n < MIN_ELEMENTS || cols === 0) return null;
  const out = outputF32(n);
  wasmSoftmaxRowsF32(rt, f32(x), x.offset, n / cols, cols, out, log);
  return out;
}

/** The softmax / log-softmax gradient along the last dim, for contiguous float32 `y` and `g`. */
export function wasmSoftmaxBackward(rt: WasmRuntime, y: View, g: View, dim: number, log: boolean): Float32Array | null {
  if (y.storage.dtype !== 'float32' || g.storage.dtype !== 'float32' || dim !== y.shape.length - 1 || !contiguous(y) || !contiguous(g)) return null;
  const n = sizeOf(y.shape), cols = y.shape[dim]!;
  if (n < MIN_ELEMENTS || cols === 0) return null;
  const out = outputF32(n);
  wasmSoftmaxRowsBackwardF32(rt, f32(y), y.offset, f32(g), g.offset, n / cols, cols, out, log);
  return out;
}

/**
 * sum / max / argmax of a contiguous float32 view over its trailing dims (rows), or sum over
 * its leading dims (columns, as for a bias gradient).
 */
export function wasmReduce(rt: WasmRuntime, op: ReduceKernel, x: View, dims: readonly number[], outDtype: DType): Float32Array | Int32Array | null {
  if (x.storage.dtype !== 'float32' || !contiguous(x)) return null;
  const nd = x.shape.length, n = sizeOf(x.shape);
  if (n < MIN_ELEMENTS || dims.length === 0) return null;
  const gap = dims.findIndex((d, i) => i > 0 && d !== dims[i - 1]! + 1);
  if (gap !== -1) return op === 'sum' && outDtype === 'float32' ? sumLeadingAndTrailing(rt, x, dims, gap) : null;
  const first = dims[0]!, last = dims[dims.length - 1]!;
  const inner = sizeOf(x.shape.slice(first, last + 1));
  if (inner === 0) return null;
  if (last === nd - 1) { // trailing dims: one row per kept element
    const rows = n / inner;
    if (op === 'sum' && outDtype === 'float32') {
      const out = outputF32(rows);
      wasmSumRowsF32(rt, f32(x), x.offset, rows, inner, out);
      return out;
    }
    if (op === 'max' && outDtype === 'float32') {
      const out = outputF32(rows);
      wasmMaxRowsF32(rt, f32(x), x.offset, rows, inner, out);
      return out;
    }
    if (op === 'argmax' && outDtype === 'int32') {
      const out = outputI32(rows);
      wasmArgmaxRowsF32(rt, f32(x), x.offset, rows, inner, out);
      return out;
    }
    return null;
  }
  if (first === 0 && op === 'sum' && outDtype === 'float32') { // leading dims: sum of rows
    const cols = n / inner;
    const out = outputF32(cols);
    wasmSumColsF32(rt, f32(x), x.offset, inner, cols, out);
    return out;
  }
  return null;
}

/** Cross-entropy rows of contiguous float32 logits `[N, C]` against contiguous int32 targets. */
export function wasmCrossEntropy(rt: WasmRuntime, x: View, target: View): Float32Array | null {
  if (x.storage.dtype !== 'float32' || !contiguous(x) || !contiguous(target) || sizeOf(x.shape) < MIN_ELEMENTS) return null;
  const [N, C] = x.shape as [number, number];
  const out = outputF32(N);
  wasmCrossEntropyRowsF32(rt, f32(x), x.offset, (target.storage as CpuStorage).data as Int32Array, target.offset, N, C, out);
  return out;
}

/** The cross-entropy gradient for contiguous float32 logits, int32 targets and float32 `g` `[N]`. */
export function wasmCrossEntropyBackward(rt: WasmRuntime, x: View, target: View, g: View): Float32Array | null {
  if (x.storage.dtype !== 'float32' || g.storage.dtype !== 'float32' || !contiguous(x) || !contiguous(target) || !contiguous(g)) return null;
  if (sizeOf(x.shape) < MIN_ELEMENTS) return null;
  const [N, C] = x.shape as [number, number];
  const out = outputF32(N * C);
  wasmCrossEntropyRowsBackwardF32(rt, f32(x), x.offset, (target.storage as CpuStorage).data as Int32Array, target.offset, f32(g), g.offset, N, C, out);
  return out;
}

/**
 * Sum over leading dims `[0, k)` and trailing dims `[j, nd)` at once (a convolution's bias
 * gradient, `[N, O, L]` over N and L): rows first, then columns of the row sums.
 */
function sumLeadingAndTrailing(rt: WasmRuntime, x: View, dims: readonly number[], gap: number): Float32Array | null {
  const nd = x.shape.length;
  const lead = dims.slice(0, gap), trail = dims.slice(gap);
  for (let i = 1; i < trail.length; i++) if (trail[i] !== trail[i - 1]! + 1) return null;
  if (lead[0] !== 0 || trail[trail.length - 1] !== nd - 1) return null;
  const outer = sizeOf(x.shape.slice(0, lead.length)), inner = sizeOf(x.shape.slice(trail[0]!));
  const middle = sizeOf(x.shape) / (outer * inner);
  if (inner === 0 || middle === 0) return null;
  const rowSums = outputF32(outer * middle);
  wasmSumRowsF32(rt, f32(x), x.offset, outer * middle, inner, rowSums);
  const out = outputF32(middle);
  wasmSumColsF32(rt, rowSums, 0, outer, middle, out);
  return out;
}
