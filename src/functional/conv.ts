/**
 * @file Convolutions as im2col + matrix product (DESIGN: "convolution as im2col + matrix
 * product"): `conv2d` unfolds the input into columns and multiplies by the flattened filters,
 * `convTranspose2d` multiplies and folds the columns back, `conv1d` is `conv2d` with a unit
 * height. No backward of their own: autograd differentiates unfold, fold and matmul.
 */
import { DTypeError, ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { requireFloat } from '../ops/record.js';
import { blocksAlong, foldWith, pair, unfoldWith, type Im2colGeometry, type Pair } from '../ops/unfold.js';
import type { Tensor } from '../tensor/tensor.js';

/** Padding of a convolution: zeros on both sides, or PyTorch's `'same'` / `'valid'`. */
export type ConvPadding = Pair | 'same' | 'valid';

/** Options of `conv2d` (PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1). */
export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, or `'valid'` (none) or `'same'` (output size = input size; stride 1 only). */
  padding?: ConvPadding;
  dilation?: Pair;
  /** Split the channels into this many groups, each convolved with its own filters. */
  groups?: number;
}

/** Options of `conv1d`: as `conv2d`, with single numbers. */
export interface Conv1dOptions {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
  groups?: number;
}

/** Options of `convTranspose2d` (PyTorch's defaults: stride 1, padding 0, outputPadding 0, groups 1, dilation 1). */
export interface ConvTranspose2dOptions {
  stride?: Pair;
  /** Rows and columns removed from both sides of the full output (`dilation·(k-1) - padding` zero padding in the equivalent convolution). */
  padding?: Pair;
  /** Extra rows and columns added to one side of the output (smaller than stride or dilation). */
  outputPadding?: Pair;
  groups?: number;
  dilation?: Pair;
}

function checkGroups(op: string, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1) throw new TensorError(`${op}: groups must be a positive integer, got ${groups}`);
}

/** Checks ranks, dtypes, channels, groups and bias; returns whether the input has a batch dim. */
function checkConv(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, groups: number, spatial: number, transposed: boolean): boolean {
  requireFloat(op, x);
  checkGroups(op, groups);
  const rank = spatial + 2;
  if (x.ndim !== rank && x.ndim !== rank - 1) {
    throw new ShapeError(`${op}: expected a ${rank}-d input [N, C, ${spatial === 2 ? 'H, W' : 'L'}] (or ${rank - 1}-d without batch), got ${fmtShape(x.shape)}`);
  }
  if (weight.ndim !== rank) {
    const layout = transposed ? 'inChannels, outChannels/groups' : 'outChannels, inChannels/groups';
    throw new ShapeError(`${op}: expected a ${rank}-d weight [${layout}, ${spatial === 2 ? 'kh, kw' : 'k'}], got ${fmtShape(weight.shape)}`);
  }
  if (weight.dtype !== x.dtype || (bias !== null && bias.dtype !== x.dtype)) {
    throw new DTypeError(`${op}: input, weight and bias must have one dtype, got ${x.dtype}, ${weight.dtype}${bias ? `, ${bias.dtype}` : ''}`);
  }
  const batched = x.ndim === rank;
  const C = x.shape[batched ? 1 : 0]!;
  const [w0, w1] = weight.shape as [number, number];
  if (transposed) {
    if (C !== w0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${C} channels but weight ${fmtShape(weight.shape)} expects ${w0} (weight.shape[0])`);
    if (C % groups !== 0) throw new ShapeError(`${op}: groups=${groups} must divide the input channels ${C} (input ${fmtShape(x.shape)})`);
  } else {
    if (w0 % groups !== 0) throw new ShapeError(`${op}: groups=${groups} must divide the output channels ${w0} (weight ${fmtShape(weight.shape)})`);
    if (C % groups !== 0) throw new ShapeError(`${op}: groups=${groups} must divide the input channels ${C} (input ${fmtShape(x.shape)})`);
    if (C !== w1 * groups) {
      throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${C} channels but weight ${fmtShape(weight.shape)} with groups=${groups} expects ${w1 * groups} (weight.shape[1]·groups)`);
    }
  }
  const outChannels = transposed ? w1 * groups : w0;
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new ShapeError(`${op}: expected a bias of shape [${outChannels}] (one per output channel), got ${fmtShape(bias.shape)}`);
  }
  return batched;
}

