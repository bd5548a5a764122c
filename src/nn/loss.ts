/**
 * @file Loss functions as modules (PyTorch's `torch/nn/modules/loss.py`): each keeps its options
 * and calls the matching `F` function in `forward(input, target)`. Class weights (and
 * `BCEWithLogitsLoss`'s `pos_weight`) are buffers, as in PyTorch, so they follow `to()` and
 * appear in `stateDict()` when given.
 */
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, checkReduction, huberLoss, klDiv, l1Loss, mseLoss, smoothL1Loss,
  type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions, type HuberLossOptions, type KlDivOptions,
  type LossOptions, type Reduction, type SmoothL1LossOptions,
} from '../functional/losses.js';
import { crossEntropy, nllLoss, type CrossEntropyOptions, type NllLossOptions } from '../functional/losses-classification.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Mean squared error `(input - target)²`, reduced (PyTorch's `nn.MSELoss`).
 *
 * @example
 * ```ts
 * const loss = new tg.nn.MSELoss();
 * loss.forward(tg.tensor([1, 2]), tg.tensor([1, 4])); // 2
 * ```
 */
export class MSELoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;

  constructor(options: LossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction('MSELoss', this.reduction);
  }

  /**
   * The loss of `input` against `target` (broadcastable shapes).
   *
   * @example
   * ```ts
   * new tg.nn.MSELoss({ reduction: 'sum' }).forward(tg.tensor([0, 0]), tg.tensor([1, 2])); // 5
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error `|input - target|`, reduced (PyTorch's `nn.L1Loss`).
 *
 * @example
 * ```ts
 * new tg.nn.L1Loss().forward(tg.tensor([1, 2]), tg.tensor([1, 4])); // 1
 * ```
 */
export class L1Loss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;

  constructor(options: LossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction('L1Loss', this.reduction);
  }

  /**
   * The loss of `input` against `target`.
   *
   * @example
   * ```ts
   * new tg.nn.L1Loss({ reduction: 'none' }).forward(tg.tensor([1, 2]), tg.tensor([0, 4])); // [1, 2]
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss: quadratic below `beta`, linear above (PyTorch's `nn.SmoothL1Loss`).
 *
 * @example
 * ```ts
 * new tg.nn.SmoothL1Loss({ beta: 1 }).forward(tg.tensor([0.5, 3]), tg.tensor([0, 0])); // 1.3125
 * ```
 */
export class SmoothL1Loss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** Where the loss turns linear. */
  readonly beta: number;

  constructor(options: SmoothL1LossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.beta = options.beta ?? 1;
    checkReduction('SmoothL1Loss', this.reduction);
  }

  /**
   * The loss of `input` against `target`.
   *
   * @example
   * ```ts
   * new tg.nn.SmoothL1Loss().forward(tg.tensor([3]), tg.tensor([0])); // 2.5
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/**
 * Huber loss: quadratic below `delta`, linear (slope `delta`) above (PyTorch's `nn.HuberLoss`).
 *
 * @example
 * ```ts
 * new tg.nn.HuberLoss({ delta: 2 }).forward(tg.tensor([3]), tg.tensor([0])); // 4
 * ```
 */
export class HuberLoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** Where the loss turns linear. */
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.delta = options.delta ?? 1;
    checkReduction('HuberLoss', this.reduction);
  }

  /**
   * The loss of `input` against `target`.
   *
   * @example
   * ```ts
   * new tg.nn.HuberLoss().forward(tg.tensor([0.5]), tg.tensor([0])); // 0.125
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * Cross entropy of logits `[N, C]` (or `[C]`, `[N, C, d1, …]`) against class indices (int32) or
 * class probabilities (PyTorch's `nn.CrossEntropyLoss`), with class `weight`, `ignoreIndex` and
 * `labelSmoothing`. `weight` is a buffer.
 *
 * @example
 * ```ts
 * const loss = new tg.nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * loss.forward(tg.randn([3, 5]), tg.tensor([1, 0, 4], { dtype: 'int32' })).shape; // []
 * ```
 */
export class CrossEntropyLoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** Target value that is skipped. */
  readonly ignoreIndex: number;
  /** Smoothing ε in [0, 1]. */
  readonly labelSmoothing: number;
  readonly #weight: Tensor | null;

  constructor(options: CrossEntropyOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    checkReduction('CrossEntropyLoss', this.reduction);
    this.#weight = this.registerBuffer('weight', options.weight ?? null);
  }

  /**
   * The per-class weights `[C]` (the `weight` buffer), or null.
   *
   * @example
   * ```ts
   * new tg.nn.CrossEntropyLoss({ weight: tg.tensor([1, 2]) }).weight; // [1, 2]
   * ```
   */
  get weight(): Tensor | null {
    return this.#weight;
  }

  /**
   * The loss of logits `input` against `target`.
   *
   * @example
   * ```ts
   * new tg.nn.CrossEntropyLoss().forward(tg.tensor([[0, 0]]), tg.tensor([1], { dtype: 'int32' })); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.#weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

/**
 * Negative log-likelihood of log-probabilities `[N, C]` (or `[C]`, `[N, C, d1, …]`) against
 * int32 class indices (PyTorch's `nn.NLLLoss`), with class `weight` (a buffer) and `ignoreIndex`.
 *
 * @example
 * ```ts
 * const logp = tg.tensor([[0.25, 0.75]]).log();
 * new tg.nn.NLLLoss().forward(logp, tg.tensor([1], { dtype: 'int32' })); // 0.2877
 * ```
 */
