/**
 * @file Activation functions as modules (PyTorch's `torch/nn/modules/activation.py`): `ReLU`,
 * `LeakyReLU`, `ELU`, `GELU`, `SiLU`, `Sigmoid`, `Tanh`, `Softplus`, `Softmax`, `LogSoftmax`.
 * Each holds its settings and calls the matching `F` function; none has parameters.
 */
import { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, silu, softmax, softplus, tanh } from '../functional/activations.js';
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyFloat, pyNumber } from './linear.js';
import { Module } from './module.js';

/**
 * `max(0, x)` elementwise (PyTorch's `nn.ReLU`).
 *
 * @example
 * ```ts
 * new tg.nn.ReLU().forward(tg.tensor([-1, 0, 2])); // [0, 0, 2]
 * ```
 */
export class ReLU extends Module {
  /**
   * Applies ReLU.
   *
   * @example
   * ```ts
   * new tg.nn.ReLU().forward(tg.tensor([-3, 3])); // [0, 3]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * `x` where `x > 0`, else `negativeSlope · x` (PyTorch's `nn.LeakyReLU`).
 *
 * @param negativeSlope - slope for negative inputs (default 0.01)
 * @example
 * ```ts
 * new tg.nn.LeakyReLU(0.1).forward(tg.tensor([-2, 3])); // [-0.2, 3]
 * ```
 */
export class LeakyReLU extends Module {
  /** Slope for negative inputs. */
  readonly negativeSlope: number;

  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = negativeSlope;
  }

