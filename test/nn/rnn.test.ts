/**
 * @file Recurrent modules (src/nn/rnn.ts, src/nn/rnn-cells.ts): PyTorch 1.13's state dicts
 * loaded into `RNN`, `LSTM`, `GRU` and the cells, compared on outputs, final states and the
 * gradients of the input, the initial states and every parameter (test/fixtures/rnn.json, from
 * test/fixtures/make_rnn_fixtures.py, float64, 1e-10); parameter names, order and init;
 * `extraRepr`; dropout between layers; gradcheck through small modules; error messages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { Module } from '../../src/nn/module.js';
import { GRUCell, LSTMCell, RNNCell, type RNNCellOptions } from '../../src/nn/rnn-cells.js';
import { GRU, LSTM, RNN, type LSTMOptions, type RNNOptions } from '../../src/nn/rnn.js';

interface Encoded { shape: number[]; data: number[] }
interface FixtureCase {
  module: 'RNNCell' | 'LSTMCell' | 'GRUCell' | 'RNN' | 'LSTM' | 'GRU';
  inputSize: number;
  hiddenSize: number;
  options: Record<string, unknown>;
  label: string;
  repr: string;
  stateDict: Record<string, Encoded>;
  input: Encoded;
  states: Encoded[];
  outputs: Encoded[];
  gradOutputs: Encoded[];
  gradInput: Encoded;
  gradStates: Record<string, Encoded>;
  gradParams: Record<string, Encoded>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/rnn.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };
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

/** A module and a call that flattens its result to a tensor list (outputs, then states). */
interface Runner { module: Module; run: (x: Tensor, states: Tensor[]) => Tensor[] }

const pair = (s: Tensor[]): [Tensor, Tensor] | null => (s.length === 0 ? null : [s[0]!, s[1]!]);
const build: { [K in FixtureCase['module']]: (i: number, h: number, o: Record<string, unknown>) => Runner } = {
  RNNCell: (i, h, o) => { const m = new RNNCell(i, h, o as RNNCellOptions); return { module: m, run: (x, s) => [m.forward(x, s[0])] }; },
  LSTMCell: (i, h, o) => { const m = new LSTMCell(i, h, o); return { module: m, run: (x, s) => m.forward(x, pair(s)) }; },
  GRUCell: (i, h, o) => { const m = new GRUCell(i, h, o); return { module: m, run: (x, s) => [m.forward(x, s[0])] }; },
  RNN: (i, h, o) => { const m = new RNN(i, h, o as RNNOptions); return { module: m, run: (x, s) => m.forward(x, s[0]) }; },
  LSTM: (i, h, o) => {
    const m = new LSTM(i, h, o as LSTMOptions);
    return { module: m, run: (x, s) => { const [out, [hN, cN]] = m.forward(x, pair(s)); return [out, hN, cN]; } };
  },
  GRU: (i, h, o) => { const m = new GRU(i, h, o); return { module: m, run: (x, s) => m.forward(x, s[0]) }; },
};

describe('against PyTorch (float64, 1e-10)', () => {
  it('covers every module', () => {
    expect(new Set(fixture.cases.map((c) => c.module))).toEqual(new Set(Object.keys(build)));
  });
  it.each(fixture.cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const { module, run } = build[c.module](c.inputSize, c.hiddenSize, c.options);
    expect(Object.keys(module.stateDict())).toEqual(Object.keys(c.stateDict));
    expect(module.extraRepr()).toBe(c.repr);
    module.to('float64').loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, e]) => [k, decode(e)])));
    const x = decode(c.input).requiresGrad_();
    const states = c.states.map((s) => decode(s).requiresGrad_());
    const outs = run(x, states);
    expect(outs.length).toBe(c.outputs.length);
    outs.forEach((o, i) => expectEncoded(`output ${i}`, o, c.outputs[i]!));
    const named = module.namedParameters();
    const grads = tg.autograd.grad(outs, [x, ...states, ...named.map(([, p]) => p)], { gradOutputs: c.gradOutputs.map(decode) });
    expectEncoded('grad input', grads[0], c.gradInput);
    states.forEach((_, k) => expectEncoded(`grad ${['h0', 'c0'][k]}`, grads[1 + k], c.gradStates[['h0', 'c0'][k]!]!));
    named.forEach(([n], k) => expectEncoded(`grad ${n}`, grads[1 + states.length + k], c.gradParams[n]!));
  });
});

