/**
 * @file `tg.` function forms of the reductions.
 */
import type { Dims } from '../ops/reduce.js';
import type { ValuesIndices, VarOptions } from '../ops/stats.js';
import type { Tensor } from './tensor.js';

/**
 * Sum over dims.
 *
 * @example
 * ```ts
 * tg.sum(tg.ones([2, 3]), 1); // [3, 3]
 * ```
 */
export const sum = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.sum(dim, keepdim);

/**
 * Mean over dims.
 *
 * @example
 * ```ts
 * tg.mean(tg.tensor([1, 3])); // 2
 * ```
 */
export const mean = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.mean(dim, keepdim);

/**
 * Product over dims.
 *
 * @example
 * ```ts
 * tg.prod(tg.tensor([2, 3])); // 6
 * ```
 */
export const prod = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.prod(dim, keepdim);

/**
 * Variance (unbiased by default).
 *
 * @example
 * ```ts
 * tg.var(tg.tensor([1, 3])); // 2
 * ```
 */
export const var_ = (x: Tensor, dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor => x.var(dim, keepdim, options);

/**
 * Standard deviation.
 *
 * @example
 * ```ts
 * tg.std(tg.tensor([1, 3])); // 1.4142
 * ```
 */
export const std = (x: Tensor, dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor => x.std(dim, keepdim, options);

/**
 * Stable log-sum-exp.
 *
 * @example
 * ```ts
 * tg.logsumexp(tg.zeros([2])); // 0.6931
 * ```
 */
export const logsumexp = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.logsumexp(dim, keepdim);

/**
 * p-norm.
 *
 * @example
 * ```ts
 * tg.norm(tg.tensor([3, 4])); // 5
 * ```
 */
export const norm = (x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor => x.norm(p, dim, keepdim);

/**
 * Index of the maximum.
 *
 * @example
 * ```ts
 * tg.argmax(tg.tensor([1, 3, 2])); // 1
 * ```
 */
export const argmax = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmax(dim, keepdim);

/**
 * Index of the minimum.
 *
 * @example
 * ```ts
 * tg.argmin(tg.tensor([1, 3, 2])); // 0
 * ```
 */
export const argmin = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmin(dim, keepdim);


/**
 * The largest element, `{ values, indices }` along `dim`, or the elementwise maximum with another tensor.
 *
 * @example
 * ```ts
 * tg.max(tg.tensor([[1, 5], [7, 2]]), 1).indices.toArray(); // [1, 0]
 * ```
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, arg?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (arg === undefined) return x.max();
  return typeof arg === 'number' ? x.max(arg, keepdim) : x.max(arg);
}


/**
 * The smallest element, `{ values, indices }` along `dim`, or the elementwise minimum.
 *
 * @example
 * ```ts
 * tg.min(tg.tensor([4, 2, 8])).item(); // 2
 * ```
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, arg?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (arg === undefined) return x.min();
  return typeof arg === 'number' ? x.min(arg, keepdim) : x.min(arg);
}
