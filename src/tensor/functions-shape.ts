/**
 * @file `tg.` function forms of the shape, indexing, joining and conversion ops.
 */
import type { DType } from '../core/dtype.js';
import { cat as catOp } from '../ops/joining.js';
import { stack as stackOp } from '../ops/shaping.js';
import type { TensorLike } from '../ops/record.js';
import type { Tensor } from './tensor.js';
import type { PadOptions } from './tensor-shape.js';


/**
 * New shape (view when possible).
 *
 * @example
 * ```ts
 * tg.reshape(tg.arange(4), [2, 2]);
 * ```
 */
export const reshape = (x: Tensor, shape: readonly number[]): Tensor => x.reshape(shape);

/**
 * New shape as a view.
 *
 * @example
 * ```ts
 * tg.view(tg.arange(4), [2, 2]);
 * ```
 */
export const view = (x: Tensor, shape: readonly number[]): Tensor => x.view(shape);

/**
 * Swap two dims.
 *
 * @example
 * ```ts
 * tg.transpose(tg.zeros([2, 3]), 0, 1).shape; // [3, 2]
 * ```
 */
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => x.transpose(dim0, dim1);

/**
 * Reorder dims.
 *
 * @example
 * ```ts
 * tg.permute(tg.zeros([2, 3]), [1, 0]).shape; // [3, 2]
 * ```
 */
export const permute = (x: Tensor, dims: readonly number[]): Tensor => x.permute(dims);

/**
 * Remove size-1 dims.
 *
 * @example
 * ```ts
 * tg.squeeze(tg.zeros([1, 2])).shape; // [2]
 * ```
 */
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => x.squeeze(dim);

/**
 * Insert a size-1 dim.
 *
 * @example
 * ```ts
 * tg.unsqueeze(tg.zeros([2]), 1).shape; // [2, 1]
 * ```
 */
export const unsqueeze = (x: Tensor, dim: number): Tensor => x.unsqueeze(dim);

/**
 * Broadcast view.
 *
 * @example
 * ```ts
 * tg.expand(tg.ones([1]), [3]).shape; // [3]
 * ```
 */
export const expand = (x: Tensor, shape: readonly number[]): Tensor => x.expand(shape);

/**
 * Broadcast to another tensor's shape.
 *
 * @example
 * ```ts
 * tg.expandAs(tg.ones([1]), tg.zeros([3])).shape; // [3]
 * ```
 */
export const expandAs = (x: Tensor, other: Tensor): Tensor => x.expandAs(other);

/**
 * Merge dims.
 *
 * @example
 * ```ts
 * tg.flatten(tg.zeros([2, 3])).shape; // [6]
 * ```
 */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => x.flatten(startDim, endDim);

/**
 * A range along a dim (view).
 *
 * @example
 * ```ts
 * tg.narrow(tg.arange(5), 0, 1, 2); // [1, 2]
 * ```
 */
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => x.narrow(dim, start, length);

/**
 * `x[start:end:step]` along a dim (view).
 *
 * @example
 * ```ts
 * tg.slice(tg.arange(5), 0, 0, 5, 2); // [0, 2, 4]
 * ```
 */
export const slice = (x: Tensor, dim: number, start: number, end?: number, step = 1): Tensor => x.slice(dim, start, end, step);

/**
 * One entry along a dim, removing it.
 *
 * @example
 * ```ts
 * tg.select(tg.arange(3), 0, 2).item(); // 2
 * ```
 */
export const select = (x: Tensor, dim: number, index: number): Tensor => x.select(dim, index);

/**
 * Entries at `index` along a dim.
 *
 * @example
 * ```ts
 * tg.indexSelect(tg.arange(3), 0, tg.tensor([2], { dtype: 'int32' })); // [2]
 * ```
 */
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => x.indexSelect(dim, index);

/**
 * Values at `index` along a dim.
 *
 * @example
 * ```ts
 * tg.gather(tg.arange(3), 0, tg.tensor([2, 0], { dtype: 'int32' })); // [2, 0]
 * ```
 */
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => x.gather(dim, index);

