import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../../../src/backend/cpu/cpu-backend.js';
import type { CpuStorage } from '../../../src/backend/cpu/storage.js';

const expOf = (values: Float32Array): Float32Array => {
  const storage = cpuBackend.fromArray(values);
  const out = cpuBackend.unary('exp', { storage, shape: [values.length], strides: [1], offset: 0 }, 'float32');
  return (out as CpuStorage).data as Float32Array;
};

describe('float32 exp kernel', () => {
  it('is within one float32 ulp of Math.exp over the whole range', () => {
    const n = 200_001;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = -110 + (200 * i) / (n - 1);
    const y = expOf(x);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const ref = Math.exp(x[i]!);
      if (ref < 1.2e-38 || ref > 3.4e38) continue; // subnormal or overflowing results are checked below
      worst = Math.max(worst, Math.abs(y[i]! - ref) / (ref * 2 ** -23));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('handles nan, infinities, overflow and underflow', () => {
    const y = expOf(Float32Array.from([NaN, Infinity, -Infinity, 0, 89, -110, 88.7]));
    expect(Number.isNaN(y[0])).toBe(true);
    expect([...y.slice(1, 6)]).toEqual([Infinity, 0, 1, Infinity, 0]);
    expect(y[6]).toBeCloseTo(Math.fround(Math.exp(Math.fround(88.7))), -32);
  });
});