/** Padding before and after along one dim, for a kernel of `span = dilation·(k-1) + 1`. */
function padsAlong(op: string, padding: ConvPadding, dim: 0 | 1, kernel: number, dilation: number, stride: number): [number, number] {
  if (padding === 'valid') return [0, 0];
  if (padding === 'same') {
    if (stride !== 1) throw new TensorError(`${op}: padding='same' is not supported for strided convolutions (stride ${stride})`);
    const total = dilation * (kernel - 1);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  const p = pair(op, 'padding', padding, 0)[dim];
  return [p, p];
}

/** The convolution of a batched `[N, C, H, W]` input (checked by `checkConv`). */
function conv2dBatched(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, o: Conv2dOptions): Tensor {
  const groups = o.groups ?? 1;
  const [N, , H, W] = x.shape as [number, number, number, number];
  const [O, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const stride = pair(op, 'stride', o.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  const padding = o.padding ?? 0;
  const [top, bottom] = padsAlong(op, padding, 0, kh, dilation[0], stride[0]);
  const [left, right] = padsAlong(op, padding, 1, kw, dilation[1], stride[1]);
  let blocks: [number, number];
  try {
    blocks = [blocksAlong(op, H, kh, stride[0], top, bottom, dilation[0]), blocksAlong(op, W, kw, stride[1], left, right, dilation[1])];
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(`${e.message}; input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}`);
  }
  const g: Im2colGeometry = { size: [H, W], kernel: [kh, kw], stride, padding: [top, left], dilation, blocks, padValue: 0 };
  const K = Cg * kh * kw, L = blocks[0] * blocks[1];
  const cols = unfoldWith(x, g); // [N, C·kh·kw, L]
  let out = groups === 1
    ? weight.reshape([O, K]).matmul(cols)
    : weight.reshape([groups, O / groups, K]).matmul(cols.reshape([N, groups, K, L])).reshape([N, O, L]);
  if (bias !== null) out = out.add(bias.reshape([O, 1]));
  return out.reshape([N, O, blocks[0], blocks[1]]);
}

/**
 * 2-d convolution (cross-correlation, as in PyTorch) of `x` `[N, C, H, W]` (or `[C, H, W]`)
 * with filters `weight` `[O, C/groups, kh, kw]` and optional `bias` `[O]`; gives
 * `[N, O, oh, ow]` with `oh = floor((H + 2·padding - dilation·(kh-1) - 1) / stride) + 1`.
 * Computed as im2col + one matrix product per group.
 *
 * @example
 * ```ts
 * const x = tg.randn([1, 3, 8, 8]);
 * const w = tg.randn([4, 3, 3, 3]);
 * tg.F.conv2d(x, w, null, { padding: 1 }).shape; // [1, 4, 8, 8]
 * tg.F.conv2d(x, w, tg.zeros([4]), { stride: 2 }).shape; // [1, 4, 3, 3]
 * ```
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const batched = checkConv('conv2d', x, weight, bias, options.groups ?? 1, 2, false);
  const out = conv2dBatched('conv2d', batched ? x : x.unsqueeze(0), weight, bias, options);
  return batched ? out : out.squeeze(0);
}

/**
 * 1-d convolution of `x` `[N, C, L]` (or `[C, L]`) with `weight` `[O, C/groups, k]` and
 * optional `bias` `[O]`: `conv2d` over a unit height.
 *
 * @example
 * ```ts
 * const x = tg.randn([2, 4, 10]);
 * tg.F.conv1d(x, tg.randn([6, 4, 3]), null, { padding: 'same' }).shape; // [2, 6, 10]
 * ```
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv1dOptions = {}): Tensor {
  const op = 'conv1d';
  const batched = checkConv(op, x, weight, bias, options.groups ?? 1, 1, false);
  const p = options.padding ?? 0;
  const opts: Conv2dOptions = {
    stride: [1, pair(op, 'stride', options.stride ?? 1, 1)[0]],
    padding: typeof p === 'string' ? p : [0, pair(op, 'padding', p, 0)[0]],
    dilation: [1, pair(op, 'dilation', options.dilation ?? 1, 1)[0]],
    groups: options.groups ?? 1,
  };
  const x4 = (batched ? x : x.unsqueeze(0)).unsqueeze(2);
  const out = conv2dBatched(op, x4, weight.unsqueeze(2), bias, opts).squeeze(2);
  return batched ? out : out.squeeze(0);
}

/**
 * 2-d transposed convolution (the gradient of `conv2d` with respect to its input) of `x`
 * `[N, Cin, H, W]` (or `[Cin, H, W]`) with `weight` `[Cin, Cout/groups, kh, kw]` and optional
 * `bias` `[Cout]`; gives `[N, Cout, oh, ow]` with
 * `oh = (H-1)·stride - 2·padding + dilation·(kh-1) + outputPadding + 1`. Computed as one matrix
 * product per group and a fold (col2im).
 *
 * @example
 * ```ts
 * const x = tg.randn([1, 4, 5, 5]);
 * tg.F.convTranspose2d(x, tg.randn([4, 2, 3, 3]), null, { stride: 2, padding: 1, outputPadding: 1 }).shape; // [1, 2, 10, 10]
 * ```
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  const groups = options.groups ?? 1;
  const batched = checkConv(op, x, weight, bias, groups, 2, true);
  const xb = batched ? x : x.unsqueeze(0);
  const [N, Cin, H, W] = xb.shape as [number, number, number, number];
  const [, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const stride = pair(op, 'stride', options.stride ?? 1, 1);
  const padding = pair(op, 'padding', options.padding ?? 0, 0);
  const dilation = pair(op, 'dilation', options.dilation ?? 1, 1);
  const outPad = pair(op, 'outputPadding', options.outputPadding ?? 0, 0);
  for (const d of [0, 1] as const) {
    if (outPad[d] >= stride[d] && outPad[d] >= dilation[d]) {
      throw new TensorError(`${op}: outputPadding ${outPad[d]} must be smaller than either stride ${stride[d]} or dilation ${dilation[d]}`);
    }
  }
  const size = [0, 1].map((d) => {
    const n = [H, W][d]!, k = [kh, kw][d]!;
    return (n - 1) * stride[d]! - 2 * padding[d]! + dilation[d]! * (k - 1) + outPad[d]! + 1;
  }) as [number, number];
  if (size[0] < 1 || size[1] < 1) {
    throw new ShapeError(`${op}: output size ${fmtShape(size)} is too small (input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}, padding ${fmtShape(padding)})`);
  }
  const Cout = Cg * groups, Kc = Cg * kh * kw;
  const g: Im2colGeometry = { size, kernel: [kh, kw], stride, padding, dilation, blocks: [H, W], padValue: 0 };
  // Column (i, j) of the result holds every output contribution of input pixel (i, j).
  const cols = weight
    .reshape([groups, Cin / groups, Kc])
    .transpose(1, 2)
    .matmul(xb.reshape([N, groups, Cin / groups, H * W]))
    .reshape([N, Cout * kh * kw, H * W]);
  let out = foldWith(cols, g);
  if (bias !== null) out = out.add(bias.reshape([Cout, 1, 1]));
  return batched ? out : out.squeeze(0);
}
