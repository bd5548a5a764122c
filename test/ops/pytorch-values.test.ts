/**
 * @file Forward values and gradients against PyTorch 1.13 (test/fixtures/core-ops.json, written by
 * test/fixtures/make_core_fixtures.py). Each fixture case names an op; `runners` below runs the
 * same op the tensorgrad way (camelCase, `max(dim)` → `{ values, indices }`, int64 → int32,
 * `x.where(cond, y)` = `torch.where(cond, x, y)`, `pad(x, pads, { mode, value })` = `F.pad`).
 * float64 must agree to 1e-12; the float32 cases to float32 rounding.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';

interface Encoded {
  dtype: DType;
  shape: number[];
  data: (number | boolean | string)[];
}
interface FixtureCase {
  name: string;
  inputs: Encoded[];
  outputs: Encoded[];
  gradOutputs?: (Encoded | null)[];
  grads?: (Encoded | null)[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/core-ops.json', import.meta.url), 'utf8')) as { torch: string; cases: FixtureCase[] };

const decode = (v: number | boolean | string): number | boolean =>
  v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number | boolean);

function toTensor(e: Encoded): Tensor {
  const values = e.data.map(decode);
  const flat = e.dtype === 'bool' ? tg.tensor(values as boolean[]) : tg.tensor(Float64Array.from(values as number[]), { dtype: e.dtype });
  return flat.reshape(e.shape);
}

type Runner = (...xs: Tensor[]) => Tensor | Tensor[];
const vi = (r: { values: Tensor; indices: Tensor }): Tensor[] => [r.values, r.indices];

/** The tensorgrad spelling of every fixture case. */
const runners: Record<string, Runner> = {
  // unary
  neg: (x) => x.neg(),
  exp: (x) => x.exp(),
  log: (x) => x.log(),
  sqrt: (x) => x.sqrt(),
  rsqrt: (x) => x.rsqrt(),
  abs: (x) => x.abs(),
  sin: (x) => x.sin(),
  cos: (x) => x.cos(),
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  relu: (x) => x.relu(),
  square: (x) => x.square(),
  reciprocal: (x) => x.reciprocal(),
  log1p: (x) => x.log1p(),
  expm1: (x) => x.expm1(),
  sign: (x) => x.sign(),
  // binary
  add: (a, b) => a.add(b),
  'add:number': (x) => x.add(2.5),
  sub: (a, b) => tg.sub(a, b),
  'sub:number-left': (x) => tg.sub(1.5, x),
  mul: (a, b) => a.mul(b),
  'mul:number': (x) => x.mul(-3),
  div: (a, b) => a.div(b),
  'div:number-left': (x) => tg.div(2, x),
  pow: (a, b) => a.pow(b),
  'pow:square': (x) => x.pow(2),
  'pow:cube': (x) => x.pow(3),
  'pow:fractional': (x) => x.pow(-1.5),
  'pow:number-base': (x) => tg.pow(2, x),
  maximum: (a, b) => a.maximum(b),
  minimum: (a, b) => tg.minimum(a, b),
  clamp: (x) => x.clamp(-0.5, 0.5),
  'clamp:min': (x) => x.clamp(0.25),
  'clamp:max': (x) => x.clamp(undefined, -0.25),
  where: (x, c, y) => x.where(c, y),
  'where:number': (x, c) => tg.where(c, x, 0),
  // reductions
  sum: (x) => x.sum(),
  'sum:dim': (x) => x.sum(1),
  'sum:dims-keepdim': (x) => x.sum([0, 2], true),
  mean: (x) => x.mean(),
  'mean:dim': (x) => x.mean(-1),
  prod: (x) => x.prod(1),
  'prod:one-zero': (x) => x.prod(1),
  'prod:two-zeros': (x) => x.prod(1),
  'prod:all': (x) => x.prod(),
  amax: (x) => x.amax(1),
  'amax:all': (x) => x.amax(),
  amin: (x) => x.amin([0, 1]),
  'amin:keepdim': (x) => x.amin(1, true),
  'max:all': (x) => x.max(),
  'min:all': (x) => tg.min(x),
  'max:dim': (x) => vi(x.max(1)),
  'max:dim-keepdim': (x) => vi(x.max(0, true)),
  'min:dim': (x) => vi(x.min(-1)),
  var: (x) => x.var(),
  'var:dim': (x) => x.var(1),
  'var:biased': (x) => x.var([0, 2], true, { unbiased: false }),
  std: (x) => x.std(),
  'std:dim': (x) => x.std(-1, true),
  'std:biased': (x) => tg.std(x, 0, false, { unbiased: false }),
  logsumexp: (x) => x.logsumexp(1),
  'logsumexp:dims': (x) => x.logsumexp([0, 2], true),
  norm: (x) => x.norm(),
  'norm:p1': (x) => x.norm(1, 1),
  'norm:p2-dim': (x) => x.norm(2, [0, 2]),
  'norm:p3': (x) => x.norm(3, -1, true),
  'norm:inf': (x) => x.norm(Infinity, 1),
  // softmax
  softmax: (x) => x.softmax(-1),
  'softmax:dim0': (x) => x.softmax(0),
  logSoftmax: (x) => x.logSoftmax(1),
  'logSoftmax:large': (x) => x.logSoftmax(-1),
  // matrix products
  'matmul:1d-1d': (a, b) => a.matmul(b),
  'matmul:1d-2d': (a, b) => a.matmul(b),
  'matmul:2d-1d': (a, b) => a.matmul(b),
  'matmul:2d-2d': (a, b) => tg.matmul(a, b),
  'matmul:batched-broadcast': (a, b) => a.matmul(b),
  'matmul:1d-3d': (a, b) => a.matmul(b),
  'matmul:3d-1d': (a, b) => a.matmul(b),
  mm: (a, b) => a.mm(b),
  bmm: (a, b) => a.bmm(b),
  dot: (a, b) => a.dot(b),
  outer: (a, b) => a.outer(b),
  // views and shaping
  reshape: (x) => x.reshape([4, -1]),
  'reshape:transposed': (x) => x.transpose(0, 2).reshape([-1]),
  view: (x) => x.view([6, 4]),
  transpose: (x) => x.transpose(0, -1),
  permute: (x) => x.permute([2, 0, 1]),
  squeeze: (x) => x.squeeze(),
  'squeeze:dim': (x) => x.squeeze(2),
  unsqueeze: (x) => x.unsqueeze(-2),
  expand: (x) => x.expand([2, 3, -1]),
  expandAs: (x, y) => x.expandAs(y),
  flatten: (x) => x.flatten(),
  'flatten:range': (x) => x.flatten(1, 2),
  narrow: (x) => x.narrow(2, 1, 2),
  'slice:step': (x) => x.slice(1, 1, undefined, 2),
  'slice:negative': (x) => x.slice(0, -2),
  select: (x) => x.select(1, -1),
  indexSelect: (x, i) => x.indexSelect(1, i),
  gather: (x, i) => x.gather(1, i),
  scatter: (x, i, s) => x.scatter(1, i, s),
  'scatter:number': (x, i) => x.scatter(0, i, 1.5),
  scatterAdd: (x, i, s) => x.scatterAdd(0, i, s),
  cat: (x, y) => tg.cat([x, y], 1),
  'cat:three': (x, y, z) => tg.cat([x, y, z]),
  stack: (x, y) => tg.stack([x, y], 1),
  split: (x) => x.split(2, 1),
  'split:sizes': (x) => x.split([1, 3], 0),
  chunk: (x) => x.chunk(3, -1),
  repeat: (x) => x.repeat([2, 1, 3]),
  'pad:constant': (x) => x.pad([1, 2]),
  'pad:constant-negative': (x) => tg.pad(x, [-1, 2, 1, -1], { value: 3.5 }),
  'pad:reflect': (x) => x.pad([2, 1], { mode: 'reflect' }),
  'pad:reflect-2d': (x) => x.pad([1, 1, 2, 0], { mode: 'reflect' }),
  'pad:replicate': (x) => x.pad([2, 1], { mode: 'replicate' }),
  'pad:replicate-2d': (x) => x.pad([0, 2, 1, 1], { mode: 'replicate' }),
  'pad:circular': (x) => x.pad([2, 1], { mode: 'circular' }),
  'pad:circular-2d': (x) => x.pad([1, 2, 1, 0], { mode: 'circular' }),
  contiguous: (x) => x.transpose(0, 1).contiguous(),
  clone: (x) => x.clone(),
  'to:float32': (x) => x.to('float32'),
  float: (x) => x.float().mul(3),
  double: (x) => x.float().double(),
  // float32
  'f32:exp': (x) => x.exp(),
  'f32:sigmoid': (x) => x.sigmoid(),
  'f32:div': (a, b) => a.div(b),
  'f32:sum': (x) => x.sum(1),
  'f32:var': (x) => x.var(0),
  'f32:softmax': (x) => x.softmax(-1),
  'f32:logsumexp': (x) => x.logsumexp(-1),
  'f32:matmul': (a, b) => a.matmul(b),
  'f32:double': (x) => x.double().mul(2),
};

