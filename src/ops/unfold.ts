/**
 * @file Sliding blocks of images: `unfold` (im2col: every kernel-sized block of `[N, C, H, W]`
 * becomes a column of `[N, C·kh·kw, L]`, like `torch.nn.functional.unfold`) and its adjoint
 * `fold` (col2im: columns summed back into images, like `torch.nn.functional.fold`). Each is
 * the other's backward, so both are differentiable any number of times. Convolution and
 * pooling (`src/functional/`) are built on them.
 */
import type { Im2colGeometry } from '../backend/backend.js';
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

export type { Im2colGeometry } from '../backend/backend.js';

/** A value for both spatial dims, or one per dim `[h, w]`. */
export type Pair = number | readonly [number, number];

/** Options of `unfold` and `fold` (PyTorch's defaults: stride 1, padding 0, dilation 1). */
export interface UnfoldOptions {
  stride?: Pair;
  /** Zero padding on both sides of each spatial dim. */
  padding?: Pair;
  dilation?: Pair;
}

/** `v` as `[h, w]`, checked to be integers ≥ `min`; errors name the op and the argument. */
export function pair(op: string, name: string, v: Pair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if ((typeof v !== 'number' && v.length !== 2) || !p.every((k) => Number.isInteger(k) && k >= min)) {
    const got = typeof v === 'number' ? String(v) : `[${v.join(',')}]`;
    throw new TensorError(`${op}: ${name} must be an integer >= ${min} or a pair of them, got ${got}`);
  }
  return p;
}

/**
 * Number of block positions along one dim of size `size` padded by `before + after`, or a
 * ShapeError when the (dilated) kernel does not fit the padded input.
 */
export function blocksAlong(op: string, size: number, kernel: number, stride: number, before: number, after: number, dilation: number): number {
  const span = dilation * (kernel - 1) + 1;
  const padded = size + before + after;
  if (span > padded) {
    throw new ShapeError(`${op}: kernel size ${kernel}${dilation > 1 ? ` (dilated to ${span})` : ''} is larger than the padded input size ${padded} (${size} + padding ${before}+${after})`);
  }
  return Math.floor((padded - span) / stride) + 1;
}

/** The geometry of PyTorch's `unfold` / `fold` with symmetric zero padding on an `[H, W]` image. */
export function unfoldGeometry(op: string, size: readonly [number, number], kernelSize: Pair, o: UnfoldOptions = {}): Im2colGeometry {
  const kernel = pair(op, 'kernelSize', kernelSize, 1);
  const stride = pair(op, 'stride', o.stride ?? 1, 1);
  const padding = pair(op, 'padding', o.padding ?? 0, 0);
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  const blocks: [number, number] = [
    blocksAlong(op, size[0], kernel[0], stride[0], padding[0], padding[0], dilation[0]),
    blocksAlong(op, size[1], kernel[1], stride[1], padding[1], padding[1], dilation[1]),
  ];
  return { size: [size[0], size[1]], kernel, stride, padding, dilation, blocks, padValue: 0 };
}

const withZeroPad = (g: Im2colGeometry): Im2colGeometry => (g.padValue === 0 ? g : { ...g, padValue: 0 });

/** The primitive im2col: `[N, C, H, W]` → `[N, C·kh·kw, oh·ow]` with the given geometry. */
export function unfoldWith(x: Tensor, g: Im2colGeometry): Tensor {
  if (x.ndim !== 4 || x.shape[2] !== g.size[0] || x.shape[3] !== g.size[1]) {
    throw new ShapeError(`unfold: expected an input [N, C, ${g.size[0]}, ${g.size[1]}], got ${fmtShape(x.shape)}`);
  }
  const rows = x.shape[1]! * g.kernel[0] * g.kernel[1];
  const y = fromStorage(x.backend.im2col(x, g), [x.shape[0]!, rows, g.blocks[0] * g.blocks[1]]);
  const g0 = withZeroPad(g);
  // d unfold(x) = fold(dy): a pixel collects the gradient of every block entry copied from it.
  return record('UnfoldBackward', [x], y, ([dy]) => [foldWith(dy!, g0)]);
}

/** The primitive col2im: `[N, C·kh·kw, oh·ow]` → `[N, C, H, W]`, summing overlapping blocks. */
export function foldWith(cols: Tensor, g: Im2colGeometry): Tensor {
  const k = g.kernel[0] * g.kernel[1], L = g.blocks[0] * g.blocks[1];
  if (cols.ndim !== 3 || cols.shape[1]! % k !== 0 || cols.shape[2] !== L) {
    throw new ShapeError(
      `fold: expected columns [N, C·${g.kernel[0]}·${g.kernel[1]}, ${L}] (${g.blocks[0]}x${g.blocks[1]} blocks of kernel ${fmtShape(g.kernel)}), got ${fmtShape(cols.shape)}`,
    );
  }
  const shape = [cols.shape[0]!, cols.shape[1]! / k, g.size[0], g.size[1]];
  const g0 = withZeroPad(g);
  const y = fromStorage(cols.backend.col2im(cols, g0), shape);
  // d fold(cols) = unfold(dy): a block entry receives the gradient of the pixel it was added to (0 outside).
  return record('FoldBackward', [cols], y, ([dy]) => [unfoldWith(dy!, g0)]);
}

/**
 * Extracts sliding blocks like `torch.nn.functional.unfold`: `[N, C, H, W]` → `[N, C·kh·kw, L]`,
 * row `(c, a, b)` (c-major) holding kernel position `(a, b)` of channel `c`, column `l` the
 * `l`-th block in row-major order; padding reads zeros.
 *
 * @example
 * ```ts
 * const x = tg.arange(16).float().reshape([1, 1, 4, 4]);
 * tg.F.unfold(x, 2, { stride: 2 }); // [[[0, 2, 8, 10], [1, 3, 9, 11], [4, 6, 12, 14], [5, 7, 13, 15]]]
 * tg.F.unfold(tg.zeros([2, 3, 8, 8]), [3, 3], { padding: 1 }).shape; // [2, 27, 64]
 * ```
 */
export function unfold(x: Tensor, kernelSize: Pair, options: UnfoldOptions = {}): Tensor {
  if (x.ndim !== 4) throw new ShapeError(`unfold: expected a 4-d input [N, C, H, W], got ${fmtShape(x.shape)}`);
  return unfoldWith(x, unfoldGeometry('unfold', [x.shape[2]!, x.shape[3]!], kernelSize, options));
}

/**
 * Sums sliding blocks back into images like `torch.nn.functional.fold` (the adjoint of
 * `unfold`): `[N, C·kh·kw, L]` → `[N, C, ...outputSize]`; entries that fall on padding are dropped.
 *
 * @example
 * ```ts
 * const cols = tg.ones([1, 4, 9]); // 3x3 blocks of a 2x2 kernel
 * tg.F.fold(cols, [4, 4], 2); // counts how many blocks cover each pixel: [[[[1, 2, 2, 1], [2, 4, 4, 2], …]]]
 * ```
 */
export function fold(cols: Tensor, outputSize: Pair, kernelSize: Pair, options: UnfoldOptions = {}): Tensor {
  const size = pair('fold', 'outputSize', outputSize, 0);
  return foldWith(cols, unfoldGeometry('fold', size, kernelSize, options));
}
