/**
 * @file Convolution layers `Conv1d`, `Conv2d` and `ConvTranspose2d` (PyTorch's
 * `torch/nn/modules/conv.py`): the weights, PyTorch's default initialisation and `extra_repr`;
 * the math is `F.conv1d` / `F.conv2d` / `F.convTranspose2d`.
 */
import type { DType } from '../core/dtype.js';
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { conv1d, conv2d, convTranspose2d } from '../functional/conv.js';
import type { Pair } from '../ops/unfold.js';
import { empty } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { pyBool, pyTuple } from './linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options shared by the convolution layers. */
interface ConvCommonOptions {
  /** Split the channels into this many groups, each with its own filters (default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** How the input is padded; only `'zeros'` (the default) is supported. */
  paddingMode?: 'zeros';
  /** dtype of the parameters (default float32). */
  dtype?: DType;
}

/** Options of `Conv2d` (PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias true). */
export interface Conv2dOptions extends ConvCommonOptions {
  stride?: Pair;
  /** Zeros added to both sides, or `'valid'` (none) or `'same'` (output size = input size; stride 1 only). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
}

/** Options of `Conv1d`: as `Conv2d`, with single numbers. */
export interface Conv1dOptions extends ConvCommonOptions {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
}

/** Options of `ConvTranspose2d` (PyTorch's defaults: stride 1, padding 0, outputPadding 0, groups 1, bias true, dilation 1). */
export interface ConvTranspose2dOptions extends ConvCommonOptions {
  stride?: Pair;
  /** Rows and columns removed from both sides of the full output. */
  padding?: Pair;
  /** Extra rows and columns added to one side of the output. */
  outputPadding?: Pair;
  dilation?: Pair;
}

/** A size argument as a tuple of `n` numbers (PyTorch's `_single` / `_pair`). */
function tuple(v: Pair, n: 1 | 2): number[] {
  if (typeof v === 'number') return Array<number>(n).fill(v);
  return [...v];
}

interface ConvConfig {
  name: string;
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  outputPadding: number[];
  groups: number;
  bias: boolean;
  paddingMode: string;
  transposed: boolean;
  dtype: DType;
}

/**
 * What the convolution layers share (PyTorch's `_ConvNd`): checks, parameters, initialisation
 * and `extra_repr`. Not used on its own.
 */
abstract class ConvNd extends Module {
  /** `[outChannels, inChannels/groups, ...kernelSize]` (transposed: `[inChannels, outChannels/groups, ...kernelSize]`). */
  weight: Parameter;
  /** `[outChannels]`, or null without a bias. */
  bias: Parameter | null;
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Kernel size per spatial dim. */
  readonly kernelSize: readonly number[];
  /** Stride per spatial dim. */
  readonly stride: readonly number[];
  /** Padding per spatial dim, or `'same'` / `'valid'`. */
  readonly padding: readonly number[] | 'same' | 'valid';
  /** Dilation per spatial dim. */
  readonly dilation: readonly number[];
  /** Output padding per spatial dim (transposed convolutions; zeros otherwise). */
  readonly outputPadding: readonly number[];
  /** Number of channel groups. */
  readonly groups: number;
  /** Always `'zeros'`. */
  readonly paddingMode: 'zeros';

  constructor(c: ConvConfig) {
    super();
    const { name, inChannels, outChannels, groups } = c;
    if (!Number.isInteger(groups) || groups <= 0) throw new TensorError(`${name}: groups must be a positive integer, got ${groups}`);
    if (inChannels % groups !== 0) throw new TensorError(`${name}: in_channels (${inChannels}) must be divisible by groups (${groups})`);
    if (outChannels % groups !== 0) throw new TensorError(`${name}: out_channels (${outChannels}) must be divisible by groups (${groups})`);
    if (typeof c.padding === 'string') {
      if (c.padding !== 'same' && c.padding !== 'valid') {
        throw new TensorError(`${name}: invalid padding string '${String(c.padding)}', should be one of 'valid', 'same'`);
      }
      if (c.padding === 'same' && c.stride.some((s) => s !== 1)) {
        throw new TensorError(`${name}: padding='same' is not supported for strided convolutions (stride ${pyTuple(c.stride)})`);
      }
    }
    if (c.paddingMode !== 'zeros') {
      throw new TensorError(`${name}: padding_mode '${c.paddingMode}' is not supported; only 'zeros' is`);
    }
    const shape = c.transposed ? [inChannels, outChannels / groups, ...c.kernelSize] : [outChannels, inChannels / groups, ...c.kernelSize];
    this.weight = new Parameter(empty(shape, { dtype: c.dtype }));
    this.bias = c.bias ? new Parameter(empty([outChannels], { dtype: c.dtype })) : null;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = c.kernelSize;
    this.stride = c.stride;
    this.padding = c.padding;
    this.dilation = c.dilation;
    this.outputPadding = c.outputPadding;
    this.groups = groups;
    this.paddingMode = 'zeros';
    this.resetParameters();
  }