/** Throws unless `got` matches the fixture tensor `want` in dtype, shape and values. */
function assertMatches(what: string, got: Tensor, want: Encoded): void {
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  const tol = want.dtype === 'float32' ? 1e-6 : 1e-12;
  const values = got.dataSync();
  want.data.map(decode).forEach((w, k) => {
    const g = want.dtype === 'bool' ? values[k] !== 0 : values[k]!;
    if (typeof w === 'boolean' || want.dtype === 'int32') {
      expect(g, `${what}[${k}]`).toBe(w);
      return;
    }
    const gn = g as number;
    const ok = Number.isNaN(w) ? Number.isNaN(gn) : gn === w || Math.abs(gn - w) <= tol * Math.max(1, Math.abs(w));
    if (!ok) throw new Error(`${what}[${k}]: got ${gn}, PyTorch ${w} (|diff| ${Math.abs(gn - w)}, tolerance ${tol}·max(1,|x|))`);
  });
}

describe.each(['wasm', 'js'] as const)(`PyTorch ${fixture.torch} values (%s kernels)`, (kind) => {
  beforeAll(() => tg.setKernels(kind));
  afterAll(() => tg.setKernels('wasm'));

  it('every fixture case has a runner and every runner a fixture case', () => {
    const names = fixture.cases.map((c) => c.name);
    expect(names.filter((n) => !(n in runners))).toEqual([]);
    expect(Object.keys(runners).filter((n) => !names.includes(n))).toEqual([]);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const run = runners[name]!;
    const inputs = c.inputs.map((e) => {
      const t = toTensor(e);
      return e.dtype === 'float32' || e.dtype === 'float64' ? t.requiresGrad_() : t;
    });
    const result = run(...inputs);
    const outs = Array.isArray(result) ? result : [result];
    expect(outs.length, 'number of outputs').toBe(c.outputs.length);
    outs.forEach((o, i) => assertMatches(`output ${i}`, o, c.outputs[i]!));
    if (!c.grads) return;
    const diff = outs.map((o, i) => [o, c.gradOutputs![i]] as const).filter(([, g]) => g !== null);
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
