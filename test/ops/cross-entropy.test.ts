/**
 * @file The fused cross-entropy primitive (src/ops/cross-entropy.ts; kernels in
 * src/backend/cpu/cross-entropy.ts and the WebAssembly rows kernels): gradcheck and
 * gradgradcheck in float64 over drawn shapes with ignored targets; equal to the composed
 * `nllLoss(logSoftmax(x))` it replaces in `F.crossEntropy`, every reduction, on both kernel
 * families. It is reached through `F.crossEntropy`, not a `tg.` function, so it is checked with
 * `gradcheck` directly rather than by `checkOp`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { crossEntropyRows } from '../../src/ops/cross-entropy.js';

const IGNORE = -100;

function draw(N: number, C: number, seed: number, ignoreEvery: number): { x: Tensor; t: Tensor } {
  const g = new tg.Generator(seed);
  const x = tg.randn([N, C], { dtype: 'float64', generator: g }).mul(3);
  const t = tg.randint(0, C, [N], { dtype: 'int32', generator: g });
  const data = t.dataSync() as Int32Array;
  for (let i = 0; i < N; i++) if (ignoreEvery > 0 && i % ignoreEvery === 0) data[i] = IGNORE;
  return { x, t: tg.tensor(data, { dtype: 'int32' }) };
}

describe('crossEntropyRows', () => {
  afterAll(() => tg.setKernels('wasm'));

  it('gradcheck and gradgradcheck in float64, ignored targets included', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer(), fc.integer({ min: 0, max: 3 }),
      (N, C, seed, every) => {
        const { x, t } = draw(N, C, seed, every);
        const xi = x.requiresGrad_();
        expect(tg.autograd.gradcheck((a) => crossEntropyRows(a, t), [xi])).toBe(true);
        expect(tg.autograd.gradgradcheck((a) => crossEntropyRows(a, t), [xi])).toBe(true);
      }), { numRuns: 25 });
  });

  it.each(['wasm', 'js'] as const)('F.crossEntropy equals nllLoss(logSoftmax(x)) forward and backward (%s kernels)', (kind) => {
    tg.setKernels(kind);
    for (const dtype of ['float64', 'float32'] as const) {
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        const { x, t } = draw(64, 10, 7, 5);
        const run = (fused: boolean): [number[], number[]] => {
          const xi = x.to(dtype).detach().requiresGrad_();
          const loss = fused ? tg.F.crossEntropy(xi, t, { reduction }) : tg.F.nllLoss(xi.logSoftmax(1), t, { reduction });
          loss.sum().backward();
          return [Array.from(loss.double().dataSync()), Array.from(xi.grad!.double().dataSync())];
        };
        const [l1, g1] = run(true), [l2, g2] = run(false);
        const tol = dtype === 'float64' ? 1e-12 : 2e-6;
        l1.forEach((v, i) => expect(Math.abs(v - l2[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(l2[i]!))));
        g1.forEach((v, i) => expect(Math.abs(v - g2[i]!)).toBeLessThanOrEqual(tol));
      }
    }
  });

  it('an ignoreIndex inside [0, C) takes the composed path and still ignores that class', () => {
    const { x, t } = draw(8, 4, 3, 0);
    const a = tg.F.crossEntropy(x, t, { ignoreIndex: 2 }).item();
    const b = tg.F.nllLoss(x.logSoftmax(1), t, { ignoreIndex: 2 }).item();
    expect(a).toBeCloseTo(b, 12);
  });
});
