/**
 * @file 2-d pooling: `maxPool2d` checks its options and calls the max-pooling primitive
 * (src/ops/pool.ts, one kernel; the gradient goes to each window's first maximum, as in
 * PyTorch); `avgPool2d` unfolds the windows (im2col) and sums over them; `adaptiveAvgPool2d`
 * is two averaging matrix products. The last two have no backward of their own.
 */
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { maxPool2dWithIndices } from '../ops/pool.js';
import { requireFloat } from '../ops/record.js';
import type { ValuesIndices } from '../ops/stats.js';
import { pair, unfoldWith, type Im2colGeometry, type Pair } from '../ops/unfold.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `maxPool2d` (PyTorch's defaults: stride = kernelSize, padding 0, dilation 1, ceilMode false). */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Pair | null;
  /** Implicit -Infinity padding on both sides; at most half the kernel size. */
  padding?: Pair;
  dilation?: Pair;
  /** Round the output size up instead of down (windows may then overhang the input). */
  ceilMode?: boolean;
}

/** Options of `avgPool2d` (PyTorch's defaults: stride = kernelSize, padding 0, ceilMode false, countIncludePad true). */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Pair | null;
  /** Implicit zero padding on both sides; at most half the kernel size. */
  padding?: Pair;
  /** Round the output size up instead of down. */
  ceilMode?: boolean;
  /** Count the zero padding in each window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead. */
  divisorOverride?: number | null;
}

/** Output size of one pooled dim, PyTorch's `pooling_output_shape`. */
function pooledSize(op: string, x: Tensor, n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  if (p > Math.floor(k / 2)) {
    throw new TensorError(`${op}: padding ${p} should be at most half of the kernel size ${k} (input ${fmtShape(x.shape)})`);
  }
  let out = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  if (out < 1) {
    const span = d * (k - 1) + 1;
    throw new ShapeError(`${op}: kernel size ${k}${d > 1 ? ` (dilated to ${span})` : ''} is larger than the padded input size ${n + 2 * p} (input ${fmtShape(x.shape)}, padding ${p})`);
  }
  return out;
}

