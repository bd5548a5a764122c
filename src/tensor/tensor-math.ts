/**
 * @file Elementwise math and comparisons as `Tensor` methods.
 * Each method calls its op in `src/ops/`; see there for the forward and backward.
 */
import { binary, compare } from '../ops/binary.js';
import { clamp } from '../ops/copy.js';
import { where } from '../ops/indexing.js';
import type { TensorLike } from '../ops/record.js';
import { logicalNot, unary } from '../ops/unary.js';
import { TensorBase } from './tensor-base.js';
import type { Tensor } from './tensor.js';

/** Options of `add` and `sub`. */
export interface AlphaOptions {
  /** Multiplier of `other`: `this + alpha * other` (default 1). */
  alpha?: number;
}

/** `alpha * other` (no op for alpha 1). */
export function scaled(other: TensorLike, alpha = 1): TensorLike {
  if (alpha === 1) return other;
  return typeof other === 'number' ? other * alpha : binary('mul', other, alpha);
}

/** Math methods of `Tensor`. */
export class TensorMath extends TensorBase {
  /**
   * Elementwise `this + alpha * other` with broadcasting.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).add(1); // [2, 3]
   * tg.tensor([1, 2]).add(tg.ones([2]), { alpha: 10 }); // [11, 12]
   * ```
   */
  add(other: TensorLike, options: AlphaOptions = {}): Tensor { return binary('add', this.self, scaled(other, options.alpha)); }

  /**
   * Elementwise `this - other`.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).sub(1); // [0, 1]
   * ```
   */
  sub(other: TensorLike, options: AlphaOptions = {}): Tensor { return binary('sub', this.self, scaled(other, options.alpha)); }

  /**
   * Elementwise `this * other`.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).mul(3); // [3, 6]
   * ```
   */
  mul(other: TensorLike): Tensor { return binary('mul', this.self, other); }

  /**
   * Elementwise true division (ints give float32).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).div(4); // [0.25, 0.5]
   * ```
   */
  div(other: TensorLike): Tensor { return binary('div', this.self, other); }

  /**
   * Elementwise power.
   *
   * @example
   * ```ts
   * tg.tensor([2, 3]).pow(2); // [4, 9]
   * ```
   */
  pow(exponent: TensorLike): Tensor { return binary('pow', this.self, exponent); }

  /**
   * Elementwise maximum of two tensors (ties share the gradient).
   *
   * @example
   * ```ts
   * tg.tensor([1, 5]).maximum(tg.tensor([3, 2])); // [3, 5]
   * ```
   */
  maximum(other: TensorLike): Tensor { return binary('maximum', this.self, other); }

  /**
   * Elementwise minimum of two tensors.
   *
   * @example
   * ```ts
   * tg.tensor([1, 5]).minimum(tg.tensor([3, 2])); // [1, 2]
   * ```
   */
  minimum(other: TensorLike): Tensor { return binary('minimum', this.self, other); }

  /**
   * `-this`.
   *
   * @example
   * ```ts
   * tg.tensor([1, -2]).neg(); // [-1, 2]
   * ```
   */
  neg(): Tensor { return unary('neg', this.self); }

  /**
   * `eˣ`.
   *
   * @example
   * ```ts
   * tg.tensor([0]).exp(); // [1]
   * ```
   */
  exp(): Tensor { return unary('exp', this.self); }

  /**
   * Natural logarithm.
   *
   * @example
   * ```ts
   * tg.tensor([1]).log(); // [0]
   * ```
   */
  log(): Tensor { return unary('log', this.self); }

  /**
   * Square root.
   *
   * @example
   * ```ts
   * tg.tensor([4]).sqrt(); // [2]
   * ```
   */
  sqrt(): Tensor { return unary('sqrt', this.self); }

  /**
   * `1/√x`.
   *
   * @example
   * ```ts
   * tg.tensor([4]).rsqrt(); // [0.5]
   * ```
   */
  rsqrt(): Tensor { return unary('rsqrt', this.self); }

  /**
   * Absolute value.
   *
   * @example
   * ```ts
   * tg.tensor([-2]).abs(); // [2]
   * ```
   */
  abs(): Tensor { return unary('abs', this.self); }

  /**
   * Sine.
   *
   * @example
   * ```ts
   * tg.tensor([0]).sin(); // [0]
   * ```
   */
  sin(): Tensor { return unary('sin', this.self); }

  /**
   * Cosine.
   *
   * @example
   * ```ts
   * tg.tensor([0]).cos(); // [1]
   * ```
   */
  cos(): Tensor { return unary('cos', this.self); }

