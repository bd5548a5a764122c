/**
 * @file Recurrent functional math (src/functional/rnn.ts): the cells against PyTorch 1.13
 * (the cell cases of test/fixtures/rnn.json, from test/fixtures/make_rnn_fixtures.py) to 1e-10,
 * gradcheck through every cell and through stacked bidirectional LSTM and GRU layers, and the
 * errors for mis-shaped arguments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { gruCell, lstmCell, rnnLayers, rnnReluCell, rnnTanhCell, type RnnWeights } from '../../src/functional/rnn.js';

interface Encoded { shape: number[]; data: number[] }
interface CellCase {
  module: string;
  options: { nonlinearity?: string };
  label: string;
  stateDict: Record<string, Encoded>;
  input: Encoded;
  states: Encoded[];
  outputs: Encoded[];
  gradOutputs: Encoded[];
  gradInput: Encoded;
  gradStates: Record<string, Encoded>;
  gradParams: Record<string, Encoded>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/rnn.json', import.meta.url), 'utf8')) as { cases: CellCase[] };
const decode = (e: Encoded): Tensor => tg.tensor(Float64Array.from(e.data), { dtype: 'float64' }).reshape(e.shape);

/** Throws unless `t` has `e`'s shape and values within `tol·max(1, |e|)`. */
function expectEncoded(what: string, t: Tensor | null | undefined, e: Encoded, tol = 1e-10): void {
  expect(t, what).toBeTruthy();
  expect(t!.shape, `${what}: shape`).toEqual(e.shape);
  const got = t!.dataSync();
  e.data.forEach((want, k) => {
    if (!(Math.abs(Number(got[k]) - want) <= tol * Math.max(1, Math.abs(want)))) {
      throw new Error(`${what}: element ${k} is ${got[k]}, PyTorch gives ${want}`);
    }
  });
}

const r64 = (shape: number[]): Tensor => tg.randn(shape, { dtype: 'float64' }).mul(0.5).requiresGrad_();

describe('cells against PyTorch (float64, 1e-10)', () => {
  const cases = fixture.cases.filter((c) => c.module.endsWith('Cell'));
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const x = decode(c.input).requiresGrad_();
    const hidden = c.stateDict['weight_hh']!.shape[1]!;
    const stateShape = [...x.shape.slice(0, -1), hidden];
    const given = c.states.map((s) => decode(s).requiresGrad_());
    const states = given.length > 0 ? given : (c.module === 'LSTMCell' ? [0, 1] : [0]).map(() => tg.zeros(stateShape, { dtype: 'float64' }));
    const names = Object.keys(c.stateDict);
    const params = names.map((n) => decode(c.stateDict[n]!).requiresGrad_());
    const [wIh, wHh, bIh, bHh] = params as [Tensor, Tensor, Tensor | undefined, Tensor | undefined];
    let outs: Tensor[];
    if (c.module === 'LSTMCell') outs = lstmCell(x, [states[0]!, states[1]!], wIh, wHh, bIh, bHh);
    else if (c.module === 'GRUCell') outs = [gruCell(x, states[0]!, wIh, wHh, bIh, bHh)];
    else outs = [(c.options.nonlinearity === 'relu' ? rnnReluCell : rnnTanhCell)(x, states[0]!, wIh, wHh, bIh, bHh)];
    outs.forEach((o, i) => expectEncoded(`output ${i}`, o, c.outputs[i]!));
    const grads = tg.autograd.grad(outs, [x, ...given, ...params], { gradOutputs: c.gradOutputs.map(decode), allowUnused: true });
    expectEncoded('grad input', grads[0], c.gradInput);
    given.forEach((_, k) => expectEncoded(`grad ${['h0', 'c0'][k]}`, grads[1 + k], c.gradStates[['h0', 'c0'][k]!]!));
    names.forEach((n, k) => expectEncoded(`grad ${n}`, grads[1 + given.length + k], c.gradParams[n]!));
  });

  it('gruCell follows n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h′ = (1 − z) n + z h', () => {
    // One hidden unit, one input: W_ih = [a_r, a_z, a_n], W_hh = [b_r, b_z, b_n], biases in the same order.
    const x = 0.7, h = -0.4, a = [0.3, -0.2, 0.5], b = [0.1, 0.4, -0.6], bi = [0.05, -0.1, 0.2], bh = [0.3, 0.0, -0.15];
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    const r = sig(a[0]! * x + bi[0]! + b[0]! * h + bh[0]!), z = sig(a[1]! * x + bi[1]! + b[1]! * h + bh[1]!);
    const n = Math.tanh(a[2]! * x + bi[2]! + r * (b[2]! * h + bh[2]!));
    const t = (v: number[] | number[][]): Tensor => tg.tensor(v, { dtype: 'float64' });
    const got = gruCell(t([[x]]), t([[h]]), t(a.map((v) => [v])), t(b.map((v) => [v])), t(bi), t(bh));
    expect(got.item()).toBeCloseTo((1 - z) * n + z * h, 14);
  });
});

