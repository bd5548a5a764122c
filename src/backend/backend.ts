/**
 * @file The `Backend` interface: where tensor memory lives and the kernels that compute on
 * it. A backend knows nothing of autograd or `Tensor`; it sees storages and strided views.
 */
import type { DType, TypedArray } from '../core/dtype.js';

/** A block of memory owned by a backend, holding `size` elements of `dtype`. */
export interface Storage {
  readonly backend: Backend;
  readonly dtype: DType;
  readonly size: number;
  /** Bumped by every in-place write; autograd compares it to detect stale saved tensors. */
  version: number;
}

/** A strided view into a storage: element `[i0, i1, …]` lives at `offset + Σ ik·strides[k]`. */
export interface View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Elementwise kernels of one input. */
export type UnaryKernel =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid'
  | 'relu' | 'square' | 'reciprocal' | 'log1p' | 'expm1' | 'sign' | 'erf' | 'gelu' | 'logicalNot';

/** Elementwise kernels of two inputs (already broadcast to the output shape). */
export type BinaryKernel =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr';

/** Reductions over a set of dims. `argmax`/`argmin` take exactly one dim (or a flattened input). */
export type ReduceKernel = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

/**
 * Where the sliding blocks of `im2col` / `col2im` sit on a batch of images `[N, C, H, W]`.
 * Block `(i, j)` reads rows `i·stride[0] - padding[0] + a·dilation[0]` (a < kernel[0]) and the
 * matching columns; positions outside the image read `padValue` (and are skipped by `col2im`),
 * so padding after the image, and PyTorch's `ceilMode`, need nothing but a larger `blocks`.
 */
export interface Im2colGeometry {
  /** Image size `[H, W]`. */
  readonly size: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Padding before the first row and the first column. */
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Number of block positions `[oh, ow]`. */
  readonly blocks: readonly [number, number];
  /** What `im2col` reads outside the image: 0 for convolution, -Infinity for max pooling. */
  readonly padValue: number;
}

/**
 * What every backend implements. Outputs are new contiguous (row-major) storages unless
 * the kernel writes into a given view. Inputs of binary kernels, `where` and `matmul`'s batch
 * dims arrive already broadcast (stride-0 views), so kernels never broadcast themselves.
 */
export interface Backend {
  readonly name: string;
  /** A zero-filled storage. */
  alloc(dtype: DType, size: number): Storage;
  /** A storage adopting `data` (no copy). */
  fromArray(data: TypedArray): Storage;
  /** The view's elements in row-major order, as a new typed array (synchronous; CPU only). */
  read(view: View): TypedArray;
  /** The view's elements in row-major order, on every backend. */
  readAsync(view: View): Promise<TypedArray>;
  unary(op: UnaryKernel, x: View, outDtype: DType): Storage;
  binary(op: BinaryKernel, a: View, b: View, outDtype: DType): Storage;
  where(cond: View, a: View, b: View, outDtype: DType): Storage;
  /** Contiguous copy converting to `dtype` (bool conversion is `x != 0`). */
  cast(x: View, dtype: DType): Storage;
  /** Reduces `dims` (sorted) to size 1; the output keeps every dim. */
  reduce(op: ReduceKernel, x: View, dims: readonly number[], outDtype: DType): Storage;
  /** Softmax (or log-softmax) along `dim`, numerically stable. */
  softmax(x: View, dim: number, log: boolean): Storage;
  /**
   * The input gradient of `softmax(x, dim, log)` from its output `y` and output gradient `g`
   * (same shape): `y·(g − Σ g·y)`, or `g − exp(y)·Σ g` for log-softmax.
   */
  softmaxBackward(y: View, g: View, dim: number, log: boolean): Storage;
  /**
   * Cross-entropy of the rows of logits `x` `[N, C]` against int32 class indices `target`
   * `[N]`: `log Σ_c e^(x[r,c]) − x[r, t[r]]`, 0 for a target outside `[0, C)` (ignored).
   */
  crossEntropy(x: View, target: View): Storage;
  /** Its gradient from the per-row loss gradient `g` `[N]`: `g[r]·(softmax(x[r]) − onehot(t[r]))`. */
  crossEntropyBackward(x: View, target: View, g: View): Storage;
  /**
   * Batched product of `[…, M, K]` and `[…, K, N]` views with equal batch shapes; with
   * `sumBatch`, the sum of the products over the batch, `[M, N]` (a broadcast operand's gradient).
   */
  matmul(a: View, b: View, sumBatch?: boolean): Storage;
  /** Copies `src` (same shape as `dst`, possibly stride 0) into `dst`, converting dtype. */
  assign(dst: View, src: View): void;
  /** Writes `value` into every element of `dst`. */
  fill(dst: View, value: number): void;
  /** `out[…i…] = x[…index[…i…]…]` along `dim`; out has index's shape. */
  gather(x: View, dim: number, index: View): Storage;
  /** A copy of `x` with `src` written (or added) at `index` along `dim`. */
  scatter(x: View, dim: number, index: View, src: View, accumulate: boolean): Storage;
  /** Image patches as columns: `[N, C, H, W]` → `[N, C·kh·kw, oh·ow]` (row `(c, a, b)`, column `(i, j)`). */
  im2col(x: View, geometry: Im2colGeometry): Storage;
  /** The adjoint of `im2col`: `[N, C·kh·kw, oh·ow]` → `[N, C, H, W]`, summing overlapping blocks. */
  col2im(cols: View, geometry: Im2colGeometry): Storage;
  /**
   * Max pooling of `[N, C, H, W]` (any strides) with `geometry` (its `padValue` is ignored: positions
   * outside the image are never selected) → `[N, C, oh, ow]` maxima of x's dtype and int32 indices
   * into the flattened `H·W` plane (PyTorch's `return_indices`): the first maximum of each window in
   * row-major order, a NaN in the window winning as in PyTorch.
   */
  maxPool2d(x: View, geometry: Im2colGeometry): { values: Storage; indices: Storage };
  /** The adjoint of `maxPool2d`: zeros of `inputShape` `[N, C, H, W]` with `g` `[N, C, oh, ow]` added at the plane `indices`. */
  maxPool2dBackward(g: View, indices: View, inputShape: readonly [number, number, number, number]): Storage;
}
