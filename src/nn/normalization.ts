/**
 * @file Normalization layers `BatchNorm1d`, `BatchNorm2d` (PyTorch's `torch/nn/modules/batchnorm.py`)
 * and `LayerNorm` (`normalization.py`). Batch norm keeps its running statistics in buffers named
 * as in PyTorch (`running_mean`, `running_var`, `num_batches_tracked`), so state dicts match.
 */
import { noGrad } from '../autograd/grad-mode.js';
import type { DType } from '../core/dtype.js';
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { batchNorm, layerNorm } from '../functional/normalization.js';
import { empty, ones, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { ones_, zeros_ } from './init.js';
import { pyBool, pyFloat, pyTuple } from './linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `BatchNorm1d` / `BatchNorm2d` (PyTorch's defaults). */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of each new batch in the running statistics (default 0.1); null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` and shift `bias` (default true). */
  affine?: boolean;
  /** Keep running statistics and use them in evaluation mode (default true). */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: DType;
}

/** What `BatchNorm1d` and `BatchNorm2d` share (PyTorch's `_BatchNorm`). Not used on its own. */
abstract class BatchNormBase extends Module {
  /** Per-channel scale `[numFeatures]` (ones at first), or null without `affine`. */
  weight: Parameter | null;
  /** Per-channel shift `[numFeatures]` (zeros at first), or null without `affine`. */
  bias: Parameter | null;
  /** Number of channels `C`. */
  readonly numFeatures: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Weight of each new batch in the running statistics, or null for a cumulative average. */
  readonly momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** The `running_mean` buffer `[numFeatures]`, or null without `trackRunningStats`. */
  readonly runningMean: Tensor | null;
  /** The `running_var` buffer `[numFeatures]`, or null without `trackRunningStats`. */
  readonly runningVar: Tensor | null;
  /** The `num_batches_tracked` buffer (int32, 0-d), or null without `trackRunningStats`. */
  readonly numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormOptions) {
    super();
    const dtype = options.dtype ?? 'float32';
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new TensorError(`${this.constructor.name}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? new Parameter(empty([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(empty([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.runningMean = this.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype }) : null);
    this.runningVar = this.registerBuffer('running_var', track ? ones([numFeatures], { dtype }) : null);
    this.numBatchesTracked = this.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null);
    this.resetParameters();
  }

  /**
   * Resets the running statistics: mean 0, variance 1, no batches tracked.
   *
   * @example
   * ```ts
   * new tg.nn.BatchNorm1d(3).resetRunningStats();
   * ```
   */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  /**
   * Resets the running statistics, `weight` to ones and `bias` to zeros.
   *
   * @example
   * ```ts
   * new tg.nn.BatchNorm2d(3).resetParameters();
   * ```
   */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /** Throws unless `input` has an accepted rank and `numFeatures` channels. */
  protected abstract checkInputDim(input: Tensor): void;

  /** Throws unless dim 1 of `input` has `numFeatures` channels. */
  protected checkChannels(input: Tensor, layout: string): void {
    if (input.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.constructor.name}: expected input ${layout} with C = num_features = ${this.numFeatures}, got ${fmtShape(input.shape)}`);
    }
  }

  /**
   * Normalizes each channel: with the batch's statistics while training (updating the running
   * ones), with the running statistics in evaluation mode.
   *
   * @example
   * ```ts
   * const bn = new tg.nn.BatchNorm1d(2);
   * bn.forward(tg.tensor([[1, 10], [3, 30]])); // ≈ [[-1, -1], [1, 1]]
   * bn.runningMean!.toArray();                 // [0.2, 2]
   * ```
   */
  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor = this.momentum ?? 0;
    const counter = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && counter !== null) {
      noGrad(() => counter.add_(1));
      factor = this.momentum === null ? 1 / counter.item() : this.momentum;
    }
    const useBatchStats = this.training || (this.runningMean === null && this.runningVar === null);
    const useRunning = !this.training || this.trackRunningStats;
    return batchNorm(input, useRunning ? this.runningMean : null, useRunning ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatchStats, momentum: factor, eps: this.eps,
    });
  }

  /**
   * `num_features, eps=…, momentum=…, affine=…, track_running_stats=…`.
   *
   * @example
   * ```ts
   * new tg.nn.BatchNorm2d(4).extraRepr(); // '4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True'
   * ```
   */
  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, ` +
      `track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalization over `[N, C]` or `[N, C, L]` inputs (PyTorch's `nn.BatchNorm1d`):
 * `(x - mean) / √(var + eps) · weight + bias` per channel, with the batch's statistics while
 * training and the running ones (`running_mean`, `running_var` buffers) in evaluation mode.
 *
 * Shape: `[N, C]` or `[N, C, L]` → the same.
 *
 * @param numFeatures - the channels `C`
 * @example
 * ```ts
 * const bn = new tg.nn.BatchNorm1d(100);
 * bn.forward(tg.randn([20, 100])).shape; // [20, 100]
 * Object.keys(bn.stateDict()); // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected override checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(`BatchNorm1d: expected 2D or 3D input [N, C] or [N, C, L] (got ${input.ndim}D input of shape ${fmtShape(input.shape)})`);
    }
    this.checkChannels(input, '[N, C(, L)]');
  }
}

