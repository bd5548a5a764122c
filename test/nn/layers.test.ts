/**
 * @file nn layers against PyTorch 1.13 (test/fixtures/layers.json, from
 * test/fixtures/make_layer_fixtures.py), float64 to 1e-10: for each layer the PyTorch state dict
 * is loaded (so keys, order and shapes must match `state_dict()`), then output and the gradients
 * of the inputs and every parameter are compared, and `toString()` must equal `repr(module)`.
 * BatchNorm also runs two more training steps (running statistics and `num_batches_tracked`)
 * and an evaluation-mode pass. Two models check `Sequential` state dicts, reprs and end-to-end
 * values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { Flatten } from '../../src/nn/basic.js';
import { Sequential } from '../../src/nn/containers.js';
import type { Module } from '../../src/nn/module.js';
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from '../../src/nn/activation.js';
import { Conv1d, Conv2d, ConvTranspose2d } from '../../src/nn/conv.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { Bilinear, Linear } from '../../src/nn/linear.js';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from '../../src/nn/normalization.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from '../../src/nn/pooling.js';

interface Encoded { shape: number[]; data: number[] }
interface Pass { output: Encoded; gradOutput: Encoded; inputGrads: Encoded[]; paramGrads: Record<string, Encoded> }
interface LayerCase extends Pass {
  label: string;
  repr: string;
  stateDict: Record<string, Encoded>;
  stateDtypes: Record<string, string>;
  inputs: Encoded[];
  steps?: Encoded[];
  afterSteps?: Record<string, Encoded>;
  evalInput?: Encoded;
  eval?: Pass;
}
interface ModelCase extends Pass {
  label: string;
  repr: string;
  keys: [string, number[], string][];
  stateDict: Record<string, Encoded>;
  input: Encoded;
}
interface Fixture { layers: LayerCase[]; models: ModelCase[]; reprs: Record<string, string | string[]> }

const fixture = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as Fixture;

const f64 = { dtype: 'float64' } as const;
const decode = (e: Encoded): Tensor => tg.tensor(Float64Array.from(e.data), f64).reshape(e.shape);
const decodeInt = (e: Encoded): Tensor => tg.tensor(Int32Array.from(e.data), { dtype: 'int32' }).reshape(e.shape);
/** Inputs: integer-valued fixtures of integer layers (Embedding) decode as int32 indices. */
const decodeInput = (e: Encoded, ints: boolean): Tensor => (ints ? decodeInt(e) : decode(e).requiresGrad_());

/** A state dict from the fixture: int64 entries (num_batches_tracked) as int32. */
function decodeState(state: Record<string, Encoded>, dtypes: Record<string, string> = {}): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(state).map(([k, e]) => [k, dtypes[k] === 'int64' || k.endsWith('num_batches_tracked') ? decodeInt(e) : decode(e)]));
}

/** Throws unless `t` has `e`'s shape and values within `tol·max(1, |e|)`. */
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

/** Runs `m.forward(...inputs)`, which must return a tensor. */
function run(m: Module, inputs: Tensor[]): Tensor {
  const out = m.forward(...inputs);
  if (!(out instanceof tg.Tensor)) throw new Error(`${m.constructor.name}.forward did not return a tensor`);
  return out;
}

/** Forward and backward with the fixture's output gradient, checked against PyTorch. */
function checkPass(label: string, m: Module, inputs: Tensor[], pass: Pass): void {
  const out = run(m, inputs);
  expectEncoded(`${label}: output`, out, pass.output);
  m.zeroGrad();
  out.backward(decode(pass.gradOutput));
  const floats = inputs.filter((x) => x.dtype === 'float64');
  floats.forEach((x, i) => expectEncoded(`${label}: grad of input ${i}`, x.grad, pass.inputGrads[i]!));
  const params = m.namedParameters();
  expect(params.map(([n]) => n).sort()).toEqual(Object.keys(pass.paramGrads).sort());
  for (const [name, p] of params) expectEncoded(`${label}: grad of ${name}`, p.grad, pass.paramGrads[name]!);
}

