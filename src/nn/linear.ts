/**
 * @file Affine layers `Linear` and `Bilinear` (PyTorch's `torch/nn/modules/linear.py`), and the
 * small helpers every layer file uses to print PyTorch's `extra_repr` text (Python's spelling of
 * floats, booleans and tuples).
 */
import type { DType } from '../core/dtype.js';
import { bilinear, linear } from '../functional/linear.js';
import { empty } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Python's `repr` of a float: `0.1`, `1.0`, `1e-05`, `1e+16`. @internal */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** Python's `str` of a number that may be an int (integers print without `.0`). @internal */
export const pyNumber = (x: number): string => (Number.isInteger(x) ? String(x) : pyFloat(x));

/** Python's `True` / `False`. @internal */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Python's tuple text: `(3,)`, `(3, 3)`, `(4, None)`. @internal */
export function pyTuple(values: readonly (number | null)[]): string {
  const items = values.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A size argument as PyTorch prints it: a number as given, a pair as a tuple. @internal */
export const pySize = (v: number | readonly (number | null)[]): string => (typeof v === 'number' ? String(v) : pyTuple(v));

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
}

/**
 * Applies an affine map `y = x Wᵀ + b` (PyTorch's `nn.Linear`).
 *
 * Parameters: `weight` `[outFeatures, inFeatures]` and `bias` `[outFeatures]` (null with
 * `bias: false`), both initialised from U(-1/√inFeatures, 1/√inFeatures) as in PyTorch (the
 * weight through `kaimingUniform_` with `a = √5`).
 *
 * Shape: input `[*, inFeatures]` → output `[*, outFeatures]`.
 *
 * @param inFeatures - size of each input sample
 * @param outFeatures - size of each output sample
 * @example
 * ```ts
 * const m = new tg.nn.Linear(20, 30);
 * m.forward(tg.randn([128, 20])).shape; // [128, 30]
 * String(m); // 'Linear(in_features=20, out_features=30, bias=True)'
 * ```
 */
export class Linear extends Module {
  /** `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** `[outFeatures]`, or null without a bias. */
  bias: Parameter | null;
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, inFeatures], { dtype }));
    this.bias = (options.bias ?? true) ? new Parameter(empty([outFeatures], { dtype })) : null;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.resetParameters();
  }

  /**
   * Re-draws the parameters with PyTorch's default initialisation.
   *
   * @example
   * ```ts
   * new tg.nn.Linear(4, 2).resetParameters();
   * ```
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  /**
   * `input Wᵀ + b`.
   *
   * @example
   * ```ts
   * new tg.nn.Linear(3, 1).forward(tg.ones([2, 3])).shape; // [2, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  /**
   * `in_features=…, out_features=…, bias=…`.
   *
   * @example
   * ```ts
   * new tg.nn.Linear(6, 8).extraRepr(); // 'in_features=6, out_features=8, bias=True'
   * ```
   */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** Options of `Bilinear`. */
export type BilinearOptions = LinearOptions;

/**
 * Applies a bilinear map `y = x₁ᵀ W x₂ + b` (PyTorch's `nn.Bilinear`).
 *
 * Parameters: `weight` `[outFeatures, in1Features, in2Features]` and `bias` `[outFeatures]`,
 * both initialised from U(-1/√in1Features, 1/√in1Features) as in PyTorch.
 *
 * Shape: inputs `[*, in1Features]` and `[*, in2Features]` → output `[*, outFeatures]`.
 *
 * @example
 * ```ts
 * const m = new tg.nn.Bilinear(20, 30, 40);
 * m.forward(tg.randn([128, 20]), tg.randn([128, 30])).shape; // [128, 40]
 * ```
 */
export class Bilinear extends Module {
  /** `[outFeatures, in1Features, in2Features]`. */
  weight: Parameter;
  /** `[outFeatures]`, or null without a bias. */
  bias: Parameter | null;
  /** Size of each first input sample. */
  readonly in1Features: number;
  /** Size of each second input sample. */
  readonly in2Features: number;
  /** Size of each output sample. */
  readonly outFeatures: number;

  constructor(in1Features: number, in2Features: number, outFeatures: number, options: BilinearOptions = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, in1Features, in2Features], { dtype }));
    this.bias = (options.bias ?? true) ? new Parameter(empty([outFeatures], { dtype })) : null;
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.resetParameters();
  }

  /**
   * Re-draws the parameters from U(-1/√in1Features, 1/√in1Features).
   *
   * @example
   * ```ts
   * new tg.nn.Bilinear(2, 3, 4).resetParameters();
   * ```
   */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    uniform_(this.weight, -bound, bound);
    if (this.bias !== null) uniform_(this.bias, -bound, bound);
  }

  /**
   * `x₁ᵀ W x₂ + b` for each sample.
   *
   * @example
   * ```ts
   * new tg.nn.Bilinear(2, 3, 4).forward(tg.ones([5, 2]), tg.ones([5, 3])).shape; // [5, 4]
   * ```
   */
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  /**
   * `in1_features=…, in2_features=…, out_features=…, bias=…`.
   *
   * @example
   * ```ts
   * new tg.nn.Bilinear(3, 4, 5).extraRepr(); // 'in1_features=3, in2_features=4, out_features=5, bias=True'
   * ```
   */
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
