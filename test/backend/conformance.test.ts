/**
 * @file The kernel conformance suite, run on both CPU kernel families (`describe.each`):
 * WebAssembly SIMD and the plain TypeScript fallback. Every op that has a WebAssembly kernel
 * is computed in float32 (where the kernels differ) and compared with the same op in
 * float64 (which is exact to float32's eyes), over random shapes and memory layouts, forward
 * and backward. The PyTorch fixtures (test/ops/pytorch-values.test.ts and friends) also run
 * on both; this file adds the shapes and layouts the fixtures do not cover.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { maxPool2dBackward } from '../../src/ops/pool.js';

/**
 * Largest |a − b| / (|b| + atol·max(1, max|b|)) over the elements: relative error, except that
 * elements far below the tensor's largest (where float32 cancellation rules) are measured
 * against `atol` times that largest.
 */
function maxRelErr(a: Tensor, b: Tensor, atol: number): number {
  const x = a.double().dataSync(), y = b.double().dataSync();
  expect(x.length).toBe(y.length);
  let worst = 0, big = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!)) big = Math.max(big, Math.abs(y[i]!));
  const floor = atol * Math.max(big, 1) + 1e-30;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    if (Number.isNaN(yi)) {
      if (!Number.isNaN(xi)) return Infinity;
      continue;
    }
    if (xi === yi) continue;
    worst = Math.max(worst, Math.abs(xi - yi) / (floor + Math.abs(yi)));
  }
  return worst;
}

/**
 * Random values in [lo, hi) of `shape` from a seeded generator, as float64 tensors holding
 * float32 numbers (so the float32 and float64 runs start from the same inputs).
 */
function values(shape: number[], seed: number, lo = -2, hi = 2): Tensor {
  const g = new tg.Generator(seed);
  return tg.rand(shape, { dtype: 'float64', generator: g }).mul(hi - lo).add(lo).float().double();
}

/**
 * Runs `f` on float32 and float64 copies of `inputs`; compares outputs and input gradients
 * (of the sum of outputs weighted by a fixed random tensor).
 */
function agree(inputs: Tensor[], f: (...xs: Tensor[]) => Tensor, tol: number, atol = 1e-4): void {
  const run = (dtype: 'float32' | 'float64'): [Tensor, Tensor[]] => {
    const xs = inputs.map((t) => t.to(dtype).detach().requiresGrad_());
    const y = f(...xs);
    const w = values([...y.shape], 99).to(dtype);
    const grads = tg.autograd.grad([y.mul(w).sum()], xs, { allowUnused: true });
    return [y, grads.map((g, i) => g ?? tg.zerosLike(xs[i]!))];
  };
  const [y32, g32] = run('float32');
  const [y64, g64] = run('float64');
  expect(y32.dtype).toBe('float32');
  expect(maxRelErr(y32, y64, atol), 'output').toBeLessThan(tol);
  // Gradients pass through more roundings and cancellations (1 − tanh², y·(g − Σg·y)) than
  // outputs: they are held to 5e-3 of their largest element (a wrong kernel is off by O(1)).
  g32.forEach((g, i) => expect(maxRelErr(g, g64[i]!, 1e-4), `gradient ${i}`).toBeLessThan(Math.max(4 * tol, 5e-3)));
}

/** γₙ = n·u / (1 − n·u), u = 2⁻²⁴: float32 rounding of a sum of n − 1 products, in any order, is within γₙ·Σ|terms|. */
const gamma = (n: number): number => (n * 2 ** -24) / (1 - n * 2 ** -24);

/**
 * `a @ b` (float64 inputs holding float32 numbers; `b` may lack `a`'s batch dims) in float32 on
 * the kernels under test against float64, with the output and both gradients (of the output
 * weighted by a fixed random tensor) held element by element to the rigorous float32 bound
 * γ·(|x|·|y|) of the products they sum. A relative tolerance fails spuriously where the sum
 * cancels (an `expanded` B makes every output Σₖ aₖ times one value); a wrong kernel is off
 * by far more than the bound.
 */
