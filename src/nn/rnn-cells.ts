/**
 * @file The single-step recurrent modules `RNNCell`, `LSTMCell` and `GRUCell`: parameters named
 * and initialized as in PyTorch 1.13 (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, all
 * U(−1/√hiddenSize, 1/√hiddenSize)), the math in `functional/rnn.ts`.
 */
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { gateCount, lstmCell, gruCell, rnnReluCell, rnnTanhCell, checkCell, type RnnMode } from '../functional/rnn.js';
import { empty, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { typeName } from './module-base.js';
import { Parameter } from './parameter.js';

/** Throws unless `value` is a positive integer (or ≥ 0 with `allowZero`). @internal */
export function checkSize(op: string, name: string, value: number, allowZero = false): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TensorError(`${op}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}`);
  }
}

/** PyTorch's `reset_parameters` for recurrent modules: every parameter from U(−1/√hidden, 1/√hidden). @internal */
export function resetUniform(module: Module, hiddenSize: number): void {
  const k = 1 / Math.sqrt(hiddenSize);
  for (const p of module.parameters()) uniform_(p, -k, k);
}

/** Python's spelling of a boolean in `extraRepr`. @internal */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Options of `RNNCell`. */
export interface RNNCellOptions {
  /** Learn the biases `bias_ih` and `bias_hh` (default true). */
  bias?: boolean;
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of `LSTMCell` and `GRUCell`. */
export interface CellOptions {
  /** Learn the biases `bias_ih` and `bias_hh` (default true). */
  bias?: boolean;
}

/**
 * What the three cells share (PyTorch's `RNNCellBase`): sizes, the four parameters, their
 * initialization and input checks.
 */
abstract class RNNCellBase extends Module {
  /** Features of the input `x`. */
  readonly inputSize: number;
  /** Features of the hidden state `h`. */
  readonly hiddenSize: number;
  /** Whether the cell has the biases `bias_ih` and `bias_hh`. */
  readonly bias: boolean;
  readonly #mode: RnnMode;
  readonly #params: readonly [Parameter, Parameter, Parameter | null, Parameter | null];

  constructor(mode: RnnMode, inputSize: number, hiddenSize: number, bias: boolean) {
    super();
    const op = typeName(this);
    checkSize(op, 'inputSize', inputSize);
    checkSize(op, 'hiddenSize', hiddenSize);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.#mode = mode;
    const rows = gateCount[mode] * hiddenSize;
    const wIh = new Parameter(empty([rows, inputSize])), wHh = new Parameter(empty([rows, hiddenSize]));
    const bIh = bias ? new Parameter(empty([rows])) : null, bHh = bias ? new Parameter(empty([rows])) : null;
    this.registerParameter('weight_ih', wIh);
    this.registerParameter('weight_hh', wHh);
    this.registerParameter('bias_ih', bIh);
    this.registerParameter('bias_hh', bHh);
    this.#params = [wIh, wHh, bIh, bHh];
    this.resetParameters();
  }

  /**
   * Draws every parameter again from U(−1/√hiddenSize, 1/√hiddenSize).
   *
   * @example
   * ```ts
   * tg.manualSeed(0);
   * new tg.nn.GRUCell(3, 4).resetParameters();
   * ```
   */
  resetParameters(): void {
    resetUniform(this, this.hiddenSize);
  }

  /**
   * `weight_ih`: `[gates·hiddenSize, inputSize]` (gates: 1 for RNN, 4 for LSTM, 3 for GRU).
   *
   * @example
   * ```ts
   * new tg.nn.LSTMCell(3, 4).weightIh.shape; // [16, 3]
   * ```
   */
  get weightIh(): Parameter {
    return this.#params[0];
  }

  /**
   * `weight_hh`: `[gates·hiddenSize, hiddenSize]`.
   *
   * @example
   * ```ts
   * new tg.nn.GRUCell(3, 4).weightHh.shape; // [12, 4]
   * ```
   */
  get weightHh(): Parameter {
    return this.#params[1];
  }

  /**
   * `bias_ih`: `[gates·hiddenSize]`, or null without biases.
   *
   * @example
   * ```ts
   * new tg.nn.RNNCell(3, 4, { bias: false }).biasIh; // null
   * ```
   */
  get biasIh(): Parameter | null {
    return this.#params[2];
  }

  /**
   * `bias_hh`: `[gates·hiddenSize]`, or null without biases.
   *
   * @example
   * ```ts
   * new tg.nn.RNNCell(3, 4).biasHh!.shape; // [4]
   * ```
   */
  get biasHh(): Parameter | null {
    return this.#params[3];
  }

  /**
   * `3, 4` plus `bias=False` / `nonlinearity=relu` when not the defaults (PyTorch's text).
   *
   * @example
   * ```ts
   * new tg.nn.RNNCell(3, 4, { nonlinearity: 'relu' }).extraRepr(); // '3, 4, nonlinearity=relu'
   * ```
   */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    if (this.#mode === 'RNN_RELU') s += ', nonlinearity=relu';
    return s;
  }