/** The batched input `[N, C, H, W]` (a 3-d input gets a batch of 1) and the window geometry. */
function windows(op: string, x: Tensor, kernelSize: Pair, stride: Pair | null | undefined, padding: Pair | undefined, dilation: Pair | undefined, ceil: boolean, padValue: number): { xb: Tensor; g: Im2colGeometry } {
  requireFloat(op, x);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${op}: expected a 4-d input [N, C, H, W] (or 3-d [C, H, W]), got ${fmtShape(x.shape)}`);
  const xb = x.ndim === 4 ? x : x.unsqueeze(0);
  const [H, W] = [xb.shape[2]!, xb.shape[3]!];
  const kernel = pair(op, 'kernelSize', kernelSize, 1);
  const s = pair(op, 'stride', stride ?? kernel, 1);
  const p = pair(op, 'padding', padding ?? 0, 0);
  const d = pair(op, 'dilation', dilation ?? 1, 1);
  const blocks: [number, number] = [
    pooledSize(op, x, H, kernel[0], s[0], p[0], d[0], ceil),
    pooledSize(op, x, W, kernel[1], s[1], p[1], d[1], ceil),
  ];
  return { xb, g: { size: [H, W], kernel, stride: s, padding: p, dilation: d, blocks, padValue } };
}

/** `[N, C, L]` window results as `[N, C, oh, ow]`, or `[C, oh, ow]` for an unbatched input. */
function finish(x: Tensor, y: Tensor, g: Im2colGeometry): Tensor {
  const out = y.reshape([y.shape[0]!, y.shape[1]!, g.blocks[0], g.blocks[1]]);
  return x.ndim === 4 ? out : out.squeeze(0);
}

/**
 * 2-d max pooling of `x` `[N, C, H, W]` (or `[C, H, W]`): the largest value of each window (a
 * NaN in the window wins); the gradient goes to the first maximum of each window, as in
 * PyTorch. With `returnIndices: true` it returns `{ values, indices }`, the indices (int32)
 * pointing into each flattened `H·W` input plane, like PyTorch's `return_indices=True`.
 *
 * @example
 * ```ts
 * const x = tg.arange(16).float().reshape([1, 1, 4, 4]);
 * tg.F.maxPool2d(x, 2); // [[[[5, 7], [13, 15]]]]
 * tg.F.maxPool2d(x, 3, { stride: 2, padding: 1 }).shape; // [1, 1, 2, 2]
 * tg.F.maxPool2d(x, 2, { returnIndices: true }).indices; // [[[[5, 7], [13, 15]]]] (int32)
 * ```
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, options: MaxPool2dOptions & { returnIndices: true }): ValuesIndices;
export function maxPool2d(x: Tensor, kernelSize: Pair, options?: MaxPool2dOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(x: Tensor, kernelSize: Pair, options: MaxPool2dOptions & { returnIndices: boolean }): Tensor | ValuesIndices;
export function maxPool2d(x: Tensor, kernelSize: Pair, options: MaxPool2dOptions & { returnIndices?: boolean } = {}): Tensor | ValuesIndices {
  const { xb, g } = windows('maxPool2d', x, kernelSize, options.stride, options.padding, options.dilation, options.ceilMode ?? false, -Infinity);
  const { values, indices } = maxPool2dWithIndices(xb, g);
  const unbatch = (t: Tensor): Tensor => (x.ndim === 4 ? t : t.squeeze(0));
  return options.returnIndices === true ? { values: unbatch(values), indices: unbatch(indices) } : unbatch(values);
}

/** PyTorch's avg_pool2d divisors along one dim: the window size within the padded input, and within the input. */
function windowCounts(n: number, out: number, k: number, s: number, p: number): { padded: number[]; inside: number[] } {
  const padded: number[] = [], inside: number[] = [];
  for (let i = 0; i < out; i++) {
    const start = i * s - p;
    const end = Math.min(start + k, n + p);
    padded.push(end - start);
    inside.push(Math.max(Math.min(end, n) - Math.max(start, 0), 0));
  }
  return { padded, inside };
}

/**
 * 2-d average pooling of `x` `[N, C, H, W]` (or `[C, H, W]`): the mean of each window, with
 * PyTorch's divisors (`countIncludePad`, `divisorOverride`, windows clipped by `ceilMode`).
 *
 * @example
 * ```ts
 * const x = tg.arange(16).float().reshape([1, 1, 4, 4]);
 * tg.F.avgPool2d(x, 2); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * tg.F.avgPool2d(x, 3, { stride: 1, padding: 1, countIncludePad: false }).shape; // [1, 1, 4, 4]
 * ```
 */
export function avgPool2d(x: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  const { xb, g } = windows(op, x, kernelSize, options.stride, options.padding, 1, options.ceilMode ?? false, 0);
  const [N, C] = xb.shape as [number, number];
  const [oh, ow] = g.blocks;
  const override = options.divisorOverride ?? null;
  if (override !== null && !(override !== 0 && Number.isFinite(override))) throw new TensorError(`${op}: divisorOverride must be a non-zero number, got ${override}`);
  const rows = windowCounts(g.size[0], oh, g.kernel[0], g.stride[0], g.padding[0]);
  const cols = windowCounts(g.size[1], ow, g.kernel[1], g.stride[1], g.padding[1]);
  const include = options.countIncludePad ?? true;
  const divisors = new Float64Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const count = include ? rows.padded[i]! * cols.padded[j]! : rows.inside[i]! * cols.inside[j]!;
      // A window wholly in the padding sums to 0; PyTorch gives 0 there, so any divisor but 0 does.
      divisors[i * ow + j] = override ?? (count === 0 ? 1 : count);
    }
  }
  const sums = unfoldWith(xb, g).reshape([N, C, g.kernel[0] * g.kernel[1], oh * ow]).sum(2);
  return finish(x, sums.div(tensor(divisors, { dtype: x.dtype })), g);
}

/** The `[out, n]` matrix averaging PyTorch's adaptive windows `[floor(i·n/out), ceil((i+1)·n/out))`. */
function adaptiveMatrix(n: number, out: number, dtype: Tensor['dtype']): Tensor {
  const m = new Float64Array(out * n);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out), end = Math.ceil(((i + 1) * n) / out);
    for (let k = start; k < end; k++) m[i * n + k] = 1 / (end - start);
  }
  return tensor(m, { dtype }).reshape([out, n]);
}

/**
 * 2-d adaptive average pooling of `x` `[N, C, H, W]` (or `[C, H, W]`) to `outputSize`
 * (`null` keeps that dim): output `(i, j)` is the mean over rows `[floor(i·H/oh), ceil((i+1)·H/oh))`
 * and the matching columns, as in PyTorch. Computed as two averaging matrix products.
 *
 * @example
 * ```ts
 * const x = tg.randn([2, 3, 7, 9]);
 * tg.F.adaptiveAvgPool2d(x, 1).shape; // [2, 3, 1, 1]
 * tg.F.adaptiveAvgPool2d(x, [4, null]).shape; // [2, 3, 4, 9]
 * ```
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  const op = 'adaptiveAvgPool2d';
  requireFloat(op, x);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${op}: expected a 4-d input [N, C, H, W] (or 3-d [C, H, W]), got ${fmtShape(x.shape)}`);
  const H = x.shape[x.ndim - 2]!, W = x.shape[x.ndim - 1]!;
  if (H === 0 || W === 0) throw new ShapeError(`${op}: expected non-empty spatial dims, got input ${fmtShape(x.shape)}`);
  const requested: [number | null, number | null] = typeof outputSize === 'number' ? [outputSize, outputSize] : [outputSize[0], outputSize[1]];
  const [oh, ow] = pair(op, 'outputSize', [requested[0] ?? H, requested[1] ?? W], 1);
  const rows = adaptiveMatrix(H, oh, x.dtype), cols = adaptiveMatrix(W, ow, x.dtype);
  return rows.matmul(x).matmul(cols.transpose(0, 1));
}
