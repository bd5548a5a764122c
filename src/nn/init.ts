/**
 * @file `tg.nn.init`: in-place initializers for parameters (PyTorch's `torch.nn.init`), with
 * PyTorch's fan rules and gains. Each fills its tensor under `noGrad` (so parameters can be
 * initialized) and returns it; random ones draw from the global generator that
 * `tg.manualSeed` seeds, or from `generator`.
 */
import { isFloatingDType } from '../core/dtype.js';
import { DTypeError, ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/rng.js';
import { noGrad } from '../autograd/grad-mode.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Nonlinearities `calculateGain` knows (PyTorch's names). */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Options of random initializers. */
export interface InitOptions {
  /** The random stream (default: the global one). */
  generator?: Generator;
}

/** Options of `kaimingUniform_` / `kaimingNormal_`. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only; default 0). */
  a?: number;
  /** Preserve the variance of the forward pass (`'fan_in'`, default) or of the backward pass (`'fan_out'`). */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity after this layer (default `'leaky_relu'`). */
  nonlinearity?: Nonlinearity;
}

const linearFns: readonly string[] = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for
 * relu, √(2 / (1 + slope²)) for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 *
 * @example
 * ```ts
 * tg.nn.init.calculateGain('relu');            // 1.4142…
 * tg.nn.init.calculateGain('leaky_relu', 0.2); // 1.3867…
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (linearFns.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.SQRT2;
  if (nonlinearity === 'leaky_relu') {
    const slope = param ?? 0.01;
    if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new TensorError(`calculateGain: negative_slope ${String(slope)} is not a valid number`);
    return Math.sqrt(2 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3 / 4;
  throw new TensorError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}; expected one of ${[...linearFns, 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'].join(', ')}`);
}

/**
 * `[fanIn, fanOut]` of a weight (PyTorch's `_calculate_fan_in_and_fan_out`): for shape
 * `[out, in, ...kernel]`, `fanIn = in · prod(kernel)` and `fanOut = out · prod(kernel)`.
 * Layers use it for their bias bounds.
 *
 * @example
 * ```ts
 * tg.nn.init.calculateFanInAndFanOut(tg.empty([8, 6]));       // [6, 8]
 * tg.nn.init.calculateFanInAndFanOut(tg.empty([16, 3, 5, 5])); // [75, 400]
 * ```
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new ShapeError(`calculateFanInAndFanOut: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape ${fmtShape(t.shape)})`);
  }
  let receptive = 1;
  for (const d of t.shape.slice(2)) receptive *= d;
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

function fanOf(t: Tensor, mode: 'fan_in' | 'fan_out'): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new TensorError(`kaiming init: mode ${String(mode)} is not supported; use 'fan_in' or 'fan_out'`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

function requireFloat(op: string, t: Tensor): void {
  if (!isFloatingDType(t.dtype)) throw new DTypeError(`${op}: expected a floating-point tensor, got dtype ${t.dtype}`);
}

/**
 * Fills with `val`.
 *
 * @example
 * ```ts
 * tg.nn.init.constant_(tg.empty([2]), 0.5); // [0.5, 0.5]
 * ```
 */
export function constant_(t: Tensor, val: number): Tensor {
  return noGrad(() => t.fill_(val));
}

/**
 * Fills with zeros.
 *
 * @example
 * ```ts
 * tg.nn.init.zeros_(tg.ones([2])); // [0, 0]
 * ```
 */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * Fills with ones.
 *
 * @example
 * ```ts
 * tg.nn.init.ones_(tg.empty([2])); // [1, 1]
 * ```
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/**
 * Fills with samples of U(a, b).
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * tg.nn.init.uniform_(tg.empty([3, 5]), -0.1, 0.1);
 * ```
 */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  requireFloat('uniform_', t);
  return noGrad(() => t.uniform_(a, b, options.generator));
}

