/**
 * @file Recurrent math composed from primitives (no backward of its own): the single-step cells
 * `rnnTanhCell`, `rnnReluCell`, `lstmCell` and `gruCell` (PyTorch 1.13's formulas and gate
 * orders), and `rnnLayers`, the stacked, optionally bidirectional recurrence that `nn.RNN`,
 * `nn.LSTM` and `nn.GRU` run. Each time step adds the hidden-state projection to the input
 * projection, which is computed for the whole sequence in one matrix product per layer.
 */
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import type { Generator } from '../core/rng.js';
import { cat, stack } from '../tensor/functions-shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout } from './dropout.js';
import { linear } from './linear.js';

/** The recurrence of a layer, by PyTorch's mode names. */
export type RnnMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** Gates per mode: the rows of `wIh` / `wHh` are `gates · hiddenSize`. */
export const gateCount: { readonly [M in RnnMode]: number } = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** One layer-direction's weights (PyTorch's `weight_ih_l{k}`, …; `wHr` only for a projected LSTM). */
export interface RnnWeights {
  readonly wIh: Tensor;
  readonly wHh: Tensor;
  readonly bIh: Tensor | null;
  readonly bHh: Tensor | null;
  readonly wHr: Tensor | null;
}

/**
 * One time step from the precomputed input projection `gi = x W_ihᵀ + b_ih` and the previous
 * state (`[h]`, or `[h, c]` for LSTM) to the next state.
 */
type Step = (gi: Tensor, state: readonly Tensor[], w: RnnWeights) => Tensor[];

const steps: { readonly [M in RnnMode]: Step } = {
  // h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)
  RNN_TANH: (gi, [h], w) => [gi.add(linear(h!, w.wHh, w.bHh)).tanh()],
  // h' = relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)
  RNN_RELU: (gi, [h], w) => [gi.add(linear(h!, w.wHh, w.bHh)).relu()],
  // gates i, f, g, o; c' = σ(f) c + σ(i) tanh(g); h' = σ(o) tanh(c') (then h' W_hrᵀ when projected)
  LSTM: (gi, [h, c], w) => {
    const [i, f, g, o] = gi.add(linear(h!, w.wHh, w.bHh)).chunk(4, -1) as [Tensor, Tensor, Tensor, Tensor];
    const cNext = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
    const hNext = o.sigmoid().mul(cNext.tanh());
    return [w.wHr === null ? hNext : linear(hNext, w.wHr), cNext];
  },
  // gates r, z, n; n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h' = (1 - z) n + z h
  GRU: (gi, [h], w) => {
    const [ir, iz, inn] = gi.chunk(3, -1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hn] = linear(h!, w.wHh, w.bHh).chunk(3, -1) as [Tensor, Tensor, Tensor];
    const r = ir.add(hr).sigmoid();
    const z = iz.add(hz).sigmoid();
    const n = inn.add(r.mul(hn)).tanh();
    return [z.neg().add(1).mul(n).add(z.mul(h!))];
  },
};

const cellNames: { readonly [M in RnnMode]: string } = { RNN_TANH: 'rnnTanhCell', RNN_RELU: 'rnnReluCell', LSTM: 'lstmCell', GRU: 'gruCell' };

/**
 * Checks a cell's arguments: `x` `[N, inputSize]` or `[inputSize]`, each state `[N, hidden]`
 * (or `[hidden]`), `wIh` `[gates·hidden, inputSize]`, `wHh` `[gates·hidden, hidden]`, biases
 * `[gates·hidden]`. `op` names the caller in the message.
 * @internal
 */
