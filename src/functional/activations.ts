/**
 * @file Activation functions composed from tensor primitives (no backward of their own):
 * `relu`, `leakyRelu`, `elu`, `gelu`, `silu`, `softplus`, `sigmoid`, `tanh`, `softmax`,
 * `logSoftmax`, and `erf` (a piecewise rational composition until an `erf` primitive exists).
 * Branches of a piecewise function are built with `where`, each evaluated on inputs clamped to
 * its own region, so an unselected branch can never put NaN or Infinity into a gradient.
 */
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Rectified linear unit, `max(x, 0)` (gradient 0 at 0).
 *
 * @example
 * ```ts
 * tg.F.relu(tg.tensor([-1, 0, 2])); // [0, 0, 2]
 * ```
 */
export function relu(x: Tensor): Tensor {
  return x.relu();
}

/**
 * Leaky ReLU: `x` where `x > 0`, else `negativeSlope · x` (PyTorch's gradient at 0 is `negativeSlope`).
 *
 * @param negativeSlope - slope for negative inputs (default 0.01)
 * @example
 * ```ts
 * tg.F.leakyRelu(tg.tensor([-2, 3]), 0.1); // [-0.2, 3]
 * ```
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return x.where(x.gt(0), x.mul(negativeSlope));
}

/**
 * Exponential linear unit: `x` where `x > 0`, else `alpha · (exp(x) - 1)`.
 *
 * @param alpha - scale of the negative part (default 1)
 * @example
 * ```ts
 * tg.F.elu(tg.tensor([-1, 2])); // [-0.6321, 2]
 * ```
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  // expm1 sees only x ≤ 0, so exp never overflows in the unselected branch.
  return x.where(x.gt(0), x.clamp(undefined, 0).expm1().mul(alpha));
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** `'none'` (default): the exact `x Φ(x)`; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit, `x · Φ(x) = x/2 · (1 + erf(x/√2))`; with `{ approximate: 'tanh' }`,
 * `x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))`. The exact form uses this module's `erf`
 * composition (float64 error below 1e-15, see `erf`).
 *
 * @example
 * ```ts
 * tg.F.gelu(tg.tensor([-1, 0, 1]));                          // [-0.1587, 0, 0.8413]
 * tg.F.gelu(tg.tensor([-1, 0, 1]), { approximate: 'tanh' }); // [-0.1588, 0, 0.8412]
 * ```
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  if (approximate !== 'none') throw new TensorError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}

/**
 * SiLU (swish), `x · sigmoid(x)`.
 *
 * @example
 * ```ts
 * tg.F.silu(tg.tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function silu(x: Tensor): Tensor {
  return x.mul(x.sigmoid());
}

/** Options of `softplus`. */
export interface SoftplusOptions {
  /** Sharpness β (default 1). */
  beta?: number;
  /** Above `β·x > threshold` the function is the identity (default 20). */
  threshold?: number;
}

/**
 * Softplus, `log(1 + exp(β x)) / β`, and `x` itself where `β x > threshold` (PyTorch's rule).
 *
 * @example
 * ```ts
 * tg.F.softplus(tg.tensor([0, 30]));                // [0.6931, 30]
 * tg.F.softplus(tg.tensor([1]), { beta: 2 });       // [1.0635]
 * ```
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  const { beta = 1, threshold = 20 } = options;
  const bx = x.mul(beta);
  const soft = bx.clamp(undefined, threshold).exp().log1p().div(beta);
  return x.where(bx.gt(threshold), soft);
}

/**
 * Logistic sigmoid, `1 / (1 + exp(-x))`.
 *
 * @example
 * ```ts
 * tg.F.sigmoid(tg.tensor([0])); // [0.5]
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return x.sigmoid();
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tg.F.tanh(tg.tensor([0, 1])); // [0, 0.7616]
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return x.tanh();
}

/**
 * Softmax along `dim`: `exp(xᵢ) / Σⱼ exp(xⱼ)`, computed stably.
 *
 * @example
 * ```ts
 * tg.F.softmax(tg.tensor([[1, 1], [0, Math.log(3)]]), 1); // [[0.5, 0.5], [0.25, 0.75]]
 * ```
 */
export function softmax(x: Tensor, dim: number): Tensor {
  return x.softmax(dim);
}

/**
 * Log-softmax along `dim`: `xᵢ - log Σⱼ exp(xⱼ)`, computed stably.
 *
 * @example
 * ```ts
 * tg.F.logSoftmax(tg.tensor([0, 0]), 0); // [-0.6931, -0.6931]
 * ```
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return x.logSoftmax(dim);
}

// ---------------------------------------------------------------------------------------------
// erf: fdlibm's (Sun, 1993) piecewise rational approximations, evaluated with tensor ops.

/** Horner evaluation of `c[0] + c[1] z + c[2] z² + …` (the coefficients in ascending order). */
function poly(z: Tensor, c: readonly number[]): Tensor {
  let p = z.mul(c[c.length - 1]!);
  for (let k = c.length - 2; k >= 1; k--) p = p.add(c[k]!).mul(z);
  return p.add(c[0]!);
}

const ERX = 8.45062911510467529297e-01;
/** erf(x) = x + x·PP(x²)/QQ(x²) on |x| < 0.84375. */
const PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
const QQ = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
/** erf(x) = erx + PA(s)/QA(s), s = |x| - 1, on 0.84375 ≤ |x| < 1.25. */
const PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
const QA = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
/** erfc(x) = exp(-x² - 0.5625 + RA(s)/SA(s)) / x, s = 1/x², on 1.25 ≤ |x| < 1/0.35. */
const RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00];
const SA = [1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02];
/** The same form with RB/SB on 1/0.35 ≤ |x| < 28 (erf is ±1 beyond). */
const RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02];
const SB = [1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01];

/** 1 - erfc(a) for a in [lo, hi] with erfc(a) = exp(-a² - 0.5625 + R(1/a²)/S(1/a²)) / a. */
function erfTail(a: Tensor, lo: number, hi: number, r: readonly number[], s: readonly number[]): Tensor {
  const t = a.clamp(lo, hi);
  const z = t.square().reciprocal();
  return t.square().neg().sub(0.5625).add(poly(z, r).div(poly(z, s))).exp().div(t).neg().add(1);
}

/**
 * The error function `erf(x) = 2/√π ∫₀ˣ exp(-t²) dt`, composed from elementwise primitives with
 * fdlibm's piecewise rational approximations (the ones behind C's `erf`): in float64 the values
 * agree with `std::erf` to about 1e-16 and the gradient with `2/√π · exp(-x²)` to about 1e-15
 * (relative). A stopgap until `erf` is a primitive.
 *
 * @example
 * ```ts
 * erf(tg.tensor([0, 1], { dtype: 'float64' })); // [0, 0.8427]
 * ```
 */
export function erf(x: Tensor): Tensor {
  // |x| < 0.84375: odd in x, evaluated on x itself (no |x|, whose gradient at 0 is 0).
  const xs = x.clamp(-0.84375, 0.84375);
  const z = xs.square();
  const small = xs.add(xs.mul(poly(z, PP).div(poly(z, QQ))));
  const a = x.abs();
  const s = a.clamp(0.84375, 1.25).sub(1);
  const mid = poly(s, PA).div(poly(s, QA)).add(ERX);
  const tail = mid.where(a.lt(1.25), erfTail(a, 1.25, 1 / 0.35, RA, SA).where(a.lt(1 / 0.35), erfTail(a, 1 / 0.35, 28, RB, SB)));
  return small.where(a.lt(0.84375), tail.where(x.ge(0), tail.neg()));
}
