/**
 * @file Random tensors: reproducibility through `manualSeed` and explicit generators, and
 * rough distribution checks on 10k samples.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { vals } from '../helpers/values.js';


function stats(xs: number[]): { mean: number; std: number; min: number; max: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs) };
}

const samplers: [string, () => tg.Tensor][] = [
  ['rand', () => tg.rand([4, 5])],
  ['randn', () => tg.randn([4, 5])],
  ['randint', () => tg.randint(0, 1000, [4, 5])],
  ['normal_', () => tg.empty([20]).normal_(1, 2)],
  ['uniform_', () => tg.empty([20]).uniform_(-3, 3)],
  ['randLike', () => tg.randLike(tg.zeros([7]))],
  ['randnLike', () => tg.randnLike(tg.zeros([7]))],
];

describe('manualSeed reproducibility', () => {
  for (const [name, sample] of samplers) {
    it(`${name}: same seed gives the same values, another seed different ones`, () => {
      tg.manualSeed(123);
      const a = vals(sample());
      tg.manualSeed(123);
      const b = vals(sample());
      tg.manualSeed(124);
      const c = vals(sample());
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });
  }

  it('successive calls continue the stream (different values)', () => {
    tg.manualSeed(0);
    const a = vals(tg.rand([5]));
    const b = vals(tg.rand([5]));
    expect(b).not.toEqual(a);
  });

  it('a whole sequence of mixed calls replays exactly', () => {
    const run = (): number[][] => {
      tg.manualSeed(42);
      return [vals(tg.randn([3])), vals(tg.rand([2])), vals(tg.randint(-5, 5, [4])), vals(tg.randn([1]))];
    };
    expect(run()).toEqual(run());
  });

  it('reseeding drops a cached Box–Muller normal', () => {
    tg.manualSeed(7);
    const fresh = vals(tg.randn([4]));
    tg.manualSeed(7);
    tg.randn([3]); // odd count: one normal is left cached
    tg.manualSeed(7);
    expect(vals(tg.randn([4]))).toEqual(fresh);
  });

  it('an explicit Generator is independent of the global stream', () => {
    const g1 = new tg.Generator(5);
    const g2 = new tg.Generator(5);
    tg.manualSeed(0);
    const a = vals(tg.rand([4], { generator: g1 }));
    tg.rand([10]); // advances only the global generator
    const b = vals(tg.rand([4], { generator: g2 }));
    expect(b).toEqual(a);
    const g3 = new tg.Generator(5);
    expect(vals(tg.empty([4]).uniform_(0, 1, g3))).toEqual(a);
  });

  it('float64 random tensors hold float64 samples', () => {
    tg.manualSeed(3);
    const t = tg.rand([100], { dtype: 'float64' });
    expect(t.dtype).toBe('float64');
    expect(vals(t).some((v) => v !== Math.fround(v))).toBe(true);
    expect(tg.randn([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('distributions (10k samples)', () => {
  const N = 10000;

  it('rand is U[0, 1): mean 0.5, std 0.2887', () => {
    tg.manualSeed(1);
    const s = stats(vals(tg.rand([N])));
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(s.std - Math.sqrt(1 / 12))).toBeLessThan(0.02);
  });

  it('randn is N(0, 1)', () => {
    tg.manualSeed(2);
    const xs = vals(tg.randn([100, 100]));
    const s = stats(xs);
    expect(Math.abs(s.mean)).toBeLessThan(0.05);
    expect(Math.abs(s.std - 1)).toBeLessThan(0.05);
    const within1 = xs.filter((v) => Math.abs(v) < 1).length / N;
    expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.03);
  });

  it('randint covers [low, high) uniformly', () => {
    tg.manualSeed(3);
    const t = tg.randint(-2, 3, [N]);
    expect(t.dtype).toBe('int32');
    const xs = vals(t);
    expect(xs.every((v) => Number.isInteger(v) && v >= -2 && v < 3)).toBe(true);
    for (let k = -2; k < 3; k++) {
      const freq = xs.filter((v) => v === k).length / N;
      expect(Math.abs(freq - 0.2)).toBeLessThan(0.03);
    }
    expect(tg.randint(0, 4, [3], { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('normal_(mean, std) and uniform_(low, high) fill in place', () => {
    tg.manualSeed(4);
    const n = tg.empty([N]);
    const ret = n.normal_(3, 0.5);
    expect(ret).toBe(n);
    expect(n.version).toBe(1);
    const sn = stats(vals(n));
    expect(Math.abs(sn.mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(sn.std - 0.5)).toBeLessThan(0.03);
    const u = tg.empty([N], { dtype: 'float64' }).uniform_(-2, 6);
    const su = stats(vals(u));
    expect(su.min).toBeGreaterThanOrEqual(-2);
    expect(su.max).toBeLessThan(6);
    expect(Math.abs(su.mean - 2)).toBeLessThan(0.1);
    expect(Math.abs(su.std - 8 / Math.sqrt(12))).toBeLessThan(0.1);
  });

  it('normal_ and uniform_ reject int tensors; randint rejects bad ranges', () => {
    expect(() => tg.zeros([2], { dtype: 'int32' }).normal_()).toThrow(tg.DTypeError);
    expect(() => tg.zeros([2], { dtype: 'int32' }).uniform_()).toThrow(/uniform_: expected a floating-point tensor/);
    expect(() => tg.randint(3, 3, [2])).toThrow(/randint: expected integers with low < high/);
    expect(() => tg.randint(0, 2, [2], { dtype: 'bool' })).toThrow(tg.DTypeError);
  });

  it('normal_ on a view writes only the view', () => {
    tg.manualSeed(5);
    const x = tg.zeros([2, 3]);
    x.select(0, 1).normal_();
    const v = x.toArray() as number[][];
    expect(v[0]).toEqual([0, 0, 0]);
    expect(v[1]!.every((e) => e !== 0)).toBe(true);
  });
});