  /**
   * Applies LeakyReLU.
   *
   * @example
   * ```ts
   * new tg.nn.LeakyReLU().forward(tg.tensor([-100])); // [-1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return leakyRelu(input, this.negativeSlope);
  }

  /**
   * `negative_slope=…`.
   *
   * @example
   * ```ts
   * new tg.nn.LeakyReLU().extraRepr(); // 'negative_slope=0.01'
   * ```
   */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * `x` where `x > 0`, else `alpha · (exp(x) - 1)` (PyTorch's `nn.ELU`).
 *
 * @param alpha - scale of the negative part (default 1)
 * @example
 * ```ts
 * new tg.nn.ELU().forward(tg.tensor([0, 1])); // [0, 1]
 * ```
 */
export class ELU extends Module {
  /** Scale of the negative part. */
  readonly alpha: number;

  constructor(alpha = 1) {
    super();
    this.alpha = alpha;
  }

  /**
   * Applies ELU.
   *
   * @example
   * ```ts
   * new tg.nn.ELU(2).forward(tg.tensor([-100])); // [-2]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return elu(input, this.alpha);
  }

  /**
   * `alpha=…`.
   *
   * @example
   * ```ts
   * new tg.nn.ELU().extraRepr(); // 'alpha=1.0'
   * ```
   */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/** Options of the `GELU` module. */
export interface GELUOptions {
  /** `'none'` (default): the exact `x Φ(x)`; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit `x Φ(x)` (PyTorch's `nn.GELU`), exact or tanh-approximated.
 *
 * @example
 * ```ts
 * new tg.nn.GELU().forward(tg.tensor([0, 1])); // [0, 0.8413]
 * new tg.nn.GELU({ approximate: 'tanh' });
 * ```
 */
export class GELU extends Module {
  /** `'none'` or `'tanh'`. */
  readonly approximate: 'none' | 'tanh';

  constructor(options: GELUOptions = {}) {
    super();
    const approximate = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') throw new TensorError(`GELU: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
    this.approximate = approximate;
  }

  /**
   * Applies GELU.
   *
   * @example
   * ```ts
   * new tg.nn.GELU().forward(tg.tensor([-10])); // ≈ [0]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  /**
   * `approximate='…'`.
   *
   * @example
   * ```ts
   * new tg.nn.GELU().extraRepr(); // "approximate='none'"
   * ```
   */
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * `x · sigmoid(x)` (PyTorch's `nn.SiLU`, also called swish).
 *
 * @example
 * ```ts
 * new tg.nn.SiLU().forward(tg.tensor([0])); // [0]
 * ```
 */
export class SiLU extends Module {
  /**
   * Applies SiLU.
   *
   * @example
   * ```ts
   * new tg.nn.SiLU().forward(tg.tensor([1])); // [0.7311]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return silu(input);
  }
}

/**
 * `1 / (1 + exp(-x))` (PyTorch's `nn.Sigmoid`).
 *
 * @example
 * ```ts
 * new tg.nn.Sigmoid().forward(tg.tensor([0])); // [0.5]
 * ```
 */
export class Sigmoid extends Module {
  /**
   * Applies the logistic sigmoid.
   *
   * @example
   * ```ts
   * new tg.nn.Sigmoid().forward(tg.tensor([100])); // [1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/**
 * Hyperbolic tangent (PyTorch's `nn.Tanh`).
 *
 * @example
 * ```ts
 * new tg.nn.Tanh().forward(tg.tensor([0])); // [0]
 * ```
 */
export class Tanh extends Module {
  /**
   * Applies tanh.
   *
   * @example
   * ```ts
   * new tg.nn.Tanh().forward(tg.tensor([100])); // [1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/** Options of the `Softplus` module. */
export interface SoftplusOptions {
  /** Sharpness β (default 1). */
  beta?: number;
  /** Above `β·x > threshold` the function is the identity (default 20). */
  threshold?: number;
}

/**
 * `log(1 + exp(β x)) / β`, the identity above `β x > threshold` (PyTorch's `nn.Softplus`).
 *
 * @example
 * ```ts
 * new tg.nn.Softplus().forward(tg.tensor([0])); // [0.6931]
 * new tg.nn.Softplus({ beta: 2, threshold: 10 });
 * ```
 */
export class Softplus extends Module {
  /** Sharpness β. */
  readonly beta: number;
  /** Linear above `β·x > threshold`. */
  readonly threshold: number;

  constructor(options: SoftplusOptions = {}) {
    super();
    this.beta = options.beta ?? 1;
    this.threshold = options.threshold ?? 20;
  }

  /**
   * Applies softplus.
   *
   * @example
   * ```ts
   * new tg.nn.Softplus().forward(tg.tensor([30])); // [30]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return softplus(input, { beta: this.beta, threshold: this.threshold });
  }

  /**
   * `beta=…, threshold=…`.
   *
   * @example
   * ```ts
   * new tg.nn.Softplus().extraRepr(); // 'beta=1, threshold=20'
   * ```
   */
  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

/**
 * Softmax along `dim`: `exp(x) / Σ exp(x)` (PyTorch's `nn.Softmax`).
 *
 * @param dim - the dim whose slices sum to 1 (negative counts from the end)
 * @example
 * ```ts
 * new tg.nn.Softmax(1).forward(tg.tensor([[0, 0]])); // [[0.5, 0.5]]
 * ```
 */
export class Softmax extends Module {
  /** The dim normalized over. */
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = dim;
  }

  /**
   * Applies softmax along `dim`.
   *
   * @example
   * ```ts
   * new tg.nn.Softmax(-1).forward(tg.randn([2, 3])).sum(-1); // [1, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }

  /**
   * `dim=…`.
   *
   * @example
   * ```ts
   * new tg.nn.Softmax(1).extraRepr(); // 'dim=1'
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * Log-softmax along `dim`: `x - log Σ exp(x)` (PyTorch's `nn.LogSoftmax`), computed stably.
 *
 * @param dim - the dim normalized over (negative counts from the end)
 * @example
 * ```ts
 * new tg.nn.LogSoftmax(1).forward(tg.tensor([[0, 0]])); // [[-0.6931, -0.6931]]
 * ```
 */
export class LogSoftmax extends Module {
  /** The dim normalized over. */
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = dim;
  }

  /**
   * Applies log-softmax along `dim`.
   *
   * @example
   * ```ts
   * new tg.nn.LogSoftmax(0).forward(tg.tensor([1000, 1000])); // [-0.6931, -0.6931]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return logSoftmax(input, this.dim);
  }

  /**
   * `dim=…`.
   *
   * @example
   * ```ts
   * new tg.nn.LogSoftmax(-1).extraRepr(); // 'dim=-1'
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
