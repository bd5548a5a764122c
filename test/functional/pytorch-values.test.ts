/**
 * @file `tg.nn.functional` against PyTorch 1.13 (test/fixtures/functional.json, written by
 * test/fixtures/make_functional_fixtures.py): forward values and the gradients of every float
 * input not in the case's `noGrad` list, in float64, to 1e-10. `runners` spells each fixture
 * case the tensorgrad way (camelCase, options objects, int64 → int32).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';
import * as F from '../../src/functional/index.js';
import type { Reduction } from '../../src/functional/index.js';

interface Encoded {
  dtype: DType;
  shape: number[];
  data: (number | boolean | string)[];
}
interface FixtureCase {
  name: string;
  inputs: Encoded[];
  outputs: Encoded[];
  noGrad?: number[];
  gradOutputs?: (Encoded | null)[];
  grads?: (Encoded | null)[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/functional.json', import.meta.url), 'utf8')) as { torch: string; cases: FixtureCase[] };

const decode = (v: number | boolean | string): number | boolean =>
  v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number | boolean);

function toTensor(e: Encoded): Tensor {
  const values = e.data.map(decode);
  const flat = e.dtype === 'bool' ? tg.tensor(values as boolean[]) : tg.tensor(Float64Array.from(values as number[]), { dtype: e.dtype });
  return flat.reshape(e.shape);
}

type Runner = (...xs: Tensor[]) => Tensor | Tensor[];
const reductions: Reduction[] = ['mean', 'sum', 'none'];

/** The tensorgrad spelling of every fixture case. */
const runners: Record<string, Runner> = {
  // activations
  relu: (x) => F.relu(x),
  leakyRelu: (x) => F.leakyRelu(x),
  'leakyRelu:0.2': (x) => F.leakyRelu(x, 0.2),
  elu: (x) => F.elu(x),
  'elu:alpha': (x) => F.elu(x, 0.5),
  gelu: (x) => F.gelu(x),
  'gelu:rand': (x) => F.gelu(x),
  'gelu:tanh': (x) => F.gelu(x, { approximate: 'tanh' }),
  silu: (x) => F.silu(x),
  softplus: (x) => F.softplus(x),
  'softplus:beta': (x) => F.softplus(x, { beta: 2, threshold: 5 }),
  sigmoid: (x) => F.sigmoid(x),
  tanh: (x) => F.tanh(x),
  softmax: (x) => F.softmax(x, 1),
  'softmax:-1': (x) => F.softmax(x, -1),
  logSoftmax: (x) => F.logSoftmax(x, 0),
  // layers
  linear: (x, w, b) => F.linear(x, w, b),
  'linear:nobias': (x, w) => F.linear(x, w),
  'linear:1d': (x, w, b) => F.linear(x, w, b),
  bilinear: (a, b, w, bias) => F.bilinear(a, b, w, bias),
  'bilinear:nobias': (a, b, w) => F.bilinear(a, b, w),
  embedding: (i, w) => F.embedding(i, w),
  'embedding:padding': (i, w) => F.embedding(i, w, { paddingIdx: 2 }),
  'embedding:padding-neg': (i, w) => F.embedding(i, w, { paddingIdx: -1 }),
  layerNorm: (x, w, b) => F.layerNorm(x, [4], { weight: w, bias: b }),
  'layerNorm:2d-noaffine': (x) => F.layerNorm(x, [3, 4], { eps: 1e-3 }),
  'batchNorm:train': (x, rm, rv, w, b) => [F.batchNorm(x, rm, rv, { weight: w, bias: b, training: true, momentum: 0.2, eps: 1e-4 }), rm, rv],
  'batchNorm:train-4d': (x, rm, rv) => [F.batchNorm(x, rm, rv, { training: true }), rm, rv],
  'batchNorm:train-nostats': (x) => F.batchNorm(x, null, null, { training: true }),
  'batchNorm:eval': (x, rm, rv, w, b) => F.batchNorm(x, rm, rv, { weight: w, bias: b }),
  cosineSimilarity: (a, b) => F.cosineSimilarity(a, b),
  'cosineSimilarity:broadcast': (a, b) => F.cosineSimilarity(a, b, { dim: -1 }),
  'cosineSimilarity:zero': (a, b) => F.cosineSimilarity(a, b),
  'cosineSimilarity:tiny': (a, b) => F.cosineSimilarity(a, b, { dim: 0, eps: 0.5 }),
  // regression and binary losses
  'mseLoss:broadcast': (x, y) => F.mseLoss(x, y),
  'smoothL1Loss:beta': (x, y) => F.smoothL1Loss(x, y, { beta: 0.5, reduction: 'none' }),
  'smoothL1Loss:beta0': (x, y) => F.smoothL1Loss(x, y, { beta: 0 }),
  'huberLoss:delta': (x, y) => F.huberLoss(x, y, { delta: 0.7, reduction: 'none' }),
  binaryCrossEntropy: (x, y) => F.binaryCrossEntropy(x, y),
  'binaryCrossEntropy:weight-sum': (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w, reduction: 'sum' }),
  'binaryCrossEntropy:none': (x, y) => F.binaryCrossEntropy(x, y, { reduction: 'none' }),
  'binaryCrossEntropy:edges': (x, y) => F.binaryCrossEntropy(x, y, { reduction: 'none' }),
  bceWithLogits: (x, y) => F.binaryCrossEntropyWithLogits(x, y),
  'bceWithLogits:large': (x, y) => F.binaryCrossEntropyWithLogits(x, y, { reduction: 'none' }),
  'bceWithLogits:weights': (x, y, w, pw) => F.binaryCrossEntropyWithLogits(x, y, { weight: w, posWeight: pw, reduction: 'sum' }),
  'bceWithLogits:posWeight-none': (x, y, pw) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: pw, reduction: 'none' }),
  'klDiv:mean': (x, y) => F.klDiv(x, y, { reduction: 'mean' }),
  'klDiv:batchmean': (x, y) => F.klDiv(x, y, { reduction: 'batchmean' }),
  'klDiv:sum': (x, y) => F.klDiv(x, y, { reduction: 'sum' }),
  'klDiv:none': (x, y) => F.klDiv(x, y, { reduction: 'none' }),
  'klDiv:zero-target': (x, y) => F.klDiv(x, y, { reduction: 'sum' }),
  'klDiv:logTarget': (x, y) => F.klDiv(x, y, { reduction: 'batchmean', logTarget: true }),
  // classification losses
  'nllLoss:ignore-custom': (x, y) => F.nllLoss(x, y, { ignoreIndex: 3 }),
  'nllLoss:1d': (x, y) => F.nllLoss(x, y),
  'nllLoss:4d': (x, y, w) => F.nllLoss(x, y, { weight: w }),
  'crossEntropy:4d': (x, y) => F.crossEntropy(x, y),
  'crossEntropy:4d-smooth-none': (x, y) => F.crossEntropy(x, y, { reduction: 'none', labelSmoothing: 0.15 }),
  'crossEntropy:4d-prob': (x, y) => F.crossEntropy(x, y),
  'crossEntropy:1d': (x, y) => F.crossEntropy(x, y),
  'crossEntropy:1d-prob': (x, y) => F.crossEntropy(x, y),
};
for (const reduction of reductions) {
  runners[`mseLoss:${reduction}`] = (x, y) => F.mseLoss(x, y, { reduction });
  runners[`l1Loss:${reduction}`] = (x, y) => F.l1Loss(x, y, { reduction });
  runners[`smoothL1Loss:${reduction}`] = (x, y) => F.smoothL1Loss(x, y, { reduction });
  runners[`huberLoss:${reduction}`] = (x, y) => F.huberLoss(x, y, { reduction });
  runners[`nllLoss:${reduction}`] = (x, y) => F.nllLoss(x, y, { reduction });
  runners[`nllLoss:weight-ignore-${reduction}`] = (x, y, w) => F.nllLoss(x, y, { weight: w, reduction });
  runners[`crossEntropy:${reduction}`] = (x, y) => F.crossEntropy(x, y, { reduction });
  runners[`crossEntropy:weight-ignore-${reduction}`] = (x, y, w) => F.crossEntropy(x, y, { weight: w, reduction });
  runners[`crossEntropy:smooth-${reduction}`] = (x, y) => F.crossEntropy(x, y, { reduction, labelSmoothing: 0.2 });
  runners[`crossEntropy:smooth-weight-${reduction}`] = (x, y, w) => F.crossEntropy(x, y, { weight: w, reduction, labelSmoothing: 0.3 });
  runners[`crossEntropy:prob-${reduction}`] = (x, y) => F.crossEntropy(x, y, { reduction });
  runners[`crossEntropy:prob-weight-smooth-${reduction}`] = (x, y, w) => F.crossEntropy(x, y, { weight: w, reduction, labelSmoothing: 0.1 });
}

