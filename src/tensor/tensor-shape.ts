/**
 * @file Shape, view, indexing, joining and conversion methods of `Tensor`.
 */
import type { DType } from '../core/dtype.js';
import { cast, clone } from '../ops/copy.js';
import { gather, scatter, scatterAdd } from '../ops/indexing.js';
import type { TensorLike } from '../ops/record.js';
import {
  chunk, flatten, indexSelect, narrow, pad, repeat, select, split, squeeze, transpose, unsqueeze, type PadMode,
} from '../ops/shaping.js';
import { expand, permute, reshape, slice, view } from '../ops/views.js';
import { TensorLinalg } from './tensor-linalg.js';
import type { Tensor } from './tensor.js';
import { isContiguous } from '../core/shape.js';

/** Options of `pad`. */
export interface PadOptions {
  /** `'constant'` (default), `'reflect'`, `'replicate'` or `'circular'`. */
  mode?: PadMode;
  /** Fill value of constant padding (default 0). */
  value?: number;
}

/** Shape and conversion methods of `Tensor`. */
export class TensorShape extends TensorLinalg {
  /**
   * A tensor with the same data and a new shape (a view when possible; one dim may be -1).
   *
   * @example
   * ```ts
   * tg.arange(6).reshape([2, 3]).shape; // [2, 3]
   * ```
   */
  reshape(shape: readonly number[]): Tensor { return reshape(this.self, shape); }

  /**
   * Like `reshape` but always a view; throws when the layout would need a copy.
   *
   * @example
   * ```ts
   * tg.arange(6).view([3, -1]).shape; // [3, 2]
   * ```
   */
  view(shape: readonly number[]): Tensor { return view(this.self, shape); }

  /**
   * Swaps two dims (a view).
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).transpose(0, 1).shape; // [3, 2]
   * ```
   */
  transpose(dim0: number, dim1: number): Tensor { return transpose(this.self, dim0, dim1); }

  /**
   * Reorders dims (a view).
   *
   * @example
   * ```ts
   * tg.zeros([2, 3, 4]).permute([2, 0, 1]).shape; // [4, 2, 3]
   * ```
   */
  permute(dims: readonly number[]): Tensor { return permute(this.self, dims); }

  /**
   * Removes size-1 dims (all, or the given ones).
   *
   * @example
   * ```ts
   * tg.zeros([1, 3, 1]).squeeze().shape; // [3]
   * ```
   */
  squeeze(dim?: number | readonly number[]): Tensor { return squeeze(this.self, dim); }

  /**
   * Inserts a size-1 dim.
   *
   * @example
   * ```ts
   * tg.zeros([3]).unsqueeze(0).shape; // [1, 3]
   * ```
   */
  unsqueeze(dim: number): Tensor { return unsqueeze(this.self, dim); }

  /**
   * Broadcasts to a larger shape without copying (-1 keeps a dim).
   *
   * @example
   * ```ts
   * tg.ones([3]).expand([2, 3]).shape; // [2, 3]
   * ```
   */
  expand(shape: readonly number[]): Tensor { return expand(this.self, shape); }

  /**
   * Broadcasts to `other`'s shape.
   *
   * @example
   * ```ts
   * tg.ones([3]).expandAs(tg.zeros([2, 3])).shape; // [2, 3]
   * ```
   */
  expandAs(other: Tensor): Tensor { return expand(this.self, other.shape); }

  /**
   * Merges dims `startDim..endDim`.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3, 4]).flatten(1).shape; // [2, 12]
   * ```
   */
  flatten(startDim = 0, endDim = -1): Tensor { return flatten(this.self, startDim, endDim); }

  /**
   * `length` entries from `start` along `dim` (a view).
   *
   * @example
   * ```ts
   * tg.arange(5).narrow(0, 1, 2); // [1, 2]
   * ```
   */
  narrow(dim: number, start: number, length: number): Tensor { return narrow(this.self, dim, start, length); }

  /**
   * Python's `x[start:end:step]` along `dim` (a view).
   *
   * @example
   * ```ts
   * tg.arange(6).slice(0, 1, 6, 2); // [1, 3, 5]
   * ```
   */
  slice(dim: number, start: number, end?: number, step = 1): Tensor { return slice(this.self, dim, start, end, step); }

  /**
   * The entry at `index` along `dim`, removing that dim (a view).
   *
   * @example
   * ```ts
   * tg.arange(6).reshape([2, 3]).select(0, 1); // [3, 4, 5]
   * ```
   */
  select(dim: number, index: number): Tensor { return select(this.self, dim, index); }