/**
 * Fills with samples of N(mean, std²).
 *
 * @example
 * ```ts
 * tg.nn.init.normal_(tg.empty([3, 5]), 0, 0.02);
 * ```
 */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  requireFloat('normal_', t);
  return noGrad(() => t.normal_(mean, std, options.generator));
}

/**
 * Glorot uniform: U(-a, a) with `a = gain · √(6 / (fanIn + fanOut))`.
 *
 * @example
 * ```ts
 * tg.nn.init.xavierUniform_(tg.empty([3, 5]), tg.nn.init.calculateGain('tanh'));
 * ```
 */
export function xavierUniform_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut));
  return uniform_(t, -a, a, options);
}

/**
 * Glorot normal: N(0, std²) with `std = gain · √(2 / (fanIn + fanOut))`.
 *
 * @example
 * ```ts
 * tg.nn.init.xavierNormal_(tg.empty([3, 5]));
 * ```
 */
export function xavierNormal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

/** The std of He initialisation; null for an empty tensor, which is left as it is. */
function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number | null {
  if (t.shape.includes(0)) return null;
  requireFloat(op, t);
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fanOf(t, options.mode ?? 'fan_in'));
}

/**
 * He uniform: U(-bound, bound) with `bound = gain · √(3 / fan)`, `gain = calculateGain(nonlinearity, a)`.
 * `nn.Linear` and `nn.Conv*` initialise their weights with `{ a: Math.sqrt(5) }`.
 *
 * @example
 * ```ts
 * tg.nn.init.kaimingUniform_(tg.empty([3, 5]), { mode: 'fan_in', nonlinearity: 'relu' });
 * ```
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingUniform_', t, options);
  if (std === null) return t;
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound, options);
}

/**
 * He normal: N(0, std²) with `std = gain / √fan`.
 *
 * @example
 * ```ts
 * tg.nn.init.kaimingNormal_(tg.empty([3, 5]), { mode: 'fan_out', nonlinearity: 'relu' });
 * ```
 */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingNormal_', t, options);
  if (std === null) return t;
  return normal_(t, 0, std, options);
}

/**
 * A (semi-)orthogonal matrix, scaled by `gain` (Saxe et al. 2013). Dims after the first are
 * flattened: the `[rows, cols]` view has orthonormal rows or columns, whichever are fewer.
 * Computed as the Q of the QR decomposition of a normal matrix, sign-corrected so R has a
 * positive diagonal, as PyTorch does.
 *
 * @example
 * ```ts
 * const w = tg.nn.init.orthogonal_(tg.empty([3, 3]));
 * w.matmul(w.transpose(0, 1)); // ≈ identity
 * ```
 */
export function orthogonal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  if (t.ndim < 2) throw new ShapeError(`orthogonal_: only tensors with 2 or more dimensions are supported, got shape ${fmtShape(t.shape)}`);
  requireFloat('orthogonal_', t);
  if (t.numel === 0) return t;
  const rows = t.shape[0]!;
  const cols = t.numel / rows;
  const g = options.generator ?? defaultGenerator;
  // Orthonormalise the columns of an m x n normal matrix with m >= n (the transpose when rows < cols).
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const columns = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => g.normal()));
  const q = orthonormalColumns(columns);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (rows >= cols ? q[j]![i]! : q[i]![j]!);
  }
  const values = tensor(out, { dtype: 'float64' }).reshape(t.shape);
  return noGrad(() => t.copy_(values));
}

/**
 * The Q factor (as columns) of the thin QR decomposition with a positive R diagonal, by
 * modified Gram–Schmidt applied twice for stability.
 */
function orthonormalColumns(columns: Float64Array[]): Float64Array[] {
  const q: Float64Array[] = [];
  for (const col of columns) {
    const v = Float64Array.from(col);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < v.length; i++) v[i] -= dot * u[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new TensorError('orthogonal_: the random matrix is rank deficient; try again');
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    q.push(v);
  }
  return q;
}
