/**
 * @file The optimizers' fused one-pass updates against their tensor-op path (the fallback,
 * switched on for the reference with `setFusedOptim(false)`): parameters and every state
 * tensor bit for bit, and the same storage versions, for float32 (WebAssembly kernel and JS
 * loop) and float64, across every option and several steps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { setWasmEnabled, wasm } from '../../src/backend/wasm/runtime.js';
import { direct, setFusedOptim } from '../../src/optim/fused/direct.js';
import { kernelsFor } from '../../src/optim/fused/stage.js';

type Floating = 'float32' | 'float64';
type AnyOptimizer = optim.Optimizer<optim.GroupOptions, optim.ParamState>;
type Make = (params: tg.Tensor[]) => AnyOptimizer;

/** A deterministic generator of awkward values: exact zeros of both signs, tiny and large ones. */
function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    const r = s % 23;
    out[i] = r === 0 ? 0 : r === 1 ? -0 : r === 2 ? (u - 0.5) * 1e-30 : r === 3 ? (u - 0.5) * 1e4 : (u - 0.5) * 4;
  }
  return out;
}

/** Shapes that cover the JS loop (small), one WebAssembly chunk, several chunks with a ragged end. */
const SHAPES: number[][] = [[3], [37, 5], [40003], []];

/** Fresh parameters: the shapes above plus two views. */
function makeParams(dtype: Floating): tg.Tensor[] {
  const params = SHAPES.map((shape, k) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tg.tensor(values(n, 100 + k), { dtype }).reshape(shape).requiresGrad_();
  });
  // A contiguous view at an offset into a larger storage (fused), and a transposed one (tensor ops).
  params.push(tg.tensor(values(300, 8), { dtype }).reshape([30, 10]).slice(0, 5, 25).requiresGrad_());
  params.push(tg.tensor(values(24, 7), { dtype }).reshape([4, 6]).transpose(0, 1).requiresGrad_());
  return params;
}

/** Gives every parameter a gradient for step `step` (none for the second one on step 2: it is skipped). */
function setGrads(params: tg.Tensor[], step: number): void {
  params.forEach((p, k) => {
    // Odd steps: gradients that sit at an offset of 3 in their storage.
    const skip = step % 2 === 1 ? 3 : 0;
    const g = tg.tensor(values(p.numel + skip, 1000 * step + k), { dtype: p.dtype }).slice(0, skip, skip + p.numel);
    p.grad = step === 2 && k === 1 ? null : g.reshape(p.shape);
  });
}

/** The bytes of a float tensor's elements, base64 (so -0 ≠ 0 and NaNs compare by payload). */
function bits(t: tg.Tensor): string {
  const data = t.contiguous().dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** Where two tensors' elements first differ, as a readable message (or 'same'). */
function firstDifference(a: tg.Tensor, b: tg.Tensor): string {
  const x = a.contiguous().dataSync(), y = b.contiguous().dataSync();
  if (x.length !== y.length) return `${x.length} vs ${y.length} elements`;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `element ${i}: ${x[i]} vs ${y[i]}`;
  return 'same';
}

/** Every tensor of an optimizer's state (per parameter, by key) with its bits and version. */
function snapshot(opt: AnyOptimizer, params: tg.Tensor[]): unknown[] {
  return params.map((p) => {
    const s = opt.state.get(p) ?? {};
    const state: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(s)) {
      state[key] = value instanceof tg.Tensor ? { bits: bits(value), version: value.version, dtype: value.dtype } : value;
    }
    return { bits: bits(p), version: p.version, state };
  });
}

/** Both optimizers' parameters and state agree exactly; on failure, names the first differing element. */
function expectSame(fused: AnyOptimizer, fp: tg.Tensor[], ref: AnyOptimizer, rp: tg.Tensor[], label: string): void {
  const a = snapshot(fused, fp), b = snapshot(ref, rp);
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const where = fp.map((p, k) => {
    const parts = [`param ${k}: ${firstDifference(p, rp[k]!)}, versions ${p.version}/${rp[k]!.version}`];
    for (const [key, value] of Object.entries(fused.state.get(p) ?? {})) {
      const other = ref.state.get(rp[k]!)?.[key];
      if (value instanceof tg.Tensor && other instanceof tg.Tensor) parts.push(`${key}: ${firstDifference(value, other)}, versions ${value.version}/${other.version}`);
    }
    return parts.join('; ');
  });
  expect.fail(`${label}: the fused update differs from the tensor ops\n${where.join('\n')}`);
}

/** Runs `make` for `steps` steps with the fused path and with the tensor ops; both must agree exactly. */
function compare(make: Make, dtype: Floating, steps = 4): void {
  const fusedParams = makeParams(dtype);
  const refParams = makeParams(dtype);
  const fused = make(fusedParams);
  const ref = make(refParams);
  for (let step = 1; step <= steps; step++) {
    setGrads(fusedParams, step);
    setGrads(refParams, step);
    fused.step();
    setFusedOptim(false);
    try {
      ref.step();
    } finally {
      setFusedOptim(true);
    }
    expectSame(fused, fusedParams, ref, refParams, `step ${step}`);
  }
}