function agreeMatmul(a: Tensor, b: Tensor): void {
  const run = (dtype: 'float32' | 'float64'): Tensor[] => {
    const [x, y] = [a, b].map((t) => t.to(dtype).detach().requiresGrad_()) as [Tensor, Tensor];
    const out = x.matmul(y);
    const [gx, gy] = tg.autograd.grad([out.mul(values([...out.shape], 99).to(dtype)).sum()], [x, y]);
    return [out, gx!, gy!];
  };
  const got = run('float32'), want = run('float64');
  const w = values([...want[0]!.shape], 99).abs(), aa = a.abs(), ba = b.abs();
  const K = a.shape.at(-1)!, M = a.shape.at(-2)!, N = b.shape.at(-1)!;
  const batch = a.ndim > 2 ? a.shape[0]! : 1, summed = b.ndim < a.ndim;
  let gbBound = aa.transpose(-2, -1).matmul(w);
  if (summed) gbBound = gbBound.sum(0);
  const bounds = [aa.matmul(ba).mul(gamma(K + 1)), w.matmul(ba.transpose(-2, -1)).mul(gamma(N + 1)), gbBound.mul(gamma(M * (summed ? batch : 1) + 1))];
  ['output', 'gradient of a', 'gradient of b'].forEach((what, i) => {
    const err = got[i]!.double().sub(want[i]!).abs().sub(bounds[i]!.add(1e-30));
    expect(err.max().item(), `${what}: largest excess over the float32 bound`).toBeLessThanOrEqual(0);
  });
}

const dim = fc.integer({ min: 1, max: 40 });
const layouts = ['contiguous', 'transposed', 'sliced', 'expanded'] as const;
type Layout = (typeof layouts)[number];

/** `t` (2-d or more) given the layout: transposed storage, a stepped slice, or a stride-0 row. */
function withLayout(t: Tensor, layout: Layout): Tensor {
  const nd = t.ndim;
  switch (layout) {
    case 'contiguous':
      return t;
    case 'transposed':
      return t.transpose(nd - 2, nd - 1).contiguous().transpose(nd - 2, nd - 1);
    case 'sliced': {
      const wide = tg.cat([t, t.mul(NaN)], nd - 1);
      return wide.narrow(nd - 1, 0, t.shape[nd - 1]!);
    }
    case 'expanded':
      return t.narrow(nd - 2, 0, 1).expand(t.shape);
  }
}