  /**
   * Hyperbolic tangent.
   *
   * @example
   * ```ts
   * tg.tensor([0]).tanh(); // [0]
   * ```
   */
  tanh(): Tensor { return unary('tanh', this.self); }

  /**
   * Logistic sigmoid `1/(1+e⁻ˣ)`.
   *
   * @example
   * ```ts
   * tg.tensor([0]).sigmoid(); // [0.5]
   * ```
   */
  sigmoid(): Tensor { return unary('sigmoid', this.self); }

  /**
   * `max(x, 0)`.
   *
   * @example
   * ```ts
   * tg.tensor([-1, 2]).relu(); // [0, 2]
   * ```
   */
  relu(): Tensor { return unary('relu', this.self); }

  /**
   * `x²`.
   *
   * @example
   * ```ts
   * tg.tensor([3]).square(); // [9]
   * ```
   */
  square(): Tensor { return unary('square', this.self); }

  /**
   * `1/x`.
   *
   * @example
   * ```ts
   * tg.tensor([4]).reciprocal(); // [0.25]
   * ```
   */
  reciprocal(): Tensor { return unary('reciprocal', this.self); }

  /**
   * `log(1 + x)`, accurate for small x.
   *
   * @example
   * ```ts
   * tg.tensor([0]).log1p(); // [0]
   * ```
   */
  log1p(): Tensor { return unary('log1p', this.self); }

  /**
   * `eˣ - 1`, accurate for small x.
   *
   * @example
   * ```ts
   * tg.tensor([0]).expm1(); // [0]
   * ```
   */
  expm1(): Tensor { return unary('expm1', this.self); }

  /**
   * -1, 0 or 1 by sign.
   *
   * @example
   * ```ts
   * tg.tensor([-3, 0, 2]).sign(); // [-1, 0, 1]
   * ```
   */
  sign(): Tensor { return unary('sign', this.self); }

  /**
   * The error function `2/√π ∫₀ˣ exp(-t²) dt`.
   *
   * @example
   * ```ts
   * tg.tensor([0, 1]).erf(); // [0, 0.8427]
   * ```
   */
  erf(): Tensor { return unary('erf', this.self); }

  /**
   * Limits values to `[min, max]`.
   *
   * @example
   * ```ts
   * tg.tensor([-1, 5]).clamp(0, 1); // [0, 1]
   * ```
   */
  clamp(min?: number, max?: number): Tensor { return clamp(this.self, min, max); }

  /**
   * `condition ? this : other`, elementwise.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).where(tg.tensor([true, false]), 0); // [1, 0]
   * ```
   */
  where(condition: Tensor, other: TensorLike): Tensor { return where(condition, this.self, other); }

  /**
   * `this == other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).eq(2); // [false, true]
   * ```
   */
  eq(other: TensorLike): Tensor { return compare('eq', this.self, other); }

  /**
   * `this != other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).ne(2); // [true, false]
   * ```
   */
  ne(other: TensorLike): Tensor { return compare('ne', this.self, other); }

  /**
   * `this < other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).lt(2); // [true, false]
   * ```
   */
  lt(other: TensorLike): Tensor { return compare('lt', this.self, other); }

  /**
   * `this <= other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).le(1); // [true, false]
   * ```
   */
  le(other: TensorLike): Tensor { return compare('le', this.self, other); }

  /**
   * `this > other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).gt(1); // [false, true]
   * ```
   */
  gt(other: TensorLike): Tensor { return compare('gt', this.self, other); }

  /**
   * `this >= other` (bool).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).ge(2); // [false, true]
   * ```
   */
  ge(other: TensorLike): Tensor { return compare('ge', this.self, other); }

  /**
   * Elementwise logical and (nonzero is true).
   *
   * @example
   * ```ts
   * tg.tensor([true, true]).logicalAnd(tg.tensor([true, false])); // [true, false]
   * ```
   */
  logicalAnd(other: TensorLike): Tensor { return compare('logicalAnd', this.self, other); }

  /**
   * Elementwise logical or.
   *
   * @example
   * ```ts
   * tg.tensor([true, false]).logicalOr(tg.tensor([false, false])); // [true, false]
   * ```
   */
  logicalOr(other: TensorLike): Tensor { return compare('logicalOr', this.self, other); }

  /**
   * Elementwise logical not.
   *
   * @example
   * ```ts
   * tg.tensor([true, false]).logicalNot(); // [false, true]
   * ```
   */
  logicalNot(): Tensor { return logicalNot(this.self); }
}