export class NLLLoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** Target value that is skipped. */
  readonly ignoreIndex: number;
  readonly #weight: Tensor | null;

  constructor(options: NllLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.ignoreIndex = options.ignoreIndex ?? -100;
    checkReduction('NLLLoss', this.reduction);
    this.#weight = this.registerBuffer('weight', options.weight ?? null);
  }

  /**
   * The per-class weights `[C]` (the `weight` buffer), or null.
   *
   * @example
   * ```ts
   * new tg.nn.NLLLoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.#weight;
  }

  /**
   * The loss of log-probabilities `input` against `target`.
   *
   * @example
   * ```ts
   * new tg.nn.NLLLoss({ reduction: 'none' }).forward(tg.tensor([[-1, -2]]), tg.tensor([1], { dtype: 'int32' })); // [2]
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.#weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/**
 * Binary cross entropy of probabilities in [0, 1] (PyTorch's `nn.BCELoss`), with an optional
 * elementwise `weight` (a buffer).
 *
 * @example
 * ```ts
 * new tg.nn.BCELoss().forward(tg.tensor([0.5, 0.5]), tg.tensor([1, 0])); // 0.6931
 * ```
 */
export class BCELoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  readonly #weight: Tensor | null;

  constructor(options: BinaryCrossEntropyOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction('BCELoss', this.reduction);
    this.#weight = this.registerBuffer('weight', options.weight ?? null);
  }

  /**
   * The elementwise weight (the `weight` buffer), or null.
   *
   * @example
   * ```ts
   * new tg.nn.BCELoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.#weight;
  }

  /**
   * The loss of probabilities `input` against `target` (same shape).
   *
   * @example
   * ```ts
   * new tg.nn.BCELoss().forward(tg.tensor([0.9]), tg.tensor([1])); // 0.1054
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.#weight, reduction: this.reduction });
  }
}

/**
 * Binary cross entropy on logits, computed stably (PyTorch's `nn.BCEWithLogitsLoss`), with an
 * optional elementwise `weight` and a per-class `posWeight` (buffers `weight`, `pos_weight`).
 *
 * @example
 * ```ts
 * const loss = new tg.nn.BCEWithLogitsLoss({ posWeight: tg.tensor([2, 1]) });
 * loss.forward(tg.zeros([4, 2]), tg.ones([4, 2])); // 1.0397
 * ```
 */
export class BCEWithLogitsLoss extends Module {
  /** 'mean', 'sum' or 'none'. */
  readonly reduction: Reduction;
  readonly #weight: Tensor | null;
  readonly #posWeight: Tensor | null;

  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction('BCEWithLogitsLoss', this.reduction);
    this.#weight = this.registerBuffer('weight', options.weight ?? null);
    this.#posWeight = this.registerBuffer('pos_weight', options.posWeight ?? null);
  }

  /**
   * The elementwise weight (the `weight` buffer), or null.
   *
   * @example
   * ```ts
   * new tg.nn.BCEWithLogitsLoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.#weight;
  }

  /**
   * The positive-class weight (the `pos_weight` buffer), or null.
   *
   * @example
   * ```ts
   * new tg.nn.BCEWithLogitsLoss({ posWeight: tg.tensor([3]) }).posWeight; // [3]
   * ```
   */
  get posWeight(): Tensor | null {
    return this.#posWeight;
  }

  /**
   * The loss of logits `input` against `target` (same shape).
   *
   * @example
   * ```ts
   * new tg.nn.BCEWithLogitsLoss().forward(tg.tensor([0]), tg.tensor([1])); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.#weight, posWeight: this.#posWeight, reduction: this.reduction });
  }
}

/**
 * Kullback–Leibler divergence of log-probabilities `input` from `target` (PyTorch's
 * `nn.KLDivLoss`); `reduction: 'batchmean'` gives the true KL divergence per sample.
 *
 * @example
 * ```ts
 * const kl = new tg.nn.KLDivLoss({ reduction: 'batchmean' });
 * kl.forward(tg.tensor([[0.5, 0.5]]).log(), tg.tensor([[0.5, 0.5]])); // 0
 * ```
 */
export class KLDivLoss extends Module {
  /** 'mean', 'batchmean', 'sum' or 'none'. */
  readonly reduction: Reduction | 'batchmean';
  /** Whether `target` holds log-probabilities. */
  readonly logTarget: boolean;

  constructor(options: KlDivOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.logTarget = options.logTarget ?? false;
    checkReduction('KLDivLoss', this.reduction, ['mean', 'batchmean', 'sum', 'none']);
  }

  /**
   * The divergence of log-probabilities `input` from `target`.
   *
   * @example
   * ```ts
   * new tg.nn.KLDivLoss({ reduction: 'sum' }).forward(tg.tensor([0.5, 0.5]).log(), tg.tensor([1, 0])); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