describe('gradcheck (float64)', () => {
  it('through every cell, batched and unbatched, with and without biases', () => {
    tg.manualSeed(3);
    const [n, i, h] = [2, 3, 2];
    for (const lead of [[n], []]) {
      const x = r64([...lead, i]), h0 = r64([...lead, h]), c0 = r64([...lead, h]);
      for (const gates of [1, 3, 4]) {
        const wIh = r64([gates * h, i]), wHh = r64([gates * h, h]), bIh = r64([gates * h]), bHh = r64([gates * h]);
        const fns: Record<number, (...t: Tensor[]) => Tensor | Tensor[]> = {
          1: (a, s, _c, w1, w2, b1, b2) => [rnnTanhCell(a!, s!, w1!, w2!, b1, b2), rnnReluCell(a!, s!, w1!, w2!)],
          3: (a, s, _c, w1, w2, b1, b2) => gruCell(a!, s!, w1!, w2!, b1, b2),
          4: (a, s, c, w1, w2, b1, b2) => lstmCell(a!, [s!, c!], w1!, w2!, b1, b2),
        };
        expect(tg.autograd.gradcheck(fns[gates]!, [x, h0, c0, wIh, wHh, bIh, bHh])).toBe(true);
      }
    }
  });

  /** Weights of a `numLayers`-layer bidirectional stack as one flat list of leaf tensors. */
  function stackWeights(gates: number, input: number, hidden: number, numLayers: number, proj = 0): Tensor[] {
    const out: Tensor[] = [];
    const real = proj > 0 ? proj : hidden;
    for (let layer = 0; layer < numLayers; layer++) {
      for (let dir = 0; dir < 2; dir++) {
        out.push(r64([gates * hidden, layer === 0 ? input : 2 * real]), r64([gates * hidden, real]), r64([gates * hidden]), r64([gates * hidden]));
        if (proj > 0) out.push(r64([proj, hidden]));
      }
    }
    return out;
  }
  const group = (flat: Tensor[], per: number): RnnWeights[] => {
    const out: RnnWeights[] = [];
    for (let k = 0; k < flat.length; k += per) {
      out.push({ wIh: flat[k]!, wHh: flat[k + 1]!, bIh: flat[k + 2]!, bHh: flat[k + 3]!, wHr: per === 5 ? flat[k + 4]! : null });
    }
    return out;
  };

  it('through a 2-layer bidirectional LSTM: input, h0, c0 and every weight', () => {
    tg.manualSeed(4);
    const x = r64([3, 2, 2]), h0 = r64([4, 2, 2]), c0 = r64([4, 2, 2]);
    const weights = stackWeights(4, 2, 2, 2);
    const fn = (...t: Tensor[]): Tensor[] => {
      const [out, [h, c]] = rnnLayers('LSTM', t[0]!, [t[1]!, t[2]!], group(t.slice(3), 4), { numLayers: 2, bidirectional: true });
      return [out, h!, c!];
    };
    expect(tg.autograd.gradcheck(fn, [x, h0, c0, ...weights])).toBe(true);
  });

  it('through a projected LSTM layer', () => {
    tg.manualSeed(6);
    const x = r64([3, 1, 2]), h0 = r64([2, 1, 1]), c0 = r64([2, 1, 3]);
    const weights = stackWeights(4, 2, 3, 1, 1);
    const fn = (...t: Tensor[]): Tensor[] => {
      const [out, [h, c]] = rnnLayers('LSTM', t[0]!, [t[1]!, t[2]!], group(t.slice(3), 5), { numLayers: 1, bidirectional: true });
      return [out, h!, c!];
    };
    expect(tg.autograd.gradcheck(fn, [x, h0, c0, ...weights])).toBe(true);
  });

  it('through a 2-layer bidirectional GRU: input, h0 and every weight', () => {
    tg.manualSeed(5);
    const x = r64([3, 2, 2]), h0 = r64([4, 2, 2]);
    const weights = stackWeights(3, 2, 2, 2);
    const fn = (...t: Tensor[]): Tensor[] => {
      const [out, [h]] = rnnLayers('GRU', t[0]!, [t[1]!], group(t.slice(2), 4), { numLayers: 2, bidirectional: true });
      return [out, h!];
    };
    expect(tg.autograd.gradcheck(fn, [x, h0, ...weights])).toBe(true);
  });
});