const cases: Array<[string, Make]> = [
  ['SGD', (p) => new optim.SGD(p, { lr: 0.1 })],
  ['SGD lr 0', (p) => new optim.SGD(p, { lr: 0, momentum: 0.5 })],
  ['SGD momentum', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9 })],
  ['SGD momentum dampening weightDecay', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 0.01 })],
  ['SGD nesterov weightDecay maximize', (p) => new optim.SGD(p, { lr: 0.03, momentum: 0.8, nesterov: true, weightDecay: 1e-3, maximize: true })],
  ['SGD weightDecay maximize', (p) => new optim.SGD(p, { lr: 0.1, weightDecay: 0.1, maximize: true })],
  ['Adam', (p) => new optim.Adam(p, { lr: 0.01 })],
  ['Adam amsgrad', (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true })],
  ['Adam weightDecay maximize', (p) => new optim.Adam(p, { lr: 0.02, weightDecay: 0.01, maximize: true })],
  ['Adam betas eps amsgrad weightDecay', (p) => new optim.Adam(p, { lr: 0.1, betas: [0.5, 0.8], eps: 1e-3, amsgrad: true, weightDecay: 0.1 })],
  ['Adam beta1 0', (p) => new optim.Adam(p, { betas: [0, 0.99] })],
  ['Adam lr 0', (p) => new optim.Adam(p, { lr: 0, amsgrad: true })],
  ['AdamW', (p) => new optim.AdamW(p, { lr: 0.01 })],
  ['AdamW amsgrad maximize', (p) => new optim.AdamW(p, { lr: 0.01, amsgrad: true, maximize: true })],
  ['AdamW weightDecay 0.5', (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.5, betas: [0.8, 0.9] })],
  ['RMSprop', (p) => new optim.RMSprop(p, { lr: 0.01 })],
  ['RMSprop centered', (p) => new optim.RMSprop(p, { lr: 0.01, centered: true })],
  ['RMSprop momentum', (p) => new optim.RMSprop(p, { lr: 0.01, momentum: 0.9 })],
  ['RMSprop all options', (p) => new optim.RMSprop(p, { lr: 0.02, alpha: 0.9, eps: 1e-4, weightDecay: 0.01, momentum: 0.5, centered: true, maximize: true })],
  ['RMSprop alpha 0', (p) => new optim.RMSprop(p, { alpha: 0, weightDecay: 0.1 })],
  ['Adagrad', (p) => new optim.Adagrad(p, { lr: 0.1 })],
  ['Adagrad lr 0', (p) => new optim.Adagrad(p, { lr: 0 })],
  ['RMSprop lr 0', (p) => new optim.RMSprop(p, { lr: 0, momentum: 0.5 })],
  ['Adagrad all options', (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.1, weightDecay: 0.01, initialAccumulatorValue: 0.1, eps: 1e-5, maximize: true })],
];

/** Whether the kernels were on when this file loaded (`TENSORGRAD_KERNELS=js` switches them off); restored after each test. */
const wasmWasOn = wasm() !== null;

afterEach(() => {
  setWasmEnabled(wasmWasOn);
  setFusedOptim(true);
});

describe('fused optimizer updates equal the tensor ops bit for bit', () => {
  it('the WebAssembly kernels are available, and plain parameters take the fused path', () => {
    setWasmEnabled(true);
    expect(wasm()).not.toBeNull();
    const [small, mid, , , view, transposed] = makeParams('float32');
    expect(kernelsFor(mid!.numel)).not.toBeNull();
    expect(kernelsFor(small!.numel)).toBeNull(); // too small: the JS loop
    expect(direct([mid!, tg.zerosLike(mid!)])).not.toBeNull();
    expect(direct([view!, tg.zerosLike(view!)])?.offsets).toEqual([50, 0]);
    expect(direct([transposed!, tg.zerosLike(transposed!)])).toBeNull();
    expect(direct([mid!, tg.zerosLike(mid!, { dtype: 'float64' })])).toBeNull();
    expect(direct([mid!, mid!])).toBeNull();
    setFusedOptim(false);
    expect(direct([mid!, tg.zerosLike(mid!)])).toBeNull();
  });

  describe.each([
    ['float32, WebAssembly', 'float32', true],
    ['float32, JS loop', 'float32', false],
    ['float64', 'float64', true],
  ] as const)('%s', (_name, dtype, useWasm) => {
    it.each(cases)('%s', (_case, make) => {
      setWasmEnabled(useWasm);
      compare(make, dtype);
    });
  });

  it('a gradient of another dtype or a non-contiguous state tensor takes the tensor path, with the same result', () => {
    const run = (fusedOn: boolean) => {
      setFusedOptim(fusedOn);
      const p = tg.tensor(values(300, 5), { dtype: 'float32' }).requiresGrad_();
      const q = tg.tensor(values(300, 6), { dtype: 'float32' }).requiresGrad_();
      const opt = new optim.Adam([p, q], { lr: 0.01 });
      p.grad = tg.tensor(values(300, 8), { dtype: 'float64' });
      q.grad = tg.tensor(values(300, 9), { dtype: 'float32' });
      opt.step();
      // A state tensor viewed with a stride: the fused path must decline it.
      const s = opt.state.get(q)!;
      s.expAvg = tg.zeros([600]).slice(0, 0, 600, 2).copy_(s.expAvg);
      q.grad = tg.tensor(values(300, 10), { dtype: 'float32' });
      opt.step();
      return [bits(p), bits(q), bits(s.expAvg), s.expAvg.version, p.version, q.version];
    };
    expect(run(true)).toEqual(run(false));
  });

  it('the in-place writes bump versions, so autograd catches a parameter changed after it was saved', () => {
    for (const [fusedOn, useWasm] of [[true, true], [true, false], [false, true]] as const) {
      setFusedOptim(fusedOn);
      setWasmEnabled(useWasm);
      const w = tg.tensor(values(256, 3), { dtype: 'float32' }).requiresGrad_();
      const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
      w.square().sum().backward();
      const y = w.mul(w); // saves w
      const before = w.version;
      opt.step();
      expect(w.version).toBe(before + 1);
      expect(w.requiresGrad && w.isLeaf && w.gradFn === null).toBe(true);
      expect(() => y.sum().backward()).toThrow(/modified by an inplace operation|version/i);
    }
  });
});
