/**
 * @file `nn.init`: gains and fans against PyTorch's formulas (torch/nn/init.py), bounds and
 * moments of the random initializers on large samples, orthogonality and the sign convention
 * of `orthogonal_`, seeding, and error paths. PyTorch's random streams are not reproduced.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { vals } from '../helpers/values.js';

const { init } = nn;

function moments(xs: number[]): { mean: number; std: number; min: number; max: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Expects `x` close to `expected` within a relative tolerance. */
const near = (x: number, expected: number, rel: number): void => expect(Math.abs(x - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('calculateGain and calculateFanInAndFanOut (PyTorch formulas)', () => {
  it('gains', () => {
    for (const f of ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid'] as const) {
      expect(init.calculateGain(f)).toBe(1);
    }
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(1.3867504905630728, 15);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain('selu')).toBe(0.75);
    // @ts-expect-error: not a nonlinearity PyTorch knows
    expect(() => init.calculateGain('swish')).toThrow(/unsupported nonlinearity swish/);
  });

  it('fans: [out, in, ...kernel] gives fanIn = in·k, fanOut = out·k', () => {
    expect(init.calculateFanInAndFanOut(tg.empty([8, 6]))).toEqual([6, 8]);
    expect(init.calculateFanInAndFanOut(tg.empty([16, 3, 5, 5]))).toEqual([75, 400]);
    expect(init.calculateFanInAndFanOut(tg.empty([4, 2, 3]))).toEqual([6, 12]);
    expect(() => init.calculateFanInAndFanOut(tg.empty([5]))).toThrow(/fewer than 2 dimensions/);
    expect(() => init.xavierUniform_(tg.empty([5]))).toThrow(tg.ShapeError);
  });
});

describe('constant initializers', () => {
  it('fill in place, on parameters too, returning the same tensor', () => {
    const p = new nn.Parameter(tg.empty([2, 3]));
    expect(init.constant_(p, 0.25)).toBe(p);
    expect(vals(p)).toEqual(Array(6).fill(0.25));
    expect(vals(init.zeros_(p))).toEqual(Array(6).fill(0));
    expect(vals(init.ones_(p))).toEqual(Array(6).fill(1));
    expect(p.isLeaf && p.requiresGrad).toBe(true);
  });
});

describe('random initializers: bounds and moments on 60k samples', () => {
  const shape = [300, 200]; // fanIn 200, fanOut 300

  it('uniform_ and normal_', () => {
    const u = moments(vals(init.uniform_(tg.empty(shape), -2, 4)));
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(4);
    near(u.mean, 1, 0.02);
    near(u.std, 6 / Math.sqrt(12), 0.02);
    const d = moments(vals(init.uniform_(tg.empty(shape))));
    expect(d.min).toBeGreaterThanOrEqual(0);
    expect(d.max).toBeLessThan(1);
    const n = moments(vals(init.normal_(tg.empty(shape), 3, 0.5)));
    near(n.mean, 3, 0.01);
    near(n.std, 0.5, 0.02);
  });

  it('xavierUniform_ / xavierNormal_: std = gain·√(2 / (fanIn + fanOut))', () => {
    const gain = init.calculateGain('tanh');
    const std = gain * Math.sqrt(2 / 500);
    const u = moments(vals(init.xavierUniform_(tg.empty(shape), gain)));
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(Math.sqrt(3) * std);
    expect(Math.max(-u.min, u.max)).toBeGreaterThan(0.99 * Math.sqrt(3) * std);
    near(u.std, std, 0.02);
    const n = moments(vals(init.xavierNormal_(tg.empty(shape), gain)));
    expect(Math.abs(n.mean)).toBeLessThan(0.02 * std);
    near(n.std, std, 0.02);
  });

  it("kaimingUniform_ with a = √5 gives nn.Linear's bound 1/√fanIn", () => {
    const bound = 1 / Math.sqrt(200);
    const u = moments(vals(init.kaimingUniform_(tg.empty(shape), { a: Math.sqrt(5) })));
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(bound);
    expect(Math.max(-u.min, u.max)).toBeGreaterThan(0.99 * bound);
    near(u.std, bound / Math.sqrt(3), 0.02);
  });

  it('kaiming with relu and fan_out: bound √(6 / fanOut), std √(2 / fanOut); conv weights use the receptive field', () => {
    const u = moments(vals(init.kaimingUniform_(tg.empty(shape), { mode: 'fan_out', nonlinearity: 'relu' })));
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(Math.sqrt(6 / 300));
    near(u.std, Math.sqrt(2 / 300), 0.02);
    const n = moments(vals(init.kaimingNormal_(tg.empty(shape), { nonlinearity: 'relu' })));
    near(n.std, Math.sqrt(2 / 200), 0.02);
    const conv = moments(vals(init.kaimingNormal_(tg.empty([64, 32, 5, 5]), { mode: 'fan_out', nonlinearity: 'relu' })));
    near(conv.std, Math.sqrt(2 / (64 * 25)), 0.02);
    const leaky = moments(vals(init.kaimingNormal_(tg.empty(shape))));
    near(leaky.std, Math.sqrt(2 / (1 + 0.0)) / Math.sqrt(200), 0.02);
  });

  it('kaiming leaves an empty tensor as it is and rejects a bad mode', () => {
    const e = tg.empty([0, 3]);
    expect(init.kaimingUniform_(e)).toBe(e);
    // @ts-expect-error: not a mode
    expect(() => init.kaimingUniform_(tg.empty([2, 2]), { mode: 'fan_avg' })).toThrow(/mode fan_avg/);
  });

  it('float64 tensors stay float64; integer tensors are rejected', () => {
    expect(init.xavierNormal_(tg.empty([4, 4], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => init.normal_(tg.zeros([2], { dtype: 'int32' }))).toThrow(tg.DTypeError);
    expect(() => init.kaimingUniform_(tg.zeros([2, 2], { dtype: 'int32' }))).toThrow(tg.DTypeError);
  });
});

describe('seeding', () => {
  const initializers: [string, (t: tg.Tensor) => tg.Tensor][] = [
    ['uniform_', (t) => init.uniform_(t)],
    ['normal_', (t) => init.normal_(t)],
    ['xavierUniform_', (t) => init.xavierUniform_(t)],
    ['xavierNormal_', (t) => init.xavierNormal_(t)],
    ['kaimingUniform_', (t) => init.kaimingUniform_(t)],
    ['kaimingNormal_', (t) => init.kaimingNormal_(t)],
    ['orthogonal_', (t) => init.orthogonal_(t)],
  ];
  for (const [name, fn] of initializers) {
    it(`${name} follows tg.manualSeed and an explicit generator`, () => {
      tg.manualSeed(42);
      const a = vals(fn(tg.empty([4, 3])));
      tg.manualSeed(42);
      expect(vals(fn(tg.empty([4, 3])))).toEqual(a);
      expect(vals(fn(tg.empty([4, 3])))).not.toEqual(a);
    });
  }

  it('takes a generator', () => {
    const a = vals(init.orthogonal_(tg.empty([3, 3]), 1, { generator: new tg.Generator(5) }));
    const b = vals(init.orthogonal_(tg.empty([3, 3]), 1, { generator: new tg.Generator(5) }));
    expect(a).toEqual(b);
  });
});

describe('orthogonal_', () => {
  const gram = (w: tg.Tensor): number[] => vals(w.double().matmul(w.double().transpose(0, 1)));
  const eye = (n: number, scale = 1): number[] => vals(tg.eye(n)).map((v) => v * scale);
  const close = (a: number[], b: number[], tol = 1e-5): void => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol));

  it('rows orthonormal when rows <= cols, columns when rows > cols, scaled by gain', () => {
    close(gram(init.orthogonal_(tg.empty([3, 7]))), eye(3));
    close(gram(init.orthogonal_(tg.empty([7, 3])).transpose(0, 1)), eye(3));
    close(gram(init.orthogonal_(tg.empty([5, 5]), 2)), eye(5, 4));
    close(gram(init.orthogonal_(tg.empty([4, 2, 3, 3])).reshape([4, 18])), eye(4));
    close(gram(init.orthogonal_(tg.empty([6, 6], { dtype: 'float64' }))), eye(6), 1e-12);
  });

  it('is the Q of the normal matrix with R sign-corrected to a positive diagonal (PyTorch)', () => {
    // orthogonal_ draws the m x n (m >= n) matrix column by column from the generator.
    const [m, n] = [6, 4];
    const g = new tg.Generator(11);
    const cols = Array.from({ length: n }, () => Array.from({ length: m }, () => g.normal()));
    const a = tg.tensor(cols, { dtype: 'float64' }).transpose(0, 1);
    const q = init.orthogonal_(tg.empty([m, n], { dtype: 'float64' }), 1, { generator: new tg.Generator(11) });
    const r = q.transpose(0, 1).matmul(a).toArray() as number[][];
    for (let i = 0; i < n; i++) {
      expect(r[i]![i]!).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(r[i]![j]!)).toBeLessThan(1e-12);
    }
    close(vals(q.matmul(tg.tensor(r, { dtype: 'float64' }))), vals(a), 1e-12);
  });

  it('rejects 1-d tensors and leaves empty ones alone', () => {
    expect(() => init.orthogonal_(tg.empty([3]))).toThrow(/2 or more dimensions/);
    const e = tg.empty([0, 4]);
    expect(init.orthogonal_(e)).toBe(e);
  });
});
