/**
 * @file Copies and conversions (src/ops/copy.ts): clone, contiguous, dtype casts (the gradient
 * is cast back: float32 ↔ float64) and clamp.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, checkOp } from '../helpers/check-op.js';

describe('copies and casts: gradients', () => {
  checkOp('clone', ([x]) => x.clone());
  checkOp('contiguous', ([x]) => x.contiguous());
  checkOp('contiguous', ([x]) => tg.contiguous(x.mul(2)), { label: 'of a non-leaf' });
  // Through float32 and back: finite differences need a step far above float32's rounding.
  checkOp('to', ([x]) => x.to('float32').mul(x.to('float32')).to('float64'), { float32: false, eps: 1e-3, atol: 1e-4, rtol: 1e-3 });
  checkOp('float', ([x]) => tg.float(x).to('float64'), { float32: false, eps: 1e-3 });
  checkOp('double', ([x]) => x.float().sin().double(), { float32: false, eps: 1e-3, atol: 1e-4 });
  checkOp('double', ([x]) => tg.double(x).mul(3), { label: 'float64 stays', float32: false });
  checkOp('clamp', ([x]) => x.clamp(-0.5, 0.75), { domain: avoid([-0.5, 0.75]) });
  checkOp('clamp', ([x]) => x.clamp(0.25), { label: 'min only', domain: avoid([0.25]) });
  checkOp('clamp', ([x]) => tg.clamp(x, undefined, -0.25), { label: 'max only', domain: avoid([-0.25]) });
});

describe('copies and casts: values', () => {
  it('clone copies; contiguous copies only when needed', () => {
    const x = tg.tensor([[1, 2], [3, 4]]);
    expect(x.clone().storage).not.toBe(x.storage);
    expect(x.contiguous()).toBe(x);
    const t = x.transpose(0, 1).contiguous();
    expect(t.strides).toEqual([2, 1]);
    expect(t.toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it('casts: float32 ↔ float64 gradients come back in the leaf dtype', () => {
    const a = tg.tensor([1.5, -2], { requiresGrad: true });
    a.double().mul(tg.tensor([3, 4], { dtype: 'float64' })).sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(a.grad!.toArray()).toEqual([3, 4]);
    const b = tg.tensor([1.5, -2], { dtype: 'float64', requiresGrad: true });
    b.float().mul(2).sum().backward();
    expect(b.grad!.dtype).toBe('float64');
    expect(b.grad!.toArray()).toEqual([2, 2]);
    expect(b.to('float64')).toBe(b);
  });

  it('casts to int truncate and to bool test nonzero', () => {
    expect(tg.tensor([1.7, -1.7]).int().toArray()).toEqual([1, -1]);
    expect(tg.tensor([0, 2, -0.5]).bool().toArray()).toEqual([false, true, true]);
    expect(tg.tensor([1.7], { requiresGrad: true }).int().requiresGrad).toBe(false);
  });

  it('clamp limits values, passes the gradient inside the bounds (bounds included, as PyTorch)', () => {
    const x = tg.tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.clamp(-0.5, 0.5);
    expect(y.toArray()).toEqual([-0.5, -0.5, 0, 0.5, 0.5]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 1, 1, 0]);
    expect(tg.tensor([1, 5, 9], { dtype: 'int32' }).clamp(2, 6).toArray()).toEqual([2, 5, 6]);
    expect(() => tg.ones([2]).clamp()).toThrow(/clamp/);
  });
});
