/**
 * @file `Tensor`: an n-dimensional array on a backend that records the ops applied to it for
 * reverse-mode differentiation. This file adds reductions and in-place methods to the
 * classes in `tensor-base.ts` (data, autograd), `tensor-math.ts` and `tensor-shape.ts`.
 */
import { DTypeError } from '../core/errors.js';
import { isFloatingDType } from '../core/dtype.js';
import { defaultGenerator, type Generator } from '../core/rng.js';
import type { TensorLike } from '../ops/record.js';
import { amax, amin, argExtreme, prod, sum, type Dims } from '../ops/reduce.js';
import { extremeAlong, logsumexp, mean, norm, std, variance, type ValuesIndices, type VarOptions } from '../ops/stats.js';
import { applyInplace } from './inplace.js';
import { fromStorage } from './make.js';
import type { AlphaOptions } from './tensor-math.js';
import { TensorShape } from './tensor-shape.js';


/**
 * An n-dimensional array of float32, float64, int32 or bool values with autograd.
 * Create tensors with `tg.tensor`, `tg.zeros`, `tg.randn`, …; ops return new tensors
 * (views share storage), methods ending in `_` work in place.
 *
 * @example
 * ```ts
 * const x = tg.tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.matmul(x).sum();
 * y.backward();
 * x.grad!.toArray(); // [[7, 11], [9, 13]]
 * ```
 */
export class Tensor extends TensorShape {
  /**
   * Sum over dims (all by default).
   *
   * @example
   * ```ts
   * tg.tensor([[1, 2], [3, 4]]).sum(1); // [3, 7]
   * ```
   */
  sum(dim?: Dims, keepdim = false): Tensor { return sum(this, dim, keepdim); }

  /**
   * Mean over dims (float tensors).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2, 3]).mean(); // 2
   * ```
   */
  mean(dim?: Dims, keepdim = false): Tensor { return mean(this, dim, keepdim); }

  /**
   * Product over dims.
   *
   * @example
   * ```ts
   * tg.tensor([2, 3]).prod(); // 6
   * ```
   */
  prod(dim?: Dims, keepdim = false): Tensor { return prod(this, dim, keepdim); }

  /**
   * Maximum over dims (ties share the gradient).
   *
   * @example
   * ```ts
   * tg.tensor([[1, 5], [7, 2]]).amax(0); // [7, 5]
   * ```
   */
  amax(dim?: Dims, keepdim = false): Tensor { return amax(this, dim, keepdim); }

  /**
   * Minimum over dims.
   *
   * @example
   * ```ts
   * tg.tensor([[1, 5], [7, 2]]).amin(1); // [1, 2]
   * ```
   */
  amin(dim?: Dims, keepdim = false): Tensor { return amin(this, dim, keepdim); }

  /**
   * The largest element; with `dim`, `{ values, indices }` along that dim; with a tensor, the
   * elementwise maximum.
   *
   * @example
   * ```ts
   * tg.tensor([1, 5, 3]).max().item();  // 5
   * tg.tensor([[1, 5], [7, 2]]).max(1); // { values: [5, 7], indices: [1, 0] }
   * ```
   */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(other: Tensor): Tensor;
  max(arg?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (arg === undefined) return amax(this);
    return typeof arg === 'number' ? extremeAlong('max', this, arg, keepdim) : this.maximum(arg);
  }

  /**
   * The smallest element; with `dim`, `{ values, indices }`; with a tensor, the elementwise minimum.
   *
   * @example
   * ```ts
   * tg.tensor([1, 5, 3]).min().item(); // 1
   * ```
   */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(other: Tensor): Tensor;
  min(arg?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (arg === undefined) return amin(this);
    return typeof arg === 'number' ? extremeAlong('min', this, arg, keepdim) : this.minimum(arg);
  }

  /**
   * Index of the maximum (flattened, or along `dim`), int32.
   *
   * @example
   * ```ts
   * tg.tensor([1, 5, 3]).argmax(); // 1
   * ```
   */
  argmax(dim?: number, keepdim = false): Tensor { return argExtreme('argmax', this, dim, keepdim); }

  /**
   * Index of the minimum, int32.
   *
   * @example
   * ```ts
   * tg.tensor([1, 5, 3]).argmin(); // 0
   * ```
   */
  argmin(dim?: number, keepdim = false): Tensor { return argExtreme('argmin', this, dim, keepdim); }

