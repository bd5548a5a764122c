/**
 * @file `tg.autograd.grad`: functional gradients with gradOutputs, allowUnused, non-leaf
 * inputs, several outputs and inputs, and its error messages.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { vals } from '../helpers/values.js';


describe('tg.autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const [g] = tg.autograd.grad(x.mul(x).sum(), x);
    expect(vals(g!)).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });

  it('accepts a single tensor or lists for outputs and inputs', () => {
    const a = tg.tensor([2], { requiresGrad: true });
    const b = tg.tensor([5], { requiresGrad: true });
    const out = a.mul(b).sum();
    const grads = tg.autograd.grad([out], [a, b]);
    expect(grads.map((g) => vals(g!))).toEqual([[5], [2]]);
  });

  it('seeds non-scalar outputs with gradOutputs (a vector-Jacobian product)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const [g] = tg.autograd.grad(x.mul(3), x, { gradOutputs: tg.tensor([1, 10]) });
    expect(vals(g!)).toEqual([3, 30]);
  });

  it('sums the contributions of several outputs', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y1 = x.mul(2);
    const y2 = x.square();
    const [g] = tg.autograd.grad([y1, y2], x, { gradOutputs: [tg.ones([2]), tg.tensor([1, -1])] });
    expect(vals(g!)).toEqual([2 + 2, 2 - 4]);
  });

  it('handles an output that depends on another output', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const y = x.mul(2);
    const z = y.square();
    const [g] = tg.autograd.grad([y.sum(), z.sum()], x);
    expect(vals(g!)).toEqual([2 + 2 * 6 * 2]);
  });

  it('a null entry of gradOutputs means ones for a scalar output', () => {
    const x = tg.tensor([1], { requiresGrad: true });
    const [g] = tg.autograd.grad([x.mul(4).sum()], [x], { gradOutputs: [null] });
    expect(vals(g!)).toEqual([4]);
  });

  it('differentiates with respect to non-leaf inputs', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const z = y.square().sum();
    const [gy, gx] = tg.autograd.grad(z, [y, x]);
    expect(vals(gy!)).toEqual([4, 8]); // 2y
    expect(vals(gx!)).toEqual([8, 16]); // 8x
  });

  it('allowUnused gives null for an unused input; without it, a clear error', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const w = tg.tensor([1, 2], { requiresGrad: true });
    const [gx, gw] = tg.autograd.grad(x.sum(), [x, w], { allowUnused: true });
    expect(vals(gx!)).toEqual([1, 1]);
    expect(gw).toBeNull();
    expect(() => tg.autograd.grad(x.sum(), [x, w])).toThrow(tg.AutogradError);
    expect(() => tg.autograd.grad(x.sum(), [x, w])).toThrow(/input 1 was not used.*allowUnused/);
  });

  it('retainGraph lets a second grad run through the same graph', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const y = x.exp().sum();
    const [g1] = tg.autograd.grad(y, x, { retainGraph: true });
    const [g2] = tg.autograd.grad(y, x);
    expect(vals(g1!)).toEqual(vals(g2!));
    expect(() => tg.autograd.grad(y, x)).toThrow(/second time/);
  });

  it('returns gradients shaped and typed like the inputs', () => {
    const x = tg.ones([2, 1], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(tg.ones([3])); // [2, 3] float64
    const [g] = tg.autograd.grad(y.sum(), x);
    expect(g!.shape).toEqual([2, 1]);
    expect(g!.dtype).toBe('float64');
    expect(vals(g!)).toEqual([3, 3]);
  });

  it('errors name the problem', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const c = tg.tensor([1, 2]);
    expect(() => tg.autograd.grad(x.mul(2), x)).toThrow(/shape \[2\].*scalar outputs.*gradOutputs/);
    expect(() => tg.autograd.grad(c.sum(), x)).toThrow(/output 0 does not require grad/);
    expect(() => tg.autograd.grad(x.sum(), c)).toThrow(/input 0 does not require grad/);
    expect(() => tg.autograd.grad(x.mul(2), x, { gradOutputs: tg.ones([3]) })).toThrow(tg.ShapeError);
    expect(() => tg.autograd.grad(x.mul(2), x, { gradOutputs: tg.ones([3]) })).toThrow(/\[3\].*\[2\]/);
    expect(() => tg.autograd.grad([x.sum()], x, { gradOutputs: [tg.ones([]), tg.ones([])] })).toThrow(/2 gradOutputs for 1 outputs/);
  });
});