/**
 * Batch normalization over `[N, C, H, W]` inputs (PyTorch's `nn.BatchNorm2d`), per channel; see
 * `BatchNorm1d`.
 *
 * Shape: `[N, C, H, W]` → the same.
 *
 * @param numFeatures - the channels `C`
 * @example
 * ```ts
 * const bn = new tg.nn.BatchNorm2d(3, { momentum: 0.2 });
 * bn.forward(tg.randn([4, 3, 5, 5])).shape; // [4, 3, 5, 5]
 * bn.eval().forward(tg.randn([1, 3, 5, 5])).shape; // [1, 3, 5, 5]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected override checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) {
      throw new ShapeError(`BatchNorm2d: expected 4D input [N, C, H, W] (got ${input.ndim}D input of shape ${fmtShape(input.shape)})`);
    }
    this.checkChannels(input, '[N, C, H, W]');
  }
}

/** Options of `LayerNorm` (PyTorch's defaults). */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn an elementwise scale `weight` and shift `bias` shaped like `normalizedShape` (default true). */
  elementwiseAffine?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
}

/**
 * Layer normalization over the trailing dims `normalizedShape` (PyTorch's `nn.LayerNorm`):
 * `(x - mean) / √(var + eps) · weight + bias`, statistics per sample, the same in training and
 * evaluation.
 *
 * Parameters: `weight` (ones) and `bias` (zeros), shaped `normalizedShape`; null without
 * `elementwiseAffine`.
 *
 * Shape: `[*, ...normalizedShape]` → the same.
 *
 * @example
 * ```ts
 * const ln = new tg.nn.LayerNorm(10);
 * ln.forward(tg.randn([20, 5, 10])).shape; // [20, 5, 10]
 * String(new tg.nn.LayerNorm([5, 10])); // 'LayerNorm((5, 10), eps=1e-05, elementwise_affine=True)'
 * ```
 */
export class LayerNorm extends Module {
  /** Elementwise scale, or null. */
  weight: Parameter | null;
  /** Elementwise shift, or null. */
  bias: Parameter | null;
  /** The trailing dims normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance. */
  readonly eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(ones(shape, { dtype })) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(shape, { dtype })) : null;
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
  }

  /**
   * Sets `weight` to ones and `bias` to zeros.
   *
   * @example
   * ```ts
   * new tg.nn.LayerNorm(4).resetParameters();
   * ```
   */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /**
   * Normalizes `input` over its trailing `normalizedShape` dims.
   *
   * @example
   * ```ts
   * new tg.nn.LayerNorm(3).forward(tg.tensor([[1, 2, 3]])); // ≈ [[-1.2247, 0, 1.2247]]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  /**
   * `normalized_shape, eps=…, elementwise_affine=…`.
   *
   * @example
   * ```ts
   * new tg.nn.LayerNorm(8).extraRepr(); // '(8,), eps=1e-05, elementwise_affine=True'
   * ```
   */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