  /** Checks `input` and the `count` states (zeros when `hx` is null) and returns the states. */
  protected prepare(input: Tensor, hx: readonly Tensor[] | null, count: number): Tensor[] {
    const op = typeName(this);
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new ShapeError(`${op}: expected input to be 1-D [inputSize] or 2-D [N, inputSize] but received ${input.ndim}-D tensor ${fmtShape(input.shape)}`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${op}: input has inconsistent input size: got ${fmtShape(input.shape)}, expected its last dim to be inputSize = ${this.inputSize}`);
    }
    const shape = [...input.shape.slice(0, -1), this.hiddenSize];
    const states = hx ?? Array.from({ length: count }, () => zeros(shape, { dtype: input.dtype }));
    const [wIh, wHh, bIh, bHh] = this.#params;
    checkCell(op, this.#mode, input, states, wIh, wHh, bIh, bHh);
    return [...states];
  }

  /** The parameters in `F`'s argument order. */
  protected get weights(): readonly [Parameter, Parameter, Parameter | null, Parameter | null] {
    return this.#params;
  }
}

/**
 * An Elman RNN cell: `h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)` (or ReLU).
 *
 * Shapes: input `[N, inputSize]` or unbatched `[inputSize]`; `h` and the result
 * `[N, hiddenSize]` or `[hiddenSize]`. Parameters: `weight_ih` `[hiddenSize, inputSize]`,
 * `weight_hh` `[hiddenSize, hiddenSize]`, `bias_ih`, `bias_hh` `[hiddenSize]`.
 *
 * @example
 * ```ts
 * const cell = new tg.nn.RNNCell(10, 20);
 * let h = tg.zeros([3, 20]);
 * for (const x of tg.randn([6, 3, 10]).split(1)) h = cell.forward(x.squeeze(0), h);
 * h.shape; // [3, 20]
 * ```
 */
export class RNNCell extends RNNCellBase {
  /** `'tanh'` or `'relu'`. */
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new TensorError(`RNNCell: unknown nonlinearity '${String(nonlinearity)}'; select from 'tanh' or 'relu'`);
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options.bias ?? true);
    this.nonlinearity = nonlinearity;
  }

  /**
   * One step; `hx` defaults to zeros.
   *
   * @example
   * ```ts
   * new tg.nn.RNNCell(3, 4).forward(tg.randn([2, 3])).shape; // [2, 4]
   * new tg.nn.RNNCell(3, 4).forward(tg.randn([2, 5])); // throws
   * ```
   */
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [h] = this.prepare(input, hx == null ? null : [hx], 1);
    const f = this.nonlinearity === 'tanh' ? rnnTanhCell : rnnReluCell;
    return f(input, h!, ...this.weights);
  }
}

/**
 * A long short-term memory cell (gates i, f, g, o): `c' = σ(f) c + σ(i) tanh(g)`,
 * `h' = σ(o) tanh(c')`.
 *
 * Shapes: input `[N, inputSize]` or unbatched `[inputSize]`; `h`, `c` `[N, hiddenSize]` or
 * `[hiddenSize]`. Parameters: `weight_ih` `[4·hiddenSize, inputSize]`, `weight_hh`
 * `[4·hiddenSize, hiddenSize]`, `bias_ih`, `bias_hh` `[4·hiddenSize]`.
 *
 * @example
 * ```ts
 * const cell = new tg.nn.LSTMCell(10, 20);
 * let state: [tg.Tensor, tg.Tensor] = [tg.zeros([3, 20]), tg.zeros([3, 20])];
 * for (const x of tg.randn([6, 3, 10]).split(1)) state = cell.forward(x.squeeze(0), state);
 * state[0].shape; // [3, 20]
 * ```
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options.bias ?? true);
  }

  /**
   * One step; `hx = [h, c]` defaults to zeros. Returns `[h', c']`.
   *
   * @example
   * ```ts
   * const [h, c] = new tg.nn.LSTMCell(3, 4).forward(tg.randn([3]));
   * h.shape; // [4]
   * ```
   */
  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [h, c] = this.prepare(input, hx ?? null, 2);
    return lstmCell(input, [h!, c!], ...this.weights);
  }
}

/**
 * A gated recurrent unit cell (gates r, z, n): `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`,
 * `h' = (1 − z) ⊙ n + z ⊙ h`.
 *
 * Shapes: input `[N, inputSize]` or unbatched `[inputSize]`; `h` and the result
 * `[N, hiddenSize]` or `[hiddenSize]`. Parameters: `weight_ih` `[3·hiddenSize, inputSize]`,
 * `weight_hh` `[3·hiddenSize, hiddenSize]`, `bias_ih`, `bias_hh` `[3·hiddenSize]`.
 *
 * @example
 * ```ts
 * const cell = new tg.nn.GRUCell(10, 20);
 * let h = tg.zeros([3, 20]);
 * for (const x of tg.randn([6, 3, 10]).split(1)) h = cell.forward(x.squeeze(0), h);
 * h.shape; // [3, 20]
 * ```
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRU', inputSize, hiddenSize, options.bias ?? true);
  }

  /**
   * One step; `hx` defaults to zeros.
   *
   * @example
   * ```ts
   * new tg.nn.GRUCell(3, 4).forward(tg.randn([2, 3]), tg.zeros([2, 4])).shape; // [2, 4]
   * ```
   */
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [h] = this.prepare(input, hx == null ? null : [hx], 1);
    return gruCell(input, h!, ...this.weights);
  }
}
