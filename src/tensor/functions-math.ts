/**
 * @file `tg.` function forms of the elementwise, comparison, softmax and matrix ops.
 * Binary functions accept a JS number on either side.
 */
import { binary, compare } from '../ops/binary.js';
import { where as whereOp } from '../ops/indexing.js';
import type { TensorLike } from '../ops/record.js';
import type { Tensor } from './tensor.js';

/**
 * `a + b` with broadcasting.
 *
 * @example
 * ```ts
 * tg.add(tg.tensor([1, 2]), 1); // [2, 3]
 * ```
 */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);

/**
 * `a - b`.
 *
 * @example
 * ```ts
 * tg.sub(1, tg.tensor([1, 2])); // [0, -1]
 * ```
 */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);

/**
 * `a * b`.
 *
 * @example
 * ```ts
 * tg.mul(tg.tensor([1, 2]), 2); // [2, 4]
 * ```
 */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);

/**
 * `a / b` (true division).
 *
 * @example
 * ```ts
 * tg.div(1, tg.tensor([2, 4])); // [0.5, 0.25]
 * ```
 */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b);

/**
 * `aᵇ`.
 *
 * @example
 * ```ts
 * tg.pow(2, tg.tensor([1, 3])); // [2, 8]
 * ```
 */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b);

/**
 * Elementwise maximum.
 *
 * @example
 * ```ts
 * tg.maximum(tg.tensor([1, 4]), 2); // [2, 4]
 * ```
 */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b);

/**
 * Elementwise minimum.
 *
 * @example
 * ```ts
 * tg.minimum(tg.tensor([1, 4]), 2); // [1, 2]
 * ```
 */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b);

/**
 * `a == b`.
 *
 * @example
 * ```ts
 * tg.eq(tg.tensor([1, 2]), 1); // [true, false]
 * ```
 */
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare('eq', a, b);

/**
 * `a != b`.
 *
 * @example
 * ```ts
 * tg.ne(tg.tensor([1, 2]), 1); // [false, true]
 * ```
 */
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare('ne', a, b);

/**
 * `a < b`.
 *
 * @example
 * ```ts
 * tg.lt(tg.tensor([1, 2]), 2); // [true, false]
 * ```
 */
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare('lt', a, b);

/**
 * `a <= b`.
 *
 * @example
 * ```ts
 * tg.le(tg.tensor([1, 2]), 1); // [true, false]
 * ```
 */
export const le = (a: TensorLike, b: TensorLike): Tensor => compare('le', a, b);

/**
 * `a > b`.
 *
 * @example
 * ```ts
 * tg.gt(tg.tensor([1, 2]), 1); // [false, true]
 * ```
 */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare('gt', a, b);

/**
 * `a >= b`.
 *
 * @example
 * ```ts
 * tg.ge(tg.tensor([1, 2]), 2); // [false, true]
 * ```
 */
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare('ge', a, b);

/**
 * Logical and.
 *
 * @example
 * ```ts
 * tg.logicalAnd(tg.tensor([true, false]), tg.tensor([true, true])); // [true, false]
 * ```
 */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => compare('logicalAnd', a, b);

/**
 * Logical or.
 *
 * @example
 * ```ts
 * tg.logicalOr(tg.tensor([true, false]), tg.tensor([false, false])); // [true, false]
 * ```
 */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => compare('logicalOr', a, b);

/**
 * `condition ? a : b` with broadcasting.
 *
 * @example
 * ```ts
 * tg.where(tg.tensor([true, false]), tg.tensor([1, 2]), 0); // [1, 0]
 * ```
 */
export const where = (condition: Tensor, a: TensorLike, b: TensorLike): Tensor => whereOp(condition, a, b);

/**
 * Softmax along `dim`.
 *
 * @example
 * ```ts
 * tg.softmax(tg.zeros([2]), 0); // [0.5, 0.5]
 * ```
 */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);

/**
 * Log-softmax along `dim`.
 *
 * @example
 * ```ts
 * tg.logSoftmax(tg.zeros([2]), 0); // [-0.6931, -0.6931]
 * ```
 */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);

/**
 * Matrix product (`torch.matmul`).
 *
 * @example
 * ```ts
 * tg.matmul(tg.eye(2), tg.ones([2])); // [1, 1]
 * ```
 */
export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);

/**
 * Product of matrices.
 *
 * @example
 * ```ts
 * tg.mm(tg.eye(2), tg.eye(2));
 * ```
 */
export const mm = (a: Tensor, b: Tensor): Tensor => a.mm(b);

/**
 * Batched matrix product.
 *
 * @example
 * ```ts
 * tg.bmm(tg.ones([3, 2, 2]), tg.ones([3, 2, 2])).shape; // [3, 2, 2]
 * ```
 */
export const bmm = (a: Tensor, b: Tensor): Tensor => a.bmm(b);

/**
 * Inner product.
 *
 * @example
 * ```ts
 * tg.dot(tg.tensor([1, 2]), tg.tensor([3, 4])); // 11
 * ```
 */
export const dot = (a: Tensor, b: Tensor): Tensor => a.dot(b);

/**
 * Outer product.
 *
 * @example
 * ```ts
 * tg.outer(tg.tensor([1, 2]), tg.tensor([1, 2])); // [[1, 2], [2, 4]]
 * ```
 */
export const outer = (a: Tensor, b: Tensor): Tensor => a.outer(b);