  /**
   * Variance (unbiased unless `{ unbiased: false }`).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2, 3, 4]).var(); // 1.6667
   * ```
   */
  var(dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor { return variance(this, dim, keepdim, options); }

  /**
   * Standard deviation (unbiased by default).
   *
   * @example
   * ```ts
   * tg.tensor([1, 3]).std(); // 1.4142
   * ```
   */
  std(dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor { return std(this, dim, keepdim, options); }

  /**
   * Stable `log Σ exp`.
   *
   * @example
   * ```ts
   * tg.tensor([0, 0]).logsumexp(); // 0.6931
   * ```
   */
  logsumexp(dim?: Dims, keepdim = false): Tensor { return logsumexp(this, dim, keepdim); }

  /**
   * The p-norm (2 by default).
   *
   * @example
   * ```ts
   * tg.tensor([3, 4]).norm(); // 5
   * ```
   */
  norm(p = 2, dim?: Dims, keepdim = false): Tensor { return norm(this, p, dim, keepdim); }


  /**
   * In-place `this += other`.
   *
   * @example
   * ```ts
   * tg.zeros([2]).add_(1); // [1, 1]
   * ```
   */
  add_(other: TensorLike, options: AlphaOptions = {}): this { return this.#inplace('add_', other, (s) => s.add(other, options)); }

  /**
   * In-place `this -= other`.
   *
   * @example
   * ```ts
   * tg.ones([2]).sub_(1); // [0, 0]
   * ```
   */
  sub_(other: TensorLike, options: AlphaOptions = {}): this { return this.#inplace('sub_', other, (s) => s.sub(other, options)); }

  /**
   * In-place `this *= other`.
   *
   * @example
   * ```ts
   * tg.ones([2]).mul_(3); // [3, 3]
   * ```
   */
  mul_(other: TensorLike): this { return this.#inplace('mul_', other, (s) => s.mul(other)); }

  /**
   * In-place `this /= other`.
   *
   * @example
   * ```ts
   * tg.ones([2]).div_(2); // [0.5, 0.5]
   * ```
   */
  div_(other: TensorLike): this { return this.#inplace('div_', other, (s) => s.div(other)); }

  /**
   * In-place clamp.
   *
   * @example
   * ```ts
   * tg.tensor([-1, 2]).clamp_(0, 1); // [0, 1]
   * ```
   */
  clamp_(min?: number, max?: number): this { return this.#inplace('clamp_', 0, (s) => s.clamp(min, max)); }

  /**
   * Copies `src` (broadcast to this shape, converted to this dtype) into this tensor.
   *
   * @example
   * ```ts
   * tg.zeros([2]).copy_(tg.ones([2])); // [1, 1]
   * ```
   */
  copy_(src: Tensor): this { return this.#inplace('copy_', src, () => src.expand(this.shape).to(this.dtype).clone()); }

  /**
   * Fills with `value`.
   *
   * @example
   * ```ts
   * tg.zeros([2]).fill_(7); // [7, 7]
   * ```
   */
  fill_(value: number): this { return this.#inplace('fill_', 0, () => fromStorage(this.#filled(value), this.shape)); }

  /**
   * Fills with zeros.
   *
   * @example
   * ```ts
   * tg.ones([2]).zero_(); // [0, 0]
   * ```
   */
  zero_(): this { return this.fill_(0); }

  /**
   * Fills with samples of N(mean, std²).
   *
   * @example
   * ```ts
   * tg.manualSeed(0); tg.empty([3]).normal_(0, 1);
   * ```
   */
  normal_(mean = 0, std = 1, generator: Generator = defaultGenerator): this {
    return this.#random('normal_', () => mean + std * generator.normal());
  }

  /**
   * Fills with samples of U[low, high).
   *
   * @example
   * ```ts
   * tg.empty([3]).uniform_(-1, 1);
   * ```
   */
  uniform_(low = 0, high = 1, generator: Generator = defaultGenerator): this {
    return this.#random('uniform_', () => low + (high - low) * generator.uniform());
  }

  #inplace(op: string, other: TensorLike, compute: (self: Tensor) => Tensor): this {
    applyInplace(op, this, typeof other === 'number' ? [] : [other], compute);
    return this;
  }

  #filled(value: number) {
    const storage = this.backend.alloc(this.dtype, this.numel);
    this.backend.fill(fromStorage(storage, this.shape), value);
    return storage;
  }

  #random(op: string, sample: () => number): this {
    if (!isFloatingDType(this.dtype)) throw new DTypeError(`${op}: expected a floating-point tensor, got dtype ${this.dtype}`);
    const values = new Float64Array(this.numel);
    for (let i = 0; i < values.length; i++) values[i] = sample();
    return this.#inplace(op, 0, () => fromStorage(this.backend.fromArray(values), this.shape).to(this.dtype));
  }
}
