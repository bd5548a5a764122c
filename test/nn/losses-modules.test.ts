/**
 * @file Loss modules (src/nn/loss.ts) against PyTorch 1.13 (the `losses` of
 * test/fixtures/layers.json, from test/fixtures/make_layer_fixtures.py), float64 to 1e-10: loss
 * values and the gradients of input (and of a float target), reprs, weight buffers in state
 * dicts, gradcheck, and option errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';
import {
  BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss,
} from '../../src/nn/loss.js';

interface Encoded { shape: number[]; data: number[] }
interface LossCase {
  label: string;
  repr: string;
  input: Encoded;
  target: Encoded;
  targetDtype: string;
  output: Encoded;
  gradOutput: Encoded;
  grads: Encoded[];
  stateDict: Record<string, Encoded>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as {
  losses: LossCase[];
  reprs: { losses: string[] };
};

const f64 = { dtype: 'float64' } as const;
const decode = (e: Encoded): Tensor => tg.tensor(Float64Array.from(e.data), f64).reshape(e.shape);
const decodeInt = (e: Encoded): Tensor => tg.tensor(Int32Array.from(e.data), { dtype: 'int32' }).reshape(e.shape);

function expectEncoded(what: string, t: Tensor | null, e: Encoded, tol = 1e-10): void {
  expect(t, what).not.toBeNull();
  expect(t!.shape, `${what}: shape`).toEqual(e.shape);
  const got = t!.dataSync();
  e.data.forEach((want, k) => {
    if (!(Math.abs(Number(got[k]) - want) <= tol * Math.max(1, Math.abs(want)))) {
      throw new Error(`${what}: element ${k} is ${got[k]}, PyTorch gives ${want}`);
    }
  });
}

const lossOf = (m: Module, input: Tensor, target: Tensor): Tensor => {
  const out = m.forward(input, target);
  if (!(out instanceof tg.Tensor)) throw new Error('forward must return a tensor');
  return out;
};

const W = tg.tensor([0.5, 1.0, 2.0, 0.25], f64);
/** The modules of the Python script by label; weights that PyTorch drew are taken from the fixture's state dict. */
const builders: Record<string, (state: Record<string, Tensor>) => Module> = {
  'MSELoss()': () => new MSELoss(),
  "MSELoss(reduction='sum')": () => new MSELoss({ reduction: 'sum' }),
  "L1Loss(reduction='none')": () => new L1Loss({ reduction: 'none' }),
  'SmoothL1Loss(beta=0.5)': () => new SmoothL1Loss({ beta: 0.5 }),
  'HuberLoss(delta=0.7)': () => new HuberLoss({ delta: 0.7 }),
  'CrossEntropyLoss()': () => new CrossEntropyLoss(),
  'CrossEntropyLoss(weight=W, ignore_index=1, label_smoothing=0.1)': () =>
    new CrossEntropyLoss({ weight: W, ignoreIndex: 1, labelSmoothing: 0.1 }),
  'CrossEntropyLoss(probabilities)': () => new CrossEntropyLoss(),
  "NLLLoss(weight=W, reduction='sum')": () => new NLLLoss({ weight: W, reduction: 'sum' }),
  'NLLLoss()': () => new NLLLoss(),
  'BCELoss()': () => new BCELoss(),
  'BCELoss(weight=w)': (s) => new BCELoss({ weight: s['weight']! }),
  'BCEWithLogitsLoss(pos_weight=p)': (s) => new BCEWithLogitsLoss({ posWeight: s['pos_weight']! }),
  "KLDivLoss(reduction='batchmean')": () => new KLDivLoss({ reduction: 'batchmean' }),
  'KLDivLoss(log_target=True)': () => new KLDivLoss({ logTarget: true }),
};