const d = f64;
/** The same modules as the Python script, by label. */
const builders: Record<string, () => Module> = {
  'Linear(6, 8)': () => new Linear(6, 8, d),
  'Linear(3, 2, bias=False)': () => new Linear(3, 2, { bias: false, ...d }),
  'Bilinear(3, 4, 5)': () => new Bilinear(3, 4, 5, d),
  'Conv1d(4, 6, 3, stride=2, padding=1)': () => new Conv1d(4, 6, 3, { stride: 2, padding: 1, ...d }),
  "Conv1d(4, 4, 3, padding='same', dilation=2, groups=2, bias=False)": () =>
    new Conv1d(4, 4, 3, { padding: 'same', dilation: 2, groups: 2, bias: false, ...d }),
  'Conv2d(3, 4, 3, padding=1)': () => new Conv2d(3, 4, 3, { padding: 1, ...d }),
  'Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)': () =>
    new Conv2d(4, 6, [3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, ...d }),
  "Conv2d(2, 3, 4, padding='same', bias=False)": () => new Conv2d(2, 3, 4, { padding: 'same', bias: false, ...d }),
  "Conv2d(2, 3, 3, padding='valid')": () => new Conv2d(2, 3, 3, { padding: 'valid', ...d }),
  'ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)': () =>
    new ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1, ...d }),
  'ConvTranspose2d(4, 6, (2, 3), groups=2, dilation=(2, 1), bias=False)': () =>
    new ConvTranspose2d(4, 6, [2, 3], { groups: 2, dilation: [2, 1], bias: false, ...d }),
  'MaxPool2d(2)': () => new MaxPool2d(2),
  'MaxPool2d(3, stride=2, padding=1, ceil_mode=True)': () => new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
  'AvgPool2d(2)': () => new AvgPool2d(2),
  'AvgPool2d(3, stride=2, padding=1, count_include_pad=False)': () => new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
  'AdaptiveAvgPool2d((2, 3))': () => new AdaptiveAvgPool2d([2, 3]),
  'AdaptiveAvgPool2d(1)': () => new AdaptiveAvgPool2d(1),
  'LayerNorm(5)': () => new LayerNorm(5, d),
  'LayerNorm([3, 4], eps=0.001, elementwise_affine=False)': () => new LayerNorm([3, 4], { eps: 1e-3, elementwiseAffine: false, ...d }),
  'BatchNorm1d(4)': () => new BatchNorm1d(4, d),
  'BatchNorm1d(3, momentum=None)': () => new BatchNorm1d(3, { momentum: null, ...d }),
  'BatchNorm2d(3)': () => new BatchNorm2d(3, d),
  'BatchNorm2d(2, eps=0.001, momentum=0.3, affine=False)': () => new BatchNorm2d(2, { eps: 1e-3, momentum: 0.3, affine: false, ...d }),
  'BatchNorm2d(2, track_running_stats=False)': () => new BatchNorm2d(2, { trackRunningStats: false, ...d }),
  'Embedding(10, 3)': () => new Embedding(10, 3, d),
  'Embedding(6, 4, padding_idx=-2)': () => new Embedding(6, 4, { paddingIdx: -2, ...d }),
  'ReLU()': () => new ReLU(),
  'LeakyReLU(0.2)': () => new LeakyReLU(0.2),
  'ELU(alpha=0.7)': () => new ELU(0.7),
  'GELU()': () => new GELU(),
  "GELU(approximate='tanh')": () => new GELU({ approximate: 'tanh' }),
  'SiLU()': () => new SiLU(),
  'Sigmoid()': () => new Sigmoid(),
  'Tanh()': () => new Tanh(),
  'Softplus()': () => new Softplus(),
  'Softplus(beta=2, threshold=1)': () => new Softplus({ beta: 2, threshold: 1 }),
  'Softmax(dim=1)': () => new Softmax(1),
  'LogSoftmax(dim=0)': () => new LogSoftmax(0),
  'Dropout(p=0.3).eval()': () => new Dropout(0.3).eval(),
};