describe.each(['wasm', 'js'] as const)('%s kernels', (kind) => {
  beforeAll(() => tg.setKernels(kind));
  afterAll(() => tg.setKernels('wasm'));

  it(`runs on the ${kind} kernels`, () => {
    expect(tg.getKernels()).toBe(kind);
  });

  it('matmul: every layout pair, batches and broadcast batches, forward and backward', () => {
    fc.assert(fc.property(dim, dim, dim, fc.constantFrom(...layouts), fc.constantFrom(...layouts), fc.constantFrom(0, 1, 3), fc.boolean(), fc.integer(),
      (M, K, N, la, lb, batch, broadcast, seed) => {
        const lead = batch === 0 ? [] : [batch];
        const a = withLayout(values([...lead, M, K], seed), la);
        const b = withLayout(values([...(broadcast ? [] : lead), K, N], seed + 1), lb);
        agreeMatmul(a, b);
      }), { numRuns: 40 });
  });

  it('matmul: large products (blocked paths, threads)', () => {
    for (const [M, K, N] of [[300, 257, 130], [64, 784, 128], [1, 500, 700], [700, 3, 600]] as const) {
      agreeMatmul(values([M, K], M), values([K, N], N));
      agreeMatmul(values([K, M], M).transpose(0, 1), values([N, K], N).transpose(0, 1));
    }
  });

  it('linear layer step: x @ Wᵀ + b, all three gradients', () => {
    agree([values([128, 784], 1), values([128, 784], 2, -0.05, 0.05), values([128], 3)], (x, w, b) => tg.F.linear(x, w, b).relu(), 1e-4, 1e-3);
  });

  it('unary math: exp, log, tanh, sigmoid, erf, gelu over wide ranges and odd lengths', () => {
    for (const n of [1, 3, 17, 1000, 70001]) {
      const x = values([n], n, -20, 20);
      // A few ulp of float32 (outputs).
      agree([x], (t) => t.exp(), 1e-6, 0);
      agree([x], (t) => t.tanh(), 1e-6, 1e-7);
      agree([x], (t) => t.sigmoid(), 1e-6, 1e-7);
      agree([x], (t) => t.erf(), 1e-6, 1e-6);
      agree([x], (t) => tg.F.gelu(t), 1e-6, 1e-6);
      agree([x.abs().add(1e-30)], (t) => t.log(), 1e-6, 0);
    }
  });

  it('maxPool2d 2×2: values, indices and gradients exactly as float64, with ties, NaN, ±Inf and ±0', () => {
    const specials = [NaN, Infinity, -Infinity, -0, 0, 1, 1, -1];
    fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 13 }), fc.integer({ min: 2, max: 21 }), fc.integer(),
      (N, C, H, W, seed) => {
        const g = new tg.Generator(seed);
        const pick = tg.rand([N, C, H, W], { generator: g, dtype: 'float64' }).dataSync();
        // Mostly a few repeated values (ties), some specials.
        const data = Float64Array.from(pick, (u, i) => (u < 0.2 ? specials[i % specials.length]! : Math.round(u * 4)));
        const x64 = tg.tensor(data, { dtype: 'float64' }).reshape([N, C, H, W]);
        const r64 = tg.F.maxPool2d(x64, 2, { returnIndices: true }), r32 = tg.F.maxPool2d(x64.float(), 2, { returnIndices: true });
        const v32 = r32.values.dataSync(), v64 = r64.values.dataSync();
        v64.forEach((v, k) => expect(Object.is(v32[k], v), `value ${k}`).toBe(true));
        expect(Array.from(r32.indices.dataSync())).toEqual(Array.from(r64.indices.dataSync()));
        const gy = values([...r64.values.shape], seed);
        const x32 = x64.float().requiresGrad_(), xd = x64.clone().requiresGrad_();
        const [a] = tg.autograd.grad([tg.F.maxPool2d(x32, 2)], [x32], { gradOutputs: [gy.float()] });
        const [b] = tg.autograd.grad([tg.F.maxPool2d(xd, 2)], [xd], { gradOutputs: [gy] });
        expect(Array.from(a!.dataSync())).toEqual(Array.from(b!.float().dataSync()));
      }), { numRuns: 60 });
  });

  it('maxPool2d backward: an index outside the plane throws, naming it', () => {
    const g = tg.ones([1, 1, 2, 2]);
    const idx = tg.tensor([0, 1, 16, 3], { dtype: 'int32' }).reshape([1, 1, 2, 2]);
    expect(() => maxPool2dBackward(g, idx, [1, 1, 4, 4])).toThrow(/maxPool2dBackward: index 16 is out of range for a plane of 16 elements/);
    expect(() => maxPool2dBackward(g, idx.reshape([1, 4]), [1, 1, 4, 4])).toThrow(/maxPool2dBackward: expected a gradient and indices/);
  });

  it('unary math: special values give the float64 result exactly (±Inf, NaN, ±0, huge)', () => {
    const specials = [-Infinity, Infinity, NaN, -0, 0, -1e30, 1e30, -100, 100, -1e-40, 1e-40];
    // Repeated past the kernels' minimum length, at every offset within a SIMD vector.
    const x64 = tg.tensor(Array.from({ length: 97 }, (_, i) => specials[i % specials.length]!), { dtype: 'float64' }).float().double();
    const ops: [string, (t: Tensor) => Tensor][] = [['exp', (t) => t.exp()], ['log', (t) => t.log()], ['tanh', (t) => t.tanh()],
      ['sigmoid', (t) => t.sigmoid()], ['erf', (t) => t.erf()], ['gelu', (t) => tg.F.gelu(t)]];
    for (const [name, f] of ops) {
      const got = f(x64.float()).dataSync(), want = f(x64).float().dataSync();
      for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `${name}(${x64.dataSync()[i]}): ${got[i]} vs ${want[i]}`).toBe(true);
    }
  });

  it('softmax and logSoftmax along every dim, forward and backward', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }), fc.integer(), fc.boolean(),
      (shape, seed, log) => {
        const x = values(shape, seed, -10, 10);
        // log-softmax near 0 is (x − max) − ln Σ, a float32 cancellation of O(1) terms
        for (let d = 0; d < shape.length; d++) agree([x], (t) => (log ? t.logSoftmax(d) : t.softmax(d)), log ? 2e-4 : 1e-5);
      }), { numRuns: 30 });
    agree([values([1024, 1000], 5, -10, 10)], (t) => t.softmax(-1), 1e-5);
    agree([values([256, 1000], 6, -10, 10)], (t) => t.logSoftmax(-1), 2e-4);
  });

  it('sum and max reductions over rows, columns and everything', () => {
    const x = values([300, 257], 7);
    // float32 accumulation (blocked) on the wasm kernels, float64 in the TypeScript loops
    agree([x], (t) => t.sum(1), 1e-4, 1e-3);
    agree([x], (t) => t.sum(0), 1e-4, 1e-3);
    agree([x], (t) => t.sum(), 1e-4, 1e-2);
    expect(Array.from(x.float().argmax(1).dataSync())).toEqual(Array.from(x.argmax(1).dataSync()));
    agree([x], (t) => t.amax(1), 1e-7);
    agree([x], (t) => t.mean([0, 1]), 1e-5, 1e-3);
    const y = values([6, 5, 7, 9], 13);
    agree([y], (t) => t.sum([0, 2, 3]), 1e-4, 1e-3); // a convolution's bias gradient
    agree([y], (t) => t.sum([0, 3]), 1e-4, 1e-3);
  });

  it('crossEntropy and nllLoss, forward and backward', () => {
    const logits = values([64, 10], 8, -5, 5);
    const target = tg.randint(0, 10, [64], { dtype: 'int32', generator: new tg.Generator(3) });
    agree([logits], (t) => tg.F.crossEntropy(t, target), 1e-5);
    agree([logits], (t) => tg.F.crossEntropy(t, target, { labelSmoothing: 0.1, reduction: 'sum' }), 1e-5);
    agree([logits], (t) => tg.F.nllLoss(t.logSoftmax(1), target), 1e-5);
  });

  it('conv2d and maxPool2d, forward and backward', () => {
    const x = values([4, 3, 13, 11], 9);
    const w = values([8, 3, 3, 3], 10, -0.5, 0.5);
    const b = values([8], 11);
    agree([x, w, b], (xi, wi, bi) => tg.F.conv2d(xi, wi, bi, { padding: 1 }), 1e-4, 1e-3);
    agree([x, w, b], (xi, wi, bi) => tg.F.conv2d(xi, wi, bi, { stride: 2, dilation: 2 }), 1e-4, 1e-3);
    agree([x], (xi) => tg.F.maxPool2d(xi, 2), 1e-7);
  });

  it('optimizers: ten float32 steps track float64 steps', () => {
    const make = (name: string, p: Tensor[]): tg.optim.Optimizer => {
      switch (name) {
        case 'sgd': return new tg.optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 });
        case 'adam': return new tg.optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.01 });
        case 'adamw': return new tg.optim.AdamW(p, { lr: 0.01 });
        case 'rmsprop': return new tg.optim.RMSprop(p, { lr: 0.01, momentum: 0.5, centered: true });
        default: return new tg.optim.Adagrad(p, { lr: 0.1 });
      }
    };
    for (const name of ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad']) {
      const results = (['float32', 'float64'] as const).map((dtype) => {
        const p = values([1000], 12).to(dtype).requiresGrad_();
        const opt = make(name, [p]);
        for (let s = 0; s < 10; s++) {
          opt.zeroGrad();
          p.sub(0.5).square().sum().backward();
          opt.step();
        }
        return p.detach();
      });
      expect(maxRelErr(results[0]!, results[1]!, 1e-3), name).toBeLessThan(1e-4);
    }
  });
});
