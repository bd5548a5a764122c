/**
 * @file Activations (src/functional/activations.ts): gradcheck/gradgradcheck properties over
 * drawn shapes and layouts, PyTorch's values at the branch points, and `erf` (used by the exact gelu).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as F from '../../src/functional/index.js';
import { alongDim, avoid, checkOp, expectClose, range } from '../helpers/check-op.js';

describe('activations: gradients', () => {
  checkOp('F.relu', ([x]) => F.relu(x!), { domain: avoid([0]) });
  checkOp('F.leakyRelu', ([x]) => F.leakyRelu(x!, 0.2), { domain: avoid([0]) });
  checkOp('F.elu', ([x]) => F.elu(x!, 0.7), { domain: avoid([0]) });
  checkOp('F.gelu', ([x]) => F.gelu(x!), { domain: range(-5, 5) });
  checkOp('F.gelu', ([x]) => F.gelu(x!, { approximate: 'tanh' }), { label: 'tanh', domain: range(-5, 5) });
  checkOp('F.silu', ([x]) => F.silu(x!), { domain: range(-6, 6) });
  checkOp('F.softplus', ([x]) => F.softplus(x!));
  checkOp('F.softplus', ([x]) => F.softplus(x!, { beta: 2, threshold: 1 }), { label: 'beta, threshold', domain: avoid([0.5]) });
  checkOp('F.sigmoid', ([x]) => F.sigmoid(x!));
  checkOp('F.tanh', ([x]) => F.tanh(x!));
  checkOp('F.softmax', ([x], { dim }) => F.softmax(x!, dim), { inputs: alongDim() });
  checkOp('F.logSoftmax', ([x], { dim }) => F.logSoftmax(x!, dim), { inputs: alongDim() });
});

describe('activations: values', () => {
  const f64 = (v: number[]): tg.Tensor => tg.tensor(v, { dtype: 'float64' });

  it('erf matches C erf (Python math.erf) across its branch points and saturates to ±1', () => {
    expectClose(tg.erf(f64([0, 0.5, 1, 2, 3.5])), [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999992569016276], 1e-15);
    expectClose(tg.erf(f64([-1, -0.84375, 0.84375, -1.25, 1.25])), [-0.8427007929497149, -0.7672256612323416, 0.7672256612323416, -0.9229001282564582, 0.9229001282564582], 1e-15);
    expectClose(tg.erf(f64([-30, 30, -Infinity, Infinity])), [-1, 1, -1, 1], 0);
  });

  it('erf has the gradient 2/√π exp(-x²), finite at 0 and far out', () => {
    const x = f64([0, 0.3, -1, 2, 6, -40]).requiresGrad_();
    tg.erf(x).sum().backward();
    expectClose(x.grad!, (x.toArray() as number[]).map((v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)), 1e-14);
  });

  it('softplus, elu, silu and gelu stay finite for huge inputs (no overflow in unselected branches)', () => {
    const x = f64([-1000, 1000]).requiresGrad_();
    for (const f of [F.softplus, (t: tg.Tensor) => F.elu(t), F.silu, (t: tg.Tensor) => F.gelu(t)]) {
      const y = f(x);
      const g = tg.autograd.grad([y.sum()], [x])[0]!;
      for (const v of [...y.dataSync(), ...g.dataSync()]) expect(Number.isNaN(v)).toBe(false);
    }
  });

  it('gradients at the kinks follow PyTorch: leakyRelu and elu use the negative branch at 0', () => {
    const z = tg.zeros([1], { dtype: 'float64', requiresGrad: true });
    F.leakyRelu(z, 0.3).sum().backward();
    expect(z.grad!.toArray()).toEqual([0.3]);
    const w = tg.zeros([1], { dtype: 'float64', requiresGrad: true });
    F.elu(w, 0.5).sum().backward();
    expect(w.grad!.toArray()).toEqual([0.5]);
  });

  it('keeps float32 as float32', () => {
    const x = tg.tensor([-1, 0.5]);
    for (const y of [F.gelu(x), F.elu(x), F.softplus(x), F.silu(x), F.leakyRelu(x)]) expect(y.dtype).toBe('float32');
  });

  it('gelu rejects an unknown approximation', () => {
    expect(() => F.gelu(tg.ones([1]), { approximate: 'fast' as 'tanh' })).toThrow(/gelu: approximate must be 'none' or 'tanh'/);
  });
});