  /**
   * Re-draws the parameters with PyTorch's defaults: the weight from `kaimingUniform_` with
   * `a = √5` (U(±1/√fanIn)), the bias from U(±1/√fanIn), with `fanIn = weight.shape[1] · prod(kernelSize)`.
   *
   * @example
   * ```ts
   * new tg.nn.Conv2d(3, 8, 3).resetParameters();
   * ```
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }

  /** Throws a clear error unless `input` is `[N, inChannels, …]` or `[inChannels, …]` with the right rank. */
  protected checkInput(input: Tensor): void {
    const spatial = this.kernelSize.length;
    const dims = spatial === 1 ? 'L' : 'H, W';
    const rank = spatial + 2;
    const ok = input.ndim === rank || input.ndim === rank - 1;
    const channels = input.shape[input.ndim === rank ? 1 : 0];
    if (!ok || channels !== this.inChannels) {
      throw new ShapeError(
        `${this.constructor.name}: expected input [N, ${this.inChannels}, ${dims}] or [${this.inChannels}, ${dims}] ` +
          `(in_channels=${this.inChannels}), got ${fmtShape(input.shape)}`,
      );
    }
  }

  /**
   * PyTorch's text: `in, out, kernel_size=…, stride=…` and the non-default settings.
   *
   * @example
   * ```ts
   * new tg.nn.Conv2d(3, 8, 3, { padding: 1 }).extraRepr(); // '3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)'
   * ```
   */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/** `Conv2d`'s padding option as a tuple or a string. */
const paddingOf = (p: Pair | 'same' | 'valid' | undefined, n: 1 | 2): number[] | 'same' | 'valid' =>
  typeof p === 'string' ? p : tuple(p ?? 0, n);

/**
 * 2-d convolution over `[N, inChannels, H, W]` inputs (PyTorch's `nn.Conv2d`; cross-correlation).
 *
 * Parameters: `weight` `[outChannels, inChannels/groups, kh, kw]` and `bias` `[outChannels]`,
 * initialised as in PyTorch (see `resetParameters`).
 *
 * Shape: `[N, Cin, H, W]` (or `[Cin, H, W]`) → `[N, Cout, Hout, Wout]` with
 * `Hout = floor((H + 2·padding - dilation·(kh-1) - 1) / stride) + 1`.
 *
 * @example
 * ```ts
 * const m = new tg.nn.Conv2d(16, 33, 3, { stride: 2 });
 * m.forward(tg.randn([2, 16, 10, 10])).shape; // [2, 33, 4, 4]
 * new tg.nn.Conv2d(16, 33, [3, 5], { stride: [2, 1], padding: [4, 2], dilation: [3, 1] });
 * new tg.nn.Conv2d(3, 8, 3, { padding: 'same', bias: false });
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: Conv2dOptions = {}) {
    super({
      name: 'Conv2d', inChannels, outChannels, kernelSize: tuple(kernelSize, 2), stride: tuple(options.stride ?? 1, 2),
      padding: paddingOf(options.padding, 2), dilation: tuple(options.dilation ?? 1, 2), outputPadding: [0, 0],
      groups: options.groups ?? 1, bias: options.bias ?? true, paddingMode: options.paddingMode ?? 'zeros',
      transposed: false, dtype: options.dtype ?? 'float32',
    });
  }

  /**
   * Convolves `input` `[N, inChannels, H, W]` (or `[inChannels, H, W]`).
   *
   * @example
   * ```ts
   * new tg.nn.Conv2d(1, 2, 3).forward(tg.ones([1, 1, 5, 5])).shape; // [1, 2, 3, 3]
   * new tg.nn.Conv2d(3, 2, 3).forward(tg.ones([1, 4, 5, 5])); // throws
   * ```
   */
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    const [sh, sw] = this.stride as [number, number];
    const [dh, dw] = this.dilation as [number, number];
    const p = this.padding;
    return conv2d(input, this.weight, this.bias, {
      stride: [sh, sw], dilation: [dh, dw], groups: this.groups,
      padding: typeof p === 'string' ? p : [p[0]!, p[1]!],
    });
  }
}