describe('parameters', () => {
  it("are named and ordered like PyTorch's", () => {
    const lstm = new LSTM(10, 20, { numLayers: 2, bidirectional: true });
    expect(Object.keys(lstm.stateDict())).toEqual([
      'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
      'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
      'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1',
      'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'bias_ih_l1_reverse', 'bias_hh_l1_reverse',
    ]);
    expect(lstm.namedParameters().map(([, p]) => p.shape)).toEqual([
      [80, 10], [80, 20], [80], [80], [80, 10], [80, 20], [80], [80],
      [80, 40], [80, 20], [80], [80], [80, 40], [80, 20], [80], [80],
    ]);
    expect(new GRU(3, 4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight_ih_l0', 'weight_hh_l0']);
    expect(new LSTM(3, 5, { projSize: 2 }).namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`))
      .toEqual(['weight_ih_l0 20x3', 'weight_hh_l0 20x2', 'bias_ih_l0 20', 'bias_hh_l0 20', 'weight_hr_l0 2x5']);
    expect(new GRUCell(3, 4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight_ih', 'weight_hh']);
  });

  it('start from U(-1/√hidden, 1/√hidden) and are drawn from the seeded generator', () => {
    const values = (m: Module): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync(), Number));
    tg.manualSeed(7);
    const a = values(new GRU(6, 25, { numLayers: 2 }));
    tg.manualSeed(7);
    expect(values(new GRU(6, 25, { numLayers: 2 }))).toEqual(a);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(0.2);
    expect(Math.max(...a)).toBeGreaterThan(0.19);
    expect(Math.min(...a)).toBeLessThan(-0.19);
    expect(values(new LSTMCell(3, 16)).every((v) => Math.abs(v) <= 0.25)).toBe(true);
  });

  it('are reachable per layer (allWeights) and per cell (weightIh, …)', () => {
    const rnn = new RNN(3, 4, { numLayers: 2, bidirectional: true });
    expect(rnn.allWeights.map((ws) => ws.length)).toEqual([4, 4, 4, 4]);
    expect(rnn.allWeights[2]![0]).toBe(rnn.namedParameters().find(([n]) => n === 'weight_ih_l1')![1]);
    const cell = new LSTMCell(3, 4);
    expect([cell.weightIh, cell.weightHh, cell.biasIh, cell.biasHh]).toEqual(cell.parameters());
    expect(new RNNCell(3, 4, { bias: false }).biasHh).toBeNull();
  });

  it('print like PyTorch', () => {
    expect(String(new LSTM(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true })))
      .toBe('LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)');
    expect(String(new GRU(10, 20, { numLayers: 3, dropout: 1, bias: false }))).toBe('GRU(10, 20, num_layers=3, bias=False, dropout=1.0)');
    expect(String(new RNN(2, 3, { dropout: 0.25, numLayers: 2 }))).toBe('RNN(2, 3, num_layers=2, dropout=0.25)');
    expect(String(new RNNCell(2, 3, { nonlinearity: 'relu', bias: false }))).toBe('RNNCell(2, 3, bias=False, nonlinearity=relu)');
    expect(String(new GRUCell(2, 3))).toBe('GRUCell(2, 3)');
  });
});

describe('forward', () => {
  it('runs in float32 by default, with zero initial states', () => {
    tg.manualSeed(0);
    const lstm = new LSTM(3, 4);
    const x = tg.randn([5, 2, 3]);
    const [out, [h, c]] = lstm.forward(x);
    expect([out.dtype, h.dtype, c.dtype]).toEqual(['float32', 'float32', 'float32']);
    const [out2] = lstm.forward(x, [tg.zeros([1, 2, 4]), tg.zeros([1, 2, 4])]);
    expect(Array.from(out2.dataSync())).toEqual(Array.from(out.dataSync()));
    // The last output of a one-layer unidirectional LSTM is its final hidden state.
    expect(Array.from(out.select(0, 4).dataSync())).toEqual(Array.from(h.select(0, 0).dataSync()));
  });

  it('applies dropout between layers only in training mode, from the seeded generator', () => {
    tg.manualSeed(1);
    const gru = new GRU(3, 6, { numLayers: 2, dropout: 0.5 });
    const x = tg.randn([4, 2, 3]);
    const evalOut = Array.from(gru.eval().forward(x)[0].dataSync());
    gru.train();
    tg.manualSeed(11);
    const a = Array.from(gru.forward(x)[0].dataSync());
    tg.manualSeed(11);
    const b = Array.from(gru.forward(x)[0].dataSync());
    expect(a).toEqual(b);
    expect(a).not.toEqual(evalOut);
    // The same weights without dropout give the evaluation output in training mode.
    const plain = new GRU(3, 6, { numLayers: 2 });
    plain.loadStateDict(gru.stateDict());
    expect(Array.from(plain.forward(x)[0].dataSync())).toEqual(evalOut);
    // One layer: nothing to drop.
    const single = new LSTM(3, 4, { dropout: 0.9 });
    expect(Array.from(single.forward(x)[0].dataSync())).toEqual(Array.from(single.eval().forward(x)[0].dataSync()));
  });

  it('passes gradcheck through small LSTM and GRU modules (input and initial states)', () => {
    tg.manualSeed(2);
    const r = (shape: number[]): Tensor => tg.randn(shape, { dtype: 'float64' }).requiresGrad_();
    const lstm = new LSTM(2, 2, { numLayers: 2, bidirectional: true, batchFirst: true }).double();
    expect(tg.autograd.gradcheck((x, h, c) => {
      const [out, [hN, cN]] = lstm.forward(x!, [h!, c!]);
      return [out, hN, cN];
    }, [r([2, 3, 2]), r([4, 2, 2]), r([4, 2, 2])])).toBe(true);
    const gru = new GRU(2, 3, { numLayers: 2 }).double();
    expect(tg.autograd.gradcheck((x, h) => gru.forward(x!, h!), [r([3, 2]), r([2, 3])])).toBe(true);
  });
});

describe('errors', () => {
  it('name the module, the shapes and what is expected', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2 });
    expect(() => lstm.forward(tg.zeros([6, 2, 5]))).toThrow('LSTM: input.size(-1) must be equal to inputSize. Expected 3, got 5 (input [6,2,5])');
    expect(() => lstm.forward(tg.zeros([6, 2, 3]), [tg.zeros([2, 3, 4]), tg.zeros([2, 2, 4])]))
      .toThrow('LSTM: expected h0 of shape [2,2,4] for batched input [6,2,3], got [2,3,4]');
    expect(() => lstm.forward(tg.zeros([6, 2, 3]), [tg.zeros([2, 2, 4]), tg.zeros([1, 2, 4])])).toThrow(/expected c0 of shape \[2,2,4\]/);
    expect(() => new GRU(3, 4).forward(tg.zeros([6, 3]), tg.zeros([1, 1, 4])))
      .toThrow('GRU: expected hx of shape [1,4] for unbatched input [6,3], got [1,1,4]');
    expect(() => new RNN(3, 4, { batchFirst: true }).forward(tg.zeros([1, 6, 2, 3])))
      .toThrow('RNN: expected input to be 2-D (unbatched [L, inputSize]) or 3-D ([N, L, inputSize]) but received 4-D tensor [1,6,2,3]');
    expect(() => new GRUCell(3, 4).forward(tg.zeros([2, 5]))).toThrow(/GRUCell: input has inconsistent input size: got \[2,5\], expected its last dim to be inputSize = 3/);
    expect(() => new LSTMCell(3, 4).forward(tg.zeros([2, 3]), [tg.zeros([2, 4]), tg.zeros([3, 4])]))
      .toThrow('LSTMCell: hidden state 1 must have shape [2,4] for input [2,3] and hiddenSize 4, got [3,4]');
    expect(() => new RNNCell(3, 4).forward(tg.zeros([1, 2, 3]))).toThrow(/RNNCell: expected input to be 1-D \[inputSize\] or 2-D \[N, inputSize\] but received 3-D/);
  });

  it('reject bad constructor arguments', () => {
    expect(() => new LSTM(3, 4, { dropout: 1.5 })).toThrow(/LSTM: dropout should be a number in range \[0, 1\]/);
    expect(() => new LSTM(3, 4, { projSize: 4 })).toThrow('LSTM: projSize (4) has to be smaller than hiddenSize (4)');
    expect(() => new GRU(3, 0)).toThrow('GRU: hiddenSize must be a positive integer, got 0');
    expect(() => new RNN(3, 4, { numLayers: 0 })).toThrow('RNN: numLayers must be a positive integer, got 0');
    expect(() => new RNN(3, 4, { nonlinearity: 'gelu' as 'relu' })).toThrow("RNN: unknown nonlinearity 'gelu'; select from 'tanh' or 'relu'");
    expect(() => new RNNCell(3, 4, { nonlinearity: 'sigmoid' as 'relu' })).toThrow(/RNNCell: unknown nonlinearity 'sigmoid'/);
    expect(() => new LSTMCell(2.5, 4)).toThrow('LSTMCell: inputSize must be a positive integer, got 2.5');
  });
});