describe('loss modules against PyTorch', () => {
  it('has a builder for every fixture case', () => {
    expect(fixture.losses.map((c) => c.label).sort()).toEqual(Object.keys(builders).sort());
  });

  for (const c of fixture.losses) {
    it(c.label, () => {
      const state = Object.fromEntries(Object.entries(c.stateDict).map(([k, e]) => [k, decode(e)]));
      const m = builders[c.label]!(state);
      expect(String(m)).toBe(c.repr);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.stateDict));
      for (const [k, e] of Object.entries(c.stateDict)) expectEncoded(`buffer ${k}`, sd[k]!, e);
      const input = decode(c.input).requiresGrad_();
      const floatTarget = c.targetDtype !== 'int64';
      const target = floatTarget ? decode(c.target).requiresGrad_() : decodeInt(c.target);
      const out = lossOf(m, input, target);
      expectEncoded('loss', out, c.output);
      out.backward(decode(c.gradOutput));
      expectEncoded('grad of input', input.grad, c.grads[0]!);
      if (floatTarget) expectEncoded('grad of target', target.grad, c.grads[1]!);
    });
  }
});

describe('loss modules: reprs, buffers, gradcheck, errors', () => {
  it('print as PyTorch does', () => {
    expect([new MSELoss(), new CrossEntropyLoss(), new BCEWithLogitsLoss(), new KLDivLoss()].map(String)).toEqual(fixture.reprs.losses);
  });

  it('keep class weights as buffers that follow to() and appear in stateDict', () => {
    const ce = new CrossEntropyLoss({ weight: tg.tensor([1, 2, 3]) });
    expect(ce.namedBuffers().map(([n]) => n)).toEqual(['weight']);
    ce.to('float64');
    expect(ce.weight!.dtype).toBe('float64');
    const bce = new BCEWithLogitsLoss({ weight: tg.ones([2]), posWeight: tg.ones([2]) });
    expect(Object.keys(bce.stateDict())).toEqual(['weight', 'pos_weight']);
    expect(Object.keys(new NLLLoss().stateDict())).toEqual([]);
    expect(new MSELoss().parameters()).toEqual([]);
  });

  it('gradcheck in float64 through every loss', () => {
    tg.manualSeed(3);
    const x = (): Tensor => tg.randn([3, 4], { dtype: 'float64', requiresGrad: true });
    const p = (): Tensor => tg.rand([3, 4], { dtype: 'float64' }).mul(0.8).add(0.1).detach().requiresGrad_();
    const labels = tg.tensor([0, 3, 2], { dtype: 'int32' });
    const cases: [Module, Tensor, Tensor][] = [
      [new MSELoss(), x(), x()],
      [new L1Loss({ reduction: 'sum' }), x(), x()],
      [new SmoothL1Loss({ beta: 0.3 }), x(), x()],
      [new HuberLoss({ delta: 0.4 }), x(), x()],
      [new CrossEntropyLoss({ labelSmoothing: 0.2 }), x(), labels],
      [new NLLLoss({ reduction: 'none' }), x(), labels],
      [new BCELoss(), p(), p()],
      [new BCEWithLogitsLoss({ posWeight: tg.tensor([1, 2, 3, 4], { dtype: 'float64' }) }), x(), p()],
      [new KLDivLoss({ reduction: 'batchmean' }), x(), p()],
    ];
    for (const [m, input, target] of cases) {
      expect(tg.autograd.gradcheck((a, b) => lossOf(m, a!, b!), [input, target]), String(m)).toBe(true);
    }
  });

  it('reject unknown reductions and mismatched shapes', () => {
    // @ts-expect-error: not a reduction
    expect(() => new MSELoss({ reduction: 'avg' })).toThrow(/MSELoss: reduction must be 'mean', 'sum', 'none'; got 'avg'/);
    // @ts-expect-error: batchmean is KLDivLoss's only
    expect(() => new L1Loss({ reduction: 'batchmean' })).toThrow(/L1Loss: reduction must be/);
    expect(() => new KLDivLoss({ reduction: 'batchmean' })).not.toThrow();
    expect(() => new MSELoss().forward(tg.zeros([2, 3]), tg.zeros([4]))).toThrow(/not broadcastable/);
    expect(() => new CrossEntropyLoss().forward(tg.zeros([2, 3]), tg.tensor([0, 3], { dtype: 'int32' }))).toThrow(/crossEntropy/);
  });
});