/**
 * 1-d convolution over `[N, inChannels, L]` inputs (PyTorch's `nn.Conv1d`).
 *
 * Parameters: `weight` `[outChannels, inChannels/groups, kernelSize]` and `bias` `[outChannels]`,
 * initialised as in PyTorch (see `resetParameters`).
 *
 * Shape: `[N, Cin, L]` (or `[Cin, L]`) → `[N, Cout, Lout]` with
 * `Lout = floor((L + 2·padding - dilation·(k-1) - 1) / stride) + 1`.
 *
 * @example
 * ```ts
 * const m = new tg.nn.Conv1d(16, 33, 3, { stride: 2 });
 * m.forward(tg.randn([20, 16, 50])).shape; // [20, 33, 24]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dOptions = {}) {
    super({
      name: 'Conv1d', inChannels, outChannels, kernelSize: [kernelSize], stride: [options.stride ?? 1],
      padding: paddingOf(options.padding, 1), dilation: [options.dilation ?? 1], outputPadding: [0],
      groups: options.groups ?? 1, bias: options.bias ?? true, paddingMode: options.paddingMode ?? 'zeros',
      transposed: false, dtype: options.dtype ?? 'float32',
    });
  }

  /**
   * Convolves `input` `[N, inChannels, L]` (or `[inChannels, L]`).
   *
   * @example
   * ```ts
   * new tg.nn.Conv1d(2, 4, 3, { padding: 'same' }).forward(tg.ones([1, 2, 9])).shape; // [1, 4, 9]
   * ```
   */
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    const p = this.padding;
    return conv1d(input, this.weight, this.bias, {
      stride: this.stride[0]!, dilation: this.dilation[0]!, groups: this.groups,
      padding: typeof p === 'string' ? p : p[0]!,
    });
  }
}

/**
 * 2-d transposed convolution (the gradient of `Conv2d` with respect to its input; PyTorch's
 * `nn.ConvTranspose2d`), e.g. for upsampling.
 *
 * Parameters: `weight` `[inChannels, outChannels/groups, kh, kw]` and `bias` `[outChannels]`,
 * initialised as in PyTorch: `fanIn = weight.shape[1] · kh · kw` (see `resetParameters`).
 *
 * Shape: `[N, Cin, H, W]` (or `[Cin, H, W]`) → `[N, Cout, Hout, Wout]` with
 * `Hout = (H-1)·stride - 2·padding + dilation·(kh-1) + outputPadding + 1`.
 *
 * @example
 * ```ts
 * const up = new tg.nn.ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 });
 * up.forward(tg.randn([1, 16, 6, 6])).shape; // [1, 8, 12, 12]
 * ```
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: ConvTranspose2dOptions = {}) {
    super({
      name: 'ConvTranspose2d', inChannels, outChannels, kernelSize: tuple(kernelSize, 2), stride: tuple(options.stride ?? 1, 2),
      padding: tuple(options.padding ?? 0, 2), dilation: tuple(options.dilation ?? 1, 2), outputPadding: tuple(options.outputPadding ?? 0, 2),
      groups: options.groups ?? 1, bias: options.bias ?? true, paddingMode: options.paddingMode ?? 'zeros',
      transposed: true, dtype: options.dtype ?? 'float32',
    });
  }

  /**
   * Applies the transposed convolution to `input` `[N, inChannels, H, W]` (or `[inChannels, H, W]`).
   *
   * @example
   * ```ts
   * new tg.nn.ConvTranspose2d(2, 1, 2, { stride: 2 }).forward(tg.ones([1, 2, 3, 3])).shape; // [1, 1, 6, 6]
   * ```
   */
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    const two = (v: readonly number[]): [number, number] => [v[0]!, v[1]!];
    const padding = this.padding === 'same' || this.padding === 'valid' ? [0, 0] : this.padding;
    return convTranspose2d(input, this.weight, this.bias, {
      stride: two(this.stride), padding: two(padding), outputPadding: two(this.outputPadding),
      dilation: two(this.dilation), groups: this.groups,
    });
  }
}