const TOL = 1e-10;

/** Throws unless `got` matches the fixture tensor `want` in dtype, shape and values (to 1e-10·max(1, |x|)). */
function assertMatches(what: string, got: Tensor, want: Encoded): void {
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  const values = got.dataSync();
  want.data.map(decode).forEach((w, k) => {
    const g = Number(values[k]);
    const wn = Number(w);
    const ok = Number.isNaN(wn) ? Number.isNaN(g) : g === wn || Math.abs(g - wn) <= TOL * Math.max(1, Math.abs(wn));
    if (!ok) throw new Error(`${what}[${k}]: got ${g}, PyTorch ${wn} (|diff| ${Math.abs(g - wn)}, tolerance ${TOL}·max(1,|x|))`);
  });
}

describe.each(['wasm', 'js'] as const)(`nn.functional vs PyTorch ${fixture.torch} (%s kernels)`, (kind) => {
  beforeAll(() => tg.setKernels(kind));
  afterAll(() => tg.setKernels('wasm'));

  it('every fixture case has a runner and every runner a fixture case', () => {
    const names = fixture.cases.map((c) => c.name);
    expect(names.filter((n) => !(n in runners))).toEqual([]);
    expect(Object.keys(runners).filter((n) => !names.includes(n))).toEqual([]);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const run = runners[name]!;
    const inputs = c.inputs.map((e, i) => {
      const t = toTensor(e);
      return (e.dtype === 'float32' || e.dtype === 'float64') && !(c.noGrad ?? []).includes(i) ? t.requiresGrad_() : t;
    });
    const result = run(...inputs);
    const outs = Array.isArray(result) ? result : [result];
    expect(outs.length, 'number of outputs').toBe(c.outputs.length);
    outs.forEach((o, i) => assertMatches(`output ${i}`, o, c.outputs[i]!));
    if (!c.grads) return;
    const diff = outs.map((o, i) => [o, c.gradOutputs![i]] as const).filter(([, g]) => g != null);
    const wrt = inputs.filter((t) => t.requiresGrad);
    const grads = tg.autograd.grad(diff.map(([o]) => o), wrt, { gradOutputs: diff.map(([, g]) => toTensor(g!)), allowUnused: true });
    c.grads.forEach((want, i) => {
      const got = grads[i] ?? null;
      if (want === null) expect(got === null || got.abs().sum().item() === 0, `gradient ${i} is zero`).toBe(true);
      else {
        expect(got, `gradient ${i}`).not.toBeNull();
        assertMatches(`gradient ${i}`, got!, want);
      }
    });
  });
});