export function checkCell(op: string, mode: RnnMode, x: Tensor, state: readonly Tensor[], wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null): void {
  const rows = wHh.shape[0] ?? 0, hidden = wHh.shape[1] ?? 0, gates = gateCount[mode];
  if (wIh.ndim !== 2 || wHh.ndim !== 2 || rows !== gates * hidden || wIh.shape[0] !== rows) {
    throw new ShapeError(`${op}: weights must be wIh [${gates}·hidden, inputSize] and wHh [${gates}·hidden, hidden], got ${fmtShape(wIh.shape)} and ${fmtShape(wHh.shape)}`);
  }
  const inputSize = wIh.shape[1]!;
  if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== inputSize) {
    throw new ShapeError(`${op}: input must be [N,${inputSize}] or [${inputSize}] (inputSize of weight_ih ${fmtShape(wIh.shape)}), got ${fmtShape(x.shape)}`);
  }
  const want = [...x.shape.slice(0, -1), hidden];
  state.forEach((s, k) => {
    if (s.ndim !== want.length || s.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${op}: hidden state ${k} must have shape ${fmtShape(want)} for input ${fmtShape(x.shape)} and hiddenSize ${hidden}, got ${fmtShape(s.shape)}`);
    }
  });
  for (const [name, b] of [['bIh', bIh], ['bHh', bHh]] as const) {
    if (b !== null && !(b.ndim === 1 && b.shape[0] === rows)) {
      throw new ShapeError(`${op}: ${name} must have shape [${rows}], got ${fmtShape(b.shape)}`);
    }
  }
}

/** Runs one checked cell step. */
function cell(mode: RnnMode, x: Tensor, state: readonly Tensor[], wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null): Tensor[] {
  checkCell(cellNames[mode], mode, x, state, wIh, wHh, bIh ?? null, bHh ?? null);
  return steps[mode](linear(x, wIh, bIh), state, { wIh, wHh, bIh: bIh ?? null, bHh: bHh ?? null, wHr: null });
}

/**
 * One step of an Elman RNN with tanh: `h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`.
 *
 * @param x - input `[N, inputSize]` (or unbatched `[inputSize]`)
 * @param h - hidden state `[N, hiddenSize]` (or `[hiddenSize]`)
 * @param wIh - `[hiddenSize, inputSize]`
 * @param wHh - `[hiddenSize, hiddenSize]`
 * @param bIh - `[hiddenSize]` (optional)
 * @param bHh - `[hiddenSize]` (optional)
 * @returns the next hidden state, shaped like `h`
 * @example
 * ```ts
 * const h = tg.F.rnnTanhCell(tg.ones([2, 3]), tg.zeros([2, 4]), tg.ones([4, 3]), tg.ones([4, 4]));
 * h.shape; // [2, 4], every value tanh(3)
 * ```
 */
export function rnnTanhCell(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null): Tensor {
  return cell('RNN_TANH', x, [h], wIh, wHh, bIh, bHh)[0]!;
}

/**
 * One step of an Elman RNN with ReLU: `h' = relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`.
 *
 * @param x - input `[N, inputSize]` (or unbatched `[inputSize]`)
 * @param h - hidden state `[N, hiddenSize]` (or `[hiddenSize]`)
 * @param wIh - `[hiddenSize, inputSize]`
 * @param wHh - `[hiddenSize, hiddenSize]`
 * @param bIh - `[hiddenSize]` (optional)
 * @param bHh - `[hiddenSize]` (optional)
 * @returns the next hidden state, shaped like `h`
 * @example
 * ```ts
 * tg.F.rnnReluCell(tg.tensor([1, -1]), tg.zeros([1]), tg.tensor([[2, 1]]), tg.ones([1, 1])); // [1]
 * ```
 */
export function rnnReluCell(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null): Tensor {
  return cell('RNN_RELU', x, [h], wIh, wHh, bIh, bHh)[0]!;
}

/**
 * One LSTM step (PyTorch's gate order i, f, g, o along the rows of the weights):
 * `i, f, g, o = split(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`, `c' = σ(f) c + σ(i) tanh(g)`,
 * `h' = σ(o) tanh(c')`.
 *
 * @param x - input `[N, inputSize]` (or unbatched `[inputSize]`)
 * @param state - `[h, c]`, each `[N, hiddenSize]` (or `[hiddenSize]`)
 * @param wIh - `[4·hiddenSize, inputSize]`
 * @param wHh - `[4·hiddenSize, hiddenSize]`
 * @param bIh - `[4·hiddenSize]` (optional)
 * @param bHh - `[4·hiddenSize]` (optional)
 * @returns `[h', c']`
 * @example
 * ```ts
 * const [h, c] = tg.F.lstmCell(tg.ones([2, 3]), [tg.zeros([2, 4]), tg.zeros([2, 4])], tg.zeros([16, 3]), tg.zeros([16, 4]));
 * c.toArray(); // all 0: σ(0) · 0 + σ(0) · tanh(0)
 * h.shape;     // [2, 4]
 * ```
 */
export function lstmCell(
  x: Tensor, state: readonly [Tensor, Tensor], wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null,
): [Tensor, Tensor] {
  const [h, c] = cell('LSTM', x, state, wIh, wHh, bIh, bHh);
  return [h!, c!];
}

/**
 * One GRU step (PyTorch's gate order r, z, n along the rows of the weights):
 * `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
 * `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
 *
 * @param x - input `[N, inputSize]` (or unbatched `[inputSize]`)
 * @param h - hidden state `[N, hiddenSize]` (or `[hiddenSize]`)
 * @param wIh - `[3·hiddenSize, inputSize]`
 * @param wHh - `[3·hiddenSize, hiddenSize]`
 * @param bIh - `[3·hiddenSize]` (optional)
 * @param bHh - `[3·hiddenSize]` (optional)
 * @returns the next hidden state, shaped like `h`
 * @example
 * ```ts
 * const h = tg.F.gruCell(tg.ones([2, 3]), tg.ones([2, 4]), tg.zeros([12, 3]), tg.zeros([12, 4]));
 * h.toArray(); // all 0.5: z = σ(0) = 0.5, n = tanh(0) = 0
 * ```
 */
export function gruCell(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null): Tensor {
  return cell('GRU', x, [h], wIh, wHh, bIh, bHh)[0]!;
}

/** Options of `rnnLayers`. */
export interface RnnLayersOptions {
  /** Stacked layers; `weights` holds `numLayers · numDirections` entries. */
  numLayers: number;
  /** Run a reverse direction too and concatenate both along the feature dim. */
  bidirectional: boolean;
  /** Dropout probability on the outputs of every layer but the last (default 0). */
  dropout?: number;
  /** Apply `dropout` (default false). */
  training?: boolean;
  /** Generator for the dropout masks (default: the global one). */
  generator?: Generator;
}

/** Runs one direction over the whole sequence; returns the outputs `[L, N, H]` in time order and the last state. */
function runDirection(mode: RnnMode, gi: Tensor, state: Tensor[], w: RnnWeights, reverse: boolean): [Tensor, Tensor[]] {
  const length = gi.shape[0]!;
  const outs: Tensor[] = new Array<Tensor>(length);
  for (let k = 0; k < length; k++) {
    const t = reverse ? length - 1 - k : k;
    state = steps[mode](gi.select(0, t), state, w);
    outs[t] = state[0]!;
  }
  return [stack(outs, 0), state];
}

/**
 * The stacked recurrence of `nn.RNN`, `nn.LSTM` and `nn.GRU` on a checked, time-major, batched
 * input. Layer `k`'s input is layer `k − 1`'s output (both directions concatenated), after
 * dropout when training; the reverse direction reads the sequence from its end.
 *
 * @param mode - the recurrence
 * @param input - `[L, N, inputSize]`
 * @param hx - the initial states, `[h0]` or `[h0, c0]` for LSTM, each `[numLayers·numDirections, N, ·]`
 * @param weights - per layer and direction (forward first), PyTorch's order
 * @returns `[output [L, N, numDirections·H], [hN] or [hN, cN]]`
 * @internal
 */
export function rnnLayers(mode: RnnMode, input: Tensor, hx: readonly Tensor[], weights: readonly RnnWeights[], options: RnnLayersOptions): [Tensor, Tensor[]] {
  const { numLayers, bidirectional, dropout: p = 0, training = false, generator } = options;
  const dirs = bidirectional ? 2 : 1;
  if (weights.length !== numLayers * dirs) {
    throw new TensorError(`rnnLayers: expected ${numLayers * dirs} weight sets (numLayers ${numLayers} × ${dirs} directions), got ${weights.length}`);
  }
  if (input.ndim !== 3 || input.shape[0] === 0) {
    throw new ShapeError(`rnnLayers: input must be a non-empty sequence [L, N, inputSize], got ${fmtShape(input.shape)}`);
  }
  const finals: Tensor[][] = hx.map(() => []);
  let layerInput = input;
  for (let layer = 0; layer < numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let dir = 0; dir < dirs; dir++) {
      const index = layer * dirs + dir;
      const w = weights[index]!;
      const gi = linear(layerInput, w.wIh, w.bIh);
      const [out, last] = runDirection(mode, gi, hx.map((s) => s.select(0, index)), w, dir === 1);
      outs.push(out);
      last.forEach((s, k) => finals[k]!.push(s));
    }
    layerInput = dirs === 1 ? outs[0]! : cat(outs, 2);
    if (layer < numLayers - 1 && training && p > 0) layerInput = dropout(layerInput, generator ? { p, generator } : { p });
  }
  return [layerInput, finals.map((list) => stack(list, 0))];
}