/**
 * Write `src` at `index`.
 *
 * @example
 * ```ts
 * tg.scatter(tg.zeros([2]), 0, tg.tensor([0], { dtype: 'int32' }), 1); // [1, 0]
 * ```
 */
export const scatter = (x: Tensor, dim: number, index: Tensor, src: TensorLike): Tensor => x.scatter(dim, index, src);

/**
 * Add `src` at `index`.
 *
 * @example
 * ```ts
 * tg.scatterAdd(tg.zeros([2]), 0, tg.tensor([0, 0], { dtype: 'int32' }), tg.ones([2])); // [2, 0]
 * ```
 */
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => x.scatterAdd(dim, index, src);

/**
 * Concatenate along a dim.
 *
 * @example
 * ```ts
 * tg.cat([tg.ones([2]), tg.zeros([1])]); // [1, 1, 0]
 * ```
 */
export const cat = (tensors: readonly Tensor[], dim = 0): Tensor => catOp(tensors, dim);

/**
 * Stack along a new dim.
 *
 * @example
 * ```ts
 * tg.stack([tg.ones([2]), tg.zeros([2])]).shape; // [2, 2]
 * ```
 */
export const stack = (tensors: readonly Tensor[], dim = 0): Tensor => stackOp(tensors, dim);

/**
 * Split into pieces.
 *
 * @example
 * ```ts
 * tg.split(tg.arange(4), 2).length; // 2
 * ```
 */
export const split = (x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] => x.split(sizeOrSizes, dim);

/**
 * Split into `chunks` pieces.
 *
 * @example
 * ```ts
 * tg.chunk(tg.arange(4), 2).length; // 2
 * ```
 */
export const chunk = (x: Tensor, chunks: number, dim = 0): Tensor[] => x.chunk(chunks, dim);

/**
 * Tile.
 *
 * @example
 * ```ts
 * tg.repeat(tg.tensor([1, 2]), [2]); // [1, 2, 1, 2]
 * ```
 */
export const repeat = (x: Tensor, repeats: readonly number[]): Tensor => x.repeat(repeats);

/**
 * Pad (constant, reflect, replicate, circular).
 *
 * @example
 * ```ts
 * tg.pad(tg.ones([2]), [1, 0]); // [0, 1, 1]
 * ```
 */
export const pad = (x: Tensor, amounts: readonly number[], options: PadOptions = {}): Tensor => x.pad(amounts, options);

/**
 * Contiguous version.
 *
 * @example
 * ```ts
 * tg.contiguous(tg.zeros([2, 3]).transpose(0, 1));
 * ```
 */
export const contiguous = (x: Tensor): Tensor => x.contiguous();

/**
 * Copy.
 *
 * @example
 * ```ts
 * tg.clone(tg.ones([2]));
 * ```
 */
export const clone = (x: Tensor): Tensor => x.clone();

/**
 * Convert dtype.
 *
 * @example
 * ```ts
 * tg.to(tg.ones([2]), 'float64').dtype; // 'float64'
 * ```
 */
export const to = (x: Tensor, dtype: DType): Tensor => x.to(dtype);

/**
 * Convert to float32.
 *
 * @example
 * ```ts
 * tg.float(tg.arange(2)).dtype; // 'float32'
 * ```
 */
export const float = (x: Tensor): Tensor => x.float();

/**
 * Convert to float64.
 *
 * @example
 * ```ts
 * tg.double(tg.ones([1])).dtype; // 'float64'
 * ```
 */
export const double = (x: Tensor): Tensor => x.double();

/**
 * Convert to int32.
 *
 * @example
 * ```ts
 * tg.int(tg.tensor([1.5])); // [1]
 * ```
 */
export const int = (x: Tensor): Tensor => x.int();

/**
 * Convert to bool.
 *
 * @example
 * ```ts
 * tg.bool(tg.tensor([0, 3])); // [false, true]
 * ```
 */
export const bool = (x: Tensor): Tensor => x.bool();
