/**
 * @file Binary elementwise ops (src/ops/binary.ts): gradients over broadcasting pairs, JS numbers
 * on either side, ties of maximum/minimum, and type promotion.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, broadcast, checkOp, expectClose, nonzero, positive } from '../helpers/check-op.js';

const f64 = { dtype: 'float64' } as const;

describe('binary ops: gradients', () => {
  checkOp('add', ([a, b]) => a.add(b), { inputs: broadcast() });
  checkOp('add', ([x]) => tg.add(2.5, x).add(-1), { label: 'numbers' });
  checkOp('sub', ([a, b]) => a.sub(b), { inputs: broadcast() });
  checkOp('sub', ([x]) => tg.sub(1.5, x).sub(0.25), { label: 'numbers' });
  checkOp('mul', ([a, b]) => a.mul(b), { inputs: broadcast() });
  checkOp('mul', ([a]) => a.mul(a), { label: 'same tensor twice' });
  checkOp('mul', ([x]) => tg.mul(-3, x).mul(0.5), { label: 'numbers' });
  checkOp('div', ([a, b]) => a.div(b), { inputs: broadcast(), domain: [undefined, nonzero] });
  checkOp('div', ([x]) => tg.div(2, x).div(4), { label: 'numbers', domain: nonzero });
  // Exponent kept off exactly 0: there PyTorch's formula (and ours) masks the base gradient to 0,
  // which drops the mixed second derivative d²(aᵇ)/da db = 1/a.
  checkOp('pow', ([a, b]) => a.pow(b), { inputs: broadcast(), domain: [positive(), avoid([0], 0.05)] });
  checkOp('pow', ([x]) => x.pow(2), { label: 'x^2, any sign' });
  checkOp('pow', ([x]) => x.pow(3), { label: 'x^3, any sign' });
  checkOp('pow', ([x]) => x.pow(0), { label: 'x^0', domain: avoid([0]) });
  checkOp('pow', ([x]) => x.pow(-1.5), { label: 'x^-1.5', domain: positive() });
  checkOp('pow', ([x]) => tg.pow(2, x), { label: '2^x' });
  checkOp('maximum', ([a, b]) => a.maximum(b), { inputs: broadcast(), distinct: true });
  checkOp('minimum', ([a, b]) => a.minimum(b), { inputs: broadcast(), distinct: true });
  checkOp('maximum', ([x]) => tg.maximum(x, 0.05), { label: 'number', distinct: true });
  checkOp('max', ([a, b]) => a.max(b), { label: 'tensor form', inputs: broadcast(), distinct: true });
  checkOp('min', ([a, b]) => tg.min(a, b), { label: 'tensor form', inputs: broadcast(), distinct: true });
});

describe('binary ops: values', () => {
  const a = tg.tensor([[1, -2, 3], [4, 5, -6]], f64);
  const b = tg.tensor([2, -4, 0.5], f64);

  it('broadcast and take JS numbers on either side', () => {
    expect(a.add(b).toArray()).toEqual([[3, -6, 3.5], [6, 1, -5.5]]);
    expect(a.sub(b).toArray()).toEqual([[-1, 2, 2.5], [2, 9, -6.5]]);
    expect(a.mul(b).toArray()).toEqual([[2, 8, 1.5], [8, -20, -3]]);
    expect(a.div(b).toArray()).toEqual([[0.5, 0.5, 6], [2, -1.25, -12]]);
    expect(tg.sub(10, b).toArray()).toEqual([8, 14, 9.5]);
    expect(tg.div(1, b).toArray()).toEqual([0.5, -0.25, 2]);
    expectClose(tg.pow(b.abs(), tg.tensor([[2], [0.5]], f64)), [[4, 16, 0.25], [Math.SQRT2, 2, Math.SQRT1_2]]);
    expect(tg.pow(2, tg.tensor([3, -1])).toArray()).toEqual([8, 0.5]);
    expect(a.maximum(b).toArray()).toEqual([[2, -2, 3], [4, 5, 0.5]]);
    expect(tg.minimum(a, 0).toArray()).toEqual([[0, -2, 0], [0, 0, -6]]);
    expect(() => a.add(tg.ones([2, 2]))).toThrow(/\[2,3\].*\[2,2\]/);
  });

  it('dtype promotion: numbers do not widen float32; int / int is float32', () => {
    expect(tg.ones([2]).add(1.5).dtype).toBe('float32');
    expect(tg.ones([2]).add(tg.ones([2], f64)).dtype).toBe('float64');
    const i = tg.tensor([3, 4], { dtype: 'int32' });
    expect(i.add(1).dtype).toBe('int32');
    expect(i.add(0.5).dtype).toBe('float32');
    expect(i.div(i).dtype).toBe('float32');
    expect(i.div(2).toArray()).toEqual([1.5, 2]);
  });

  it('maximum/minimum split the gradient evenly on ties (as PyTorch)', () => {
    const x = tg.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    const y = tg.tensor([1, 0, 5], { ...f64, requiresGrad: true });
    x.maximum(y).sum().backward();
    expect(x.grad!.toArray()).toEqual([0.5, 1, 0]);
    expect(y.grad!.toArray()).toEqual([0.5, 0, 1]);
  });

  it('pow: gradient of the exponent is 0 where the base is 0 (as PyTorch)', () => {
    const base = tg.tensor([0, 2], { ...f64, requiresGrad: true });
    const exponent = tg.tensor([2, 3], { ...f64, requiresGrad: true });
    base.pow(exponent).sum().backward();
    expect(base.grad!.toArray()).toEqual([0, 12]);
    expectClose(exponent.grad!, [0, 8 * Math.log(2)]);
  });

  it('gradients of broadcast inputs are summed back to their shapes', () => {
    const x = tg.ones([2, 3], { ...f64, requiresGrad: true });
    const y = tg.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    x.mul(y).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(y.grad!.toArray()).toEqual([2, 2, 2]);
  });
});

describe('pow at base 0 (PyTorch 1.13)', () => {
  it('exponent 0 gives a zero base gradient, not NaN', () => {
    const x = tg.tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    x.pow(0).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
    const a = tg.tensor([0, 2], { dtype: 'float64', requiresGrad: true });
    a.pow(tg.tensor([0, 0], { dtype: 'float64' })).sum().backward();
    expect(a.grad!.toArray()).toEqual([0, 0]);
  });
});
