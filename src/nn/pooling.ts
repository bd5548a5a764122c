/**
 * @file Pooling layers `MaxPool2d`, `AvgPool2d` and `AdaptiveAvgPool2d` (PyTorch's
 * `torch/nn/modules/pooling.py`): settings and `extra_repr`; the math is `F.maxPool2d`,
 * `F.avgPool2d` and `F.adaptiveAvgPool2d`.
 */
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../functional/pooling.js';
import type { ValuesIndices } from '../ops/stats.js';
import type { Pair } from '../ops/unfold.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyBool, pySize } from './linear.js';
import { Module } from './module.js';

/** Options of `MaxPool2d` (PyTorch's defaults: stride = kernelSize, padding 0, dilation 1, ceilMode false). */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Pair | null;
  /** Implicit -Infinity padding on both sides; at most half the kernel size. */
  padding?: Pair;
  /** Spacing between the elements of a window. */
  dilation?: Pair;
  /** Round the output size up instead of down. */
  ceilMode?: boolean;
  /** Make `forward` return `{ values, indices }`, the indices (int32) into each flattened `H·W` input plane. */
  returnIndices?: boolean;
}

/**
 * 2-d max pooling (PyTorch's `nn.MaxPool2d`): the largest value of each window. With
 * `returnIndices: true`, `forward` returns `{ values, indices }` (the type follows the option).
 *
 * Shape: `[N, C, H, W]` (or `[C, H, W]`) → `[N, C, Hout, Wout]` with
 * `Hout = floor((H + 2·padding - dilation·(k-1) - 1) / stride) + 1` (ceil with `ceilMode`).
 *
 * @example
 * ```ts
 * const pool = new tg.nn.MaxPool2d(3, { stride: 2 });
 * pool.forward(tg.randn([20, 16, 50, 32])).shape; // [20, 16, 24, 15]
 * String(new tg.nn.MaxPool2d(2)); // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * new tg.nn.MaxPool2d(2, { returnIndices: true }).forward(tg.randn([1, 1, 4, 4])).indices.shape; // [1, 1, 2, 2]
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends Module {
  /** Window size. */
  readonly kernelSize: Pair;
  /** Step between windows. */
  readonly stride: Pair;
  /** Padding on both sides. */
  readonly padding: Pair;
  /** Spacing between window elements. */
  readonly dilation: Pair;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether `forward` returns `{ values, indices }`. */
  readonly returnIndices: R;

  constructor(kernelSize: Pair, options: MaxPool2dOptions & { returnIndices?: R } = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
    this.returnIndices = (options.returnIndices ?? false) as R;
  }

  /**
   * Pools `input`.
   *
   * @example
   * ```ts
   * new tg.nn.MaxPool2d(2).forward(tg.arange(16).float().reshape([1, 1, 4, 4])); // [[[[5, 7], [13, 15]]]]
   * ```
   */
  override forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    const options = { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices as boolean };
    return maxPool2d(input, this.kernelSize, options) as R extends true ? ValuesIndices : Tensor;
  }

  /**
   * `kernel_size=…, stride=…, padding=…, dilation=…, ceil_mode=…`.
   *
   * @example
   * ```ts
   * new tg.nn.MaxPool2d([2, 3]).extraRepr(); // 'kernel_size=(2, 3), stride=(2, 3), padding=0, dilation=1, ceil_mode=False'
   * ```
   */
  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}, ` +
      `dilation=${pySize(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** Options of `AvgPool2d` (PyTorch's defaults: stride = kernelSize, padding 0, ceilMode false, countIncludePad true). */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Pair | null;
  /** Implicit zero padding on both sides; at most half the kernel size. */
  padding?: Pair;
  /** Round the output size up instead of down. */
  ceilMode?: boolean;
  /** Count the zero padding in each window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead. */
  divisorOverride?: number | null;
}

/**
 * 2-d average pooling (PyTorch's `nn.AvgPool2d`): the mean of each window.
 *
 * Shape: `[N, C, H, W]` (or `[C, H, W]`) → `[N, C, Hout, Wout]`, sizes as for `MaxPool2d`.
 *
 * @example
 * ```ts
 * const pool = new tg.nn.AvgPool2d([3, 2], { stride: [2, 1] });
 * pool.forward(tg.randn([20, 16, 50, 32])).shape; // [20, 16, 24, 31]
 * ```
 */
export class AvgPool2d extends Module {
  /** Window size. */
  readonly kernelSize: Pair;
  /** Step between windows. */
  readonly stride: Pair;
  /** Padding on both sides. */
  readonly padding: Pair;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether zero padding counts in the divisor. */
  readonly countIncludePad: boolean;
  /** A fixed divisor, or null. */
  readonly divisorOverride: number | null;

  constructor(kernelSize: Pair, options: AvgPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
  }

  /**
   * Pools `input`.
   *
   * @example
   * ```ts
   * new tg.nn.AvgPool2d(2).forward(tg.arange(16).float().reshape([1, 1, 4, 4])); // [[[[2.5, 4.5], [10.5, 12.5]]]]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  /**
   * `kernel_size=…, stride=…, padding=…`.
   *
   * @example
   * ```ts
   * new tg.nn.AvgPool2d(2).extraRepr(); // 'kernel_size=2, stride=2, padding=0'
   * ```
   */
  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}`;
  }
}

/** Output size of `AdaptiveAvgPool2d`: one number for both dims, or a pair where null keeps the input's size. */
export type AdaptiveSize = number | readonly [number | null, number | null];

/**
 * 2-d adaptive average pooling to a fixed output size (PyTorch's `nn.AdaptiveAvgPool2d`):
 * output `(i, j)` averages rows `[floor(i·H/oh), ceil((i+1)·H/oh))` and the matching columns.
 *
 * Shape: `[N, C, H, W]` (or `[C, H, W]`) → `[N, C, oh, ow]`.
 *
 * @example
 * ```ts
 * new tg.nn.AdaptiveAvgPool2d([5, 7]).forward(tg.randn([1, 64, 8, 9])).shape; // [1, 64, 5, 7]
 * new tg.nn.AdaptiveAvgPool2d(1).forward(tg.randn([2, 8, 4, 4])).shape;       // [2, 8, 1, 1]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  /** The target output size. */
  readonly outputSize: AdaptiveSize;

  constructor(outputSize: AdaptiveSize) {
    super();
    this.outputSize = outputSize;
  }

  /**
   * Pools `input` to `outputSize`.
   *
   * @example
   * ```ts
   * new tg.nn.AdaptiveAvgPool2d([2, null]).forward(tg.ones([1, 3, 6, 5])).shape; // [1, 3, 2, 5]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  /**
   * `output_size=…`.
   *
   * @example
   * ```ts
   * new tg.nn.AdaptiveAvgPool2d([4, null]).extraRepr(); // 'output_size=(4, None)'
   * ```
   */
  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}