describe('errors', () => {
  const x = tg.zeros([2, 3]), h = tg.zeros([2, 4]);
  it('name the cell, the shapes and what is valid', () => {
    expect(() => lstmCell(tg.zeros([2, 5]), [h, h], tg.zeros([16, 3]), tg.zeros([16, 4])))
      .toThrow('lstmCell: input must be [N,3] or [3] (inputSize of weight_ih [16,3]), got [2,5]');
    expect(() => gruCell(x, tg.zeros([3, 4]), tg.zeros([12, 3]), tg.zeros([12, 4])))
      .toThrow('gruCell: hidden state 0 must have shape [2,4] for input [2,3] and hiddenSize 4, got [3,4]');
    expect(() => gruCell(x, h, tg.zeros([16, 3]), tg.zeros([16, 4]))).toThrow(/gruCell: weights must be wIh \[3·hidden, inputSize\]/);
    expect(() => rnnTanhCell(x, h, tg.zeros([4, 3]), tg.zeros([4, 4]), tg.zeros([5]))).toThrow('rnnTanhCell: bIh must have shape [4], got [5]');
    expect(() => rnnReluCell(tg.zeros([1, 2, 3]), h, tg.zeros([4, 3]), tg.zeros([4, 4]))).toThrow(/rnnReluCell: input must be \[N,3\] or \[3\]/);
    expect(() => lstmCell(x, [h, tg.zeros([2, 3])], tg.zeros([16, 3]), tg.zeros([16, 4]))).toThrow(/hidden state 1 must have shape \[2,4\]/);
  });
  it('rnnLayers checks the weight count and the input rank', () => {
    expect(() => rnnLayers('GRU', tg.zeros([2, 1, 3]), [tg.zeros([1, 1, 4])], [], { numLayers: 1, bidirectional: false }))
      .toThrow('rnnLayers: expected 1 weight sets (numLayers 1 × 1 directions), got 0');
    const w = { wIh: tg.zeros([12, 3]), wHh: tg.zeros([12, 4]), bIh: null, bHh: null, wHr: null };
    expect(() => rnnLayers('GRU', tg.zeros([0, 1, 3]), [tg.zeros([1, 1, 4])], [w], { numLayers: 1, bidirectional: false }))
      .toThrow(/non-empty sequence/);
  });
});
