/**
 * @file The sequence modules `RNN`, `LSTM` and `GRU`: stacked, optionally bidirectional
 * recurrences with PyTorch 1.13's parameters (`weight_ih_l{k}`, `weight_hh_l{k}`,
 * `bias_ih_l{k}`, `bias_hh_l{k}`, `weight_hr_l{k}` for a projected LSTM, `…_reverse` for the
 * reverse direction, registered in PyTorch's order so `stateDict()` keys match), shapes,
 * initial-state conventions and dropout between layers. The math is `rnnLayers` in
 * `functional/rnn.ts`.
 */
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { gateCount, rnnLayers, type RnnMode, type RnnWeights } from '../functional/rnn.js';
import { empty, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { typeName } from './module-base.js';
import { Parameter } from './parameter.js';
import { checkSize, pyBool, resetUniform } from './rnn-cells.js';

/** Options shared by `RNN`, `LSTM` and `GRU` (PyTorch's keyword arguments). */
export interface RNNBaseOptions {
  /** Stacked recurrent layers (default 1). */
  numLayers?: number;
  /** Learn the biases `bias_ih_l{k}` and `bias_hh_l{k}` (default true). */
  bias?: boolean;
  /** Input and output are `[N, L, features]` instead of `[L, N, features]` (default false; states are never batch-first). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode only (default 0). */
  dropout?: number;
  /** Add a reverse-direction layer at every level and concatenate both outputs (default false). */
  bidirectional?: boolean;
}

/** Options of `RNN`. */
export interface RNNOptions extends RNNBaseOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of `LSTM`. */
export interface LSTMOptions extends RNNBaseOptions {
  /** When > 0, project each hidden state to this size with `weight_hr_l{k}` (default 0: no projection). */
  projSize?: number;
}

/** Options of `GRU`. */
export type GRUOptions = RNNBaseOptions;

/** What `RNN`, `LSTM` and `GRU` share (PyTorch's `RNNBase`). */
abstract class RNNBase extends Module {
  /** The recurrence (`'RNN_TANH'`, `'RNN_RELU'`, `'LSTM'` or `'GRU'`). */
  readonly mode: RnnMode;
  /** Features of the input. */
  readonly inputSize: number;
  /** Features of the hidden state (and of the LSTM cell state). */
  readonly hiddenSize: number;
  /** Stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Whether input and output are batch-first. */
  readonly batchFirst: boolean;
  /** Dropout probability between layers. */
  readonly dropout: number;
  /** Whether each layer also runs in reverse. */
  readonly bidirectional: boolean;
  /** Size of the projected LSTM hidden state, or 0. */
  readonly projSize: number;
  readonly #weights: RnnWeights[] = [];
  readonly #all: Parameter[][] = [];

  constructor(mode: RnnMode, inputSize: number, hiddenSize: number, options: RNNBaseOptions & { projSize?: number }) {
    super();
    const op = typeName(this);
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false, projSize = 0 } = options;
    checkSize(op, 'inputSize', inputSize);
    checkSize(op, 'hiddenSize', hiddenSize);
    checkSize(op, 'numLayers', numLayers);
    checkSize(op, 'projSize', projSize, true);
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new TensorError(`${op}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${String(dropout)}`);
    }
    if (projSize >= hiddenSize && projSize > 0) throw new TensorError(`${op}: projSize (${projSize}) has to be smaller than hiddenSize (${hiddenSize})`);
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.projSize = projSize;
    const rows = gateCount[mode] * hiddenSize, realHidden = projSize > 0 ? projSize : hiddenSize;
    const dirs = bidirectional ? 2 : 1;
    for (let layer = 0; layer < numLayers; layer++) {
      for (let dir = 0; dir < dirs; dir++) {
        const suffix = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        const layerInput = layer === 0 ? inputSize : realHidden * dirs;
        const add = (name: string, shape: number[]): Parameter => {
          const p = new Parameter(empty(shape));
          this.registerParameter(`${name}${suffix}`, p);
          return p;
        };
        const wIh = add('weight_ih', [rows, layerInput]), wHh = add('weight_hh', [rows, realHidden]);
        const bIh = bias ? add('bias_ih', [rows]) : null, bHh = bias ? add('bias_hh', [rows]) : null;
        const wHr = projSize > 0 ? add('weight_hr', [projSize, hiddenSize]) : null;
        this.#weights.push({ wIh, wHh, bIh, bHh, wHr });
        this.#all.push([wIh, wHh, bIh, bHh, wHr].filter((p): p is Parameter => p !== null));
      }
    }
    this.resetParameters();
  }

  /**
   * Draws every parameter again from U(−1/√hiddenSize, 1/√hiddenSize) (PyTorch's init).
   *
   * @example
   * ```ts
   * tg.manualSeed(0);
   * new tg.nn.GRU(3, 4).resetParameters();
   * ```
   */
  resetParameters(): void {
    resetUniform(this, this.hiddenSize);
  }

  /**
   * The parameters per layer and direction (forward first), each list in PyTorch's order
   * `[weight_ih, weight_hh, bias_ih, bias_hh, weight_hr]` without the absent ones
   * (PyTorch's `all_weights`).
   *
   * @example
   * ```ts
   * const lstm = new tg.nn.LSTM(3, 4, { numLayers: 2 });
   * lstm.allWeights[1]!.map((p) => p.shape); // [[16, 4], [16, 4], [16], [16]]
   * ```
   */
  get allWeights(): Parameter[][] {
    return this.#all.map((list) => [...list]);
  }

  /**
   * PyTorch's text: `10, 20` plus the options that are not the defaults.
   *
   * @example
   * ```ts
   * new tg.nn.LSTM(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true }).extraRepr();
   * // '10, 20, num_layers=2, batch_first=True, bidirectional=True'
   * ```
   */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${Number.isInteger(this.dropout) ? this.dropout.toFixed(1) : String(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }

  /**
   * Checks the input and the initial states (zeros when `hx` is null), runs the layers and
   * returns the output and the final states in the input's layout.
   */
  protected run(input: Tensor, hx: readonly Tensor[] | null): [Tensor, Tensor[]] {
    const op = typeName(this);
    const layout = this.batchFirst ? '[N, L, inputSize]' : '[L, N, inputSize]';
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(`${op}: expected input to be 2-D (unbatched [L, inputSize]) or 3-D (${layout}) but received ${input.ndim}-D tensor ${fmtShape(input.shape)}`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${op}: input.size(-1) must be equal to inputSize. Expected ${this.inputSize}, got ${input.shape[input.ndim - 1]} (input ${fmtShape(input.shape)})`);
    }
    const batched = input.ndim === 3;
    const x = !batched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
    const n = x.shape[1]!, lead = [this.numLayers * (this.bidirectional ? 2 : 1)];
    const sizes = [this.projSize > 0 ? this.projSize : this.hiddenSize, this.hiddenSize].slice(0, this.mode === 'LSTM' ? 2 : 1);
    const names = this.mode === 'LSTM' ? ['h0', 'c0'] : ['hx'];
    let states: Tensor[];
    if (hx === null) states = sizes.map((h) => zeros([...lead, n, h], { dtype: input.dtype }));
    else {
      states = hx.map((s, k) => {
        const want = batched ? [...lead, n, sizes[k]!] : [...lead, sizes[k]!];
        if (s.ndim !== want.length || s.shape.some((d, i) => d !== want[i])) {
          throw new ShapeError(`${op}: expected ${names[k]} of shape ${fmtShape(want)} for ${batched ? 'batched' : 'unbatched'} input ${fmtShape(input.shape)}, got ${fmtShape(s.shape)}`);
        }
        return batched ? s : s.unsqueeze(1);
      });
    }
    const [out, finals] = rnnLayers(this.mode, x, states, this.#weights, {
      numLayers: this.numLayers, bidirectional: this.bidirectional, dropout: this.dropout, training: this.training,
    });
    if (!batched) return [out.squeeze(1), finals.map((s) => s.squeeze(1))];
    return [this.batchFirst ? out.transpose(0, 1) : out, finals];
  }
}

/**
 * A multi-layer Elman RNN: `h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)` (or ReLU) per
 * layer and direction.
 *
 * Shapes (D = 2 when bidirectional, else 1): input `[L, N, inputSize]` (`[N, L, inputSize]` with
 * `batchFirst`, or unbatched `[L, inputSize]`); `hx` `[numLayers·D, N, hiddenSize]`
 * (`[numLayers·D, hiddenSize]` unbatched; zeros when omitted). Returns `[output, hN]` with
 * output `[L, N, D·hiddenSize]` (in the input's layout) and `hN` shaped like `hx`.
 *
 * @example
 * ```ts
 * const rnn = new tg.nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hN] = rnn.forward(tg.randn([5, 3, 10]), tg.randn([2, 3, 20]));
 * output.shape; // [5, 3, 20]
 * hN.shape;     // [2, 3, 20]
 * ```
 */
export class RNN extends RNNBase {
  /** `'tanh'` or `'relu'`. */
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new TensorError(`RNN: unknown nonlinearity '${String(nonlinearity)}'; select from 'tanh' or 'relu'`);
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  /**
   * Runs the sequence; returns `[output, hN]`.
   *
   * @example
   * ```ts
   * const [out, h] = new tg.nn.RNN(3, 4, { nonlinearity: 'relu' }).forward(tg.randn([6, 3]));
   * out.shape; // [6, 4]
   * h.shape;   // [1, 4]
   * ```
   */
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [out, [h]] = this.run(input, hx == null ? null : [hx]);
    return [out, h!];
  }
}

/**
 * A multi-layer long short-term memory: per layer and direction, the `LSTMCell` recurrence
 * (gates i, f, g, o) over the sequence, optionally projecting `h` to `projSize`.
 *
 * Shapes (D = 2 when bidirectional, else 1; H_out = projSize or hiddenSize): input
 * `[L, N, inputSize]` (`[N, L, inputSize]` with `batchFirst`, or unbatched `[L, inputSize]`);
 * `h0` `[numLayers·D, N, H_out]` and `c0` `[numLayers·D, N, hiddenSize]` (without `N`
 * unbatched; zeros when omitted). Returns `[output, [hN, cN]]` with output `[L, N, D·H_out]`.
 *
 * @example
 * ```ts
 * const lstm = new tg.nn.LSTM(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true });
 * String(lstm); // 'LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)'
 * const [output, [hN, cN]] = lstm.forward(tg.randn([3, 5, 10]));
 * output.shape; // [3, 5, 40]
 * hN.shape;     // [4, 3, 20]
 * cN.shape;     // [4, 3, 20]
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }

  /**
   * Runs the sequence; returns `[output, [hN, cN]]`.
   *
   * @example
   * ```ts
   * const lstm = new tg.nn.LSTM(3, 4);
   * const [out, [h, c]] = lstm.forward(tg.randn([6, 2, 3]), [tg.zeros([1, 2, 4]), tg.zeros([1, 2, 4])]);
   * out.shape; // [6, 2, 4]
   * lstm.forward(tg.randn([6, 2, 5])); // throws
   * ```
   */
  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [out, [h, c]] = this.run(input, hx ?? null);
    return [out, [h!, c!]];
  }
}

/**
 * A multi-layer gated recurrent unit: per layer and direction, the `GRUCell` recurrence
 * (gates r, z, n) over the sequence.
 *
 * Shapes as for `RNN`: input `[L, N, inputSize]` (`[N, L, inputSize]` with `batchFirst`, or
 * unbatched `[L, inputSize]`), `hx` `[numLayers·D, N, hiddenSize]`; returns `[output, hN]`.
 *
 * @example
 * ```ts
 * const gru = new tg.nn.GRU(10, 20, { numLayers: 2, dropout: 0.1 });
 * const [output, hN] = gru.forward(tg.randn([5, 3, 10]));
 * output.shape; // [5, 3, 20]
 * hN.shape;     // [2, 3, 20]
 * ```
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  /**
   * Runs the sequence; returns `[output, hN]`.
   *
   * @example
   * ```ts
   * const [out, h] = new tg.nn.GRU(3, 4, { bidirectional: true }).forward(tg.randn([6, 3]));
   * out.shape; // [6, 8]
   * h.shape;   // [2, 4]
   * ```
   */
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [out, [h]] = this.run(input, hx == null ? null : [hx]);
    return [out, h!];
  }
}