  /**
   * Entries at the int32 `index` along `dim`.
   *
   * @example
   * ```ts
   * tg.arange(4).indexSelect(0, tg.tensor([3, 0], { dtype: 'int32' })); // [3, 0]
   * ```
   */
  indexSelect(dim: number, index: Tensor): Tensor { return indexSelect(this.self, dim, index); }

  /**
   * Values at `index` along `dim` (output shaped like index).
   *
   * @example
   * ```ts
   * tg.tensor([[1, 2], [3, 4]]).gather(1, tg.tensor([[1], [0]], { dtype: 'int32' })); // [[2], [3]]
   * ```
   */
  gather(dim: number, index: Tensor): Tensor { return gather(this.self, dim, index); }

  /**
   * A copy with `src` written at `index` along `dim`.
   *
   * @example
   * ```ts
   * tg.zeros([3]).scatter(0, tg.tensor([1], { dtype: 'int32' }), 5); // [0, 5, 0]
   * ```
   */
  scatter(dim: number, index: Tensor, src: TensorLike): Tensor { return scatter(this.self, dim, index, src); }

  /**
   * A copy with `src` added at `index` along `dim`.
   *
   * @example
   * ```ts
   * tg.zeros([2]).scatterAdd(0, tg.tensor([1, 1], { dtype: 'int32' }), tg.ones([2])); // [0, 2]
   * ```
   */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return scatterAdd(this.self, dim, index, src); }

  /**
   * Pieces of `size` (or of the given sizes) along `dim`.
   *
   * @example
   * ```ts
   * tg.arange(5).split(2).length; // 3
   * ```
   */
  split(sizeOrSizes: number | readonly number[], dim = 0): Tensor[] { return split(this.self, sizeOrSizes, dim); }

  /**
   * `chunks` nearly equal pieces along `dim`.
   *
   * @example
   * ```ts
   * tg.arange(6).chunk(3).length; // 3
   * ```
   */
  chunk(chunks: number, dim = 0): Tensor[] { return chunk(this.self, chunks, dim); }

  /**
   * Tiles the tensor.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).repeat([2]); // [1, 2, 1, 2]
   * ```
   */
  repeat(repeats: readonly number[]): Tensor { return repeat(this.self, repeats); }

  /**
   * Pads with (before, after) pairs from the last dim.
   *
   * @example
   * ```ts
   * tg.ones([2]).pad([1, 1]); // [0, 1, 1, 0]
   * ```
   */
  pad(amounts: readonly number[], options: PadOptions = {}): Tensor { return pad(this.self, amounts, options.mode, options.value); }

  /**
   * This tensor if contiguous, else a contiguous copy.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).transpose(0, 1).contiguous().strides; // [2, 1]
   * ```
   */
  contiguous(): Tensor { return isContiguous(this.shape, this.strides) ? this.self : clone(this.self); }

  /**
   * A copy with its own storage (differentiable).
   *
   * @example
   * ```ts
   * tg.ones([2]).clone(); // [1, 1]
   * ```
   */
  clone(): Tensor { return clone(this.self); }

  /**
   * Converts to `dtype` (this tensor if it already has it).
   *
   * @example
   * ```ts
   * tg.tensor([1.5]).to('int32'); // [1]
   * ```
   */
  to(dtype: DType): Tensor { return cast(this.self, dtype); }

  /**
   * Converts to float32.
   *
   * @example
   * ```ts
   * tg.tensor([1], { dtype: 'int32' }).float().dtype; // 'float32'
   * ```
   */
  float(): Tensor { return cast(this.self, 'float32'); }

  /**
   * Converts to float64.
   *
   * @example
   * ```ts
   * tg.tensor([1]).double().dtype; // 'float64'
   * ```
   */
  double(): Tensor { return cast(this.self, 'float64'); }

  /**
   * Converts to int32 (truncating).
   *
   * @example
   * ```ts
   * tg.tensor([1.7]).int(); // [1]
   * ```
   */
  int(): Tensor { return cast(this.self, 'int32'); }

  /**
   * Converts to bool (nonzero is true).
   *
   * @example
   * ```ts
   * tg.tensor([0, 2]).bool(); // [false, true]
   * ```
   */
  bool(): Tensor { return cast(this.self, 'bool'); }
}