describe('nn layers: values and gradients against PyTorch', () => {
  it('has a builder for every fixture case', () => {
    expect(fixture.layers.map((c) => c.label).sort()).toEqual(Object.keys(builders).sort());
  });

  for (const c of fixture.layers) {
    it(c.label, () => {
      const m = builders[c.label]!();
      expect(String(m)).toBe(c.repr);
      const state = m.stateDict();
      expect(Object.keys(state)).toEqual(Object.keys(c.stateDict));
      for (const [k, e] of Object.entries(c.stateDict)) expect(state[k]!.shape, k).toEqual(e.shape);
      m.loadStateDict(decodeState(c.stateDict, c.stateDtypes));
      const ints = m instanceof Embedding;
      checkPass(c.label, m, c.inputs.map((e) => decodeInput(e, ints)), c);
      if (c.steps === undefined) return;
      tg.noGrad(() => c.steps!.forEach((x) => run(m, [decode(x)])));
      const after = m.stateDict();
      for (const [k, e] of Object.entries(c.afterSteps!)) expectEncoded(`${c.label}: ${k} after steps`, after[k]!, e);
      expect(after['num_batches_tracked']!.dtype).toBe('int32');
      m.eval();
      checkPass(`${c.label} (eval)`, m, [decode(c.evalInput!).requiresGrad_()], c.eval!);
    });
  }
});

/** The two models of the Python script, in the same order. */
const models: Record<string, () => Module> = {
  cnn: () => new Sequential(
    new Conv2d(1, 4, 3, { padding: 1, ...d }), new BatchNorm2d(4, d), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 3 * 3, 5, d),
  ),
  zoo: () => new Sequential(
    new Conv1d(2, 4, 3, { stride: 2, bias: false, ...d }), new BatchNorm1d(4, { momentum: null, affine: false, ...d }), new ELU(),
    new Dropout(0.25), new Flatten(), new Linear(12, 6, { bias: false, ...d }), new LayerNorm(6, { eps: 1e-6, ...d }),
    new GELU({ approximate: 'tanh' }), new LeakyReLU(), new Softplus({ beta: 0.5 }), new Linear(6, 3, d), new LogSoftmax(-1),
  ).eval(),
};

describe('nn layers: models', () => {
  for (const c of fixture.models) {
    it(`${c.label}: state dict keys, shapes and dtypes, repr, values and gradients`, () => {
      const m = models[c.label]!();
      expect(String(m)).toBe(c.repr);
      const entries = Object.entries(m.stateDict()).map(([k, t]) => [k, t.shape, t.dtype]);
      expect(entries).toEqual(c.keys.map(([k, s, dt]) => [k, s, dt === 'int64' ? 'int32' : dt]));
      m.loadStateDict(decodeState(c.stateDict));
      checkPass(c.label, m, [decode(c.input).requiresGrad_()], c);
    });
  }

  it('converts a model to float64 with to() and keeps num_batches_tracked int32', () => {
    const m = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Linear(2, 2)).to('float64');
    expect(m.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    const dtypes = Object.fromEntries(m.namedBuffers().map(([n, b]) => [n, b.dtype]));
    expect(dtypes).toEqual({ '1.running_mean': 'float64', '1.running_var': 'float64', '1.num_batches_tracked': 'int32' });
  });
});

describe('nn layers: toString matches PyTorch repr', () => {
  const r = fixture.reprs;
  const cases: [string, () => Module | Module[]][] = [
    ['conv2d-full', () => new Conv2d(4, 8, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: 2, groups: 4, bias: false })],
    ['conv2d-same', () => new Conv2d(3, 8, 3, { padding: 'same' })],
    ['conv1d', () => new Conv1d(3, 8, 5, { dilation: 2 })],
    ['convT', () => new ConvTranspose2d(3, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 3 })],
    ['maxpool', () => new MaxPool2d([2, 3], { stride: 1, padding: [1, 1], dilation: 2 })],
    ['avgpool', () => new AvgPool2d(3, { stride: [2, 1] })],
    ['adaptive', () => new AdaptiveAvgPool2d([4, null])],
    ['embedding', () => new Embedding(10, 3)],
    ['bn-none', () => new BatchNorm1d(3, { momentum: null, trackRunningStats: false })],
    ['ln', () => new LayerNorm([2, 3])],
    ['dropout', () => new Dropout()],
    ['relu', () => new ReLU()], ['sigmoid', () => new Sigmoid()], ['tanh', () => new Tanh()], ['silu', () => new SiLU()],
    ['elu', () => new ELU()], ['leaky', () => new LeakyReLU()], ['softplus', () => new Softplus({ beta: 0.5 })],
    ['softmax', () => new Softmax(-1)],
  ];
  for (const [key, build] of cases) {
    it(key, () => {
      expect(String(build())).toBe(r[key]);
    });
  }
  it('covers every repr of the fixture but the losses', () => {
    expect(cases.map(([k]) => k).sort()).toEqual(Object.keys(r).filter((k) => k !== 'losses').sort());
  });
});
