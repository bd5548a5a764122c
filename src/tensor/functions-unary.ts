/**
 * @file `tg.` function forms of the elementwise ops of one tensor.
 */
import type { Tensor } from './tensor.js';

/**
 * Logical not.
 *
 * @example
 * ```ts
 * tg.logicalNot(tg.tensor([true])); // [false]
 * ```
 */
export const logicalNot = (x: Tensor): Tensor => x.logicalNot();

/**
 * `-x`.
 *
 * @example
 * ```ts
 * tg.neg(tg.tensor([1])); // [-1]
 * ```
 */
export const neg = (x: Tensor): Tensor => x.neg();

/**
 * `eˣ`.
 *
 * @example
 * ```ts
 * tg.exp(tg.tensor([0])); // [1]
 * ```
 */
export const exp = (x: Tensor): Tensor => x.exp();

/**
 * Natural log.
 *
 * @example
 * ```ts
 * tg.log(tg.tensor([1])); // [0]
 * ```
 */
export const log = (x: Tensor): Tensor => x.log();

/**
 * Square root.
 *
 * @example
 * ```ts
 * tg.sqrt(tg.tensor([9])); // [3]
 * ```
 */
export const sqrt = (x: Tensor): Tensor => x.sqrt();

/**
 * `1/√x`.
 *
 * @example
 * ```ts
 * tg.rsqrt(tg.tensor([4])); // [0.5]
 * ```
 */
export const rsqrt = (x: Tensor): Tensor => x.rsqrt();

/**
 * `|x|`.
 *
 * @example
 * ```ts
 * tg.abs(tg.tensor([-1])); // [1]
 * ```
 */
export const abs = (x: Tensor): Tensor => x.abs();

/**
 * Sine.
 *
 * @example
 * ```ts
 * tg.sin(tg.tensor([0])); // [0]
 * ```
 */
export const sin = (x: Tensor): Tensor => x.sin();

/**
 * Cosine.
 *
 * @example
 * ```ts
 * tg.cos(tg.tensor([0])); // [1]
 * ```
 */
export const cos = (x: Tensor): Tensor => x.cos();

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tg.tanh(tg.tensor([0])); // [0]
 * ```
 */
export const tanh = (x: Tensor): Tensor => x.tanh();

/**
 * Logistic sigmoid.
 *
 * @example
 * ```ts
 * tg.sigmoid(tg.tensor([0])); // [0.5]
 * ```
 */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();

/**
 * `max(x, 0)`.
 *
 * @example
 * ```ts
 * tg.relu(tg.tensor([-1, 1])); // [0, 1]
 * ```
 */
export const relu = (x: Tensor): Tensor => x.relu();

/**
 * `x²`.
 *
 * @example
 * ```ts
 * tg.square(tg.tensor([3])); // [9]
 * ```
 */
export const square = (x: Tensor): Tensor => x.square();

/**
 * `1/x`.
 *
 * @example
 * ```ts
 * tg.reciprocal(tg.tensor([2])); // [0.5]
 * ```
 */
export const reciprocal = (x: Tensor): Tensor => x.reciprocal();

/**
 * `log(1 + x)`.
 *
 * @example
 * ```ts
 * tg.log1p(tg.tensor([0])); // [0]
 * ```
 */
export const log1p = (x: Tensor): Tensor => x.log1p();

/**
 * `eˣ - 1`.
 *
 * @example
 * ```ts
 * tg.expm1(tg.tensor([0])); // [0]
 * ```
 */
export const expm1 = (x: Tensor): Tensor => x.expm1();

/**
 * Sign.
 *
 * @example
 * ```ts
 * tg.sign(tg.tensor([-2])); // [-1]
 * ```
 */
export const sign = (x: Tensor): Tensor => x.sign();

/**
 * Clamp to `[min, max]`.
 *
 * @example
 * ```ts
 * tg.clamp(tg.tensor([5]), 0, 1); // [1]
 * ```
 */
export const clamp = (x: Tensor, min?: number, max?: number): Tensor => x.clamp(min, max);

/**
 * The error function.
 *
 * @example
 * ```ts
 * tg.erf(tg.tensor([0, 1])); // [0, 0.8427]
 * ```
 */
export const erf = (x: Tensor): Tensor => x.erf();
