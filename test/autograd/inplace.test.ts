/**
 * @file In-place ops and autograd: version counters, stale saved tensors, leaves that require
 * grad, and in-place ops on non-leaves (PyTorch 1.13's gradients).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { vals } from '../helpers/values.js';


describe('version counters and saved tensors', () => {
  it('every in-place op bumps the version; views and detached tensors share it', () => {
    const x = tg.zeros([2, 2]);
    const view = x.view([4]);
    const d = x.detach();
    expect(x.version).toBe(0);
    x.add_(1);
    expect([x.version, view.version, d.version]).toEqual([1, 1, 1]);
    view.mul_(2);
    d.sub_(1);
    expect(x.version).toBe(3);
    expect(vals(x)).toEqual([1, 1, 1, 1]);
  });

  it('out-of-place ops do not bump the version', () => {
    const x = tg.ones([2]);
    x.add(1);
    x.mul(2).exp();
    x.clone().add_(1);
    expect(x.version).toBe(0);
  });

  it('modifying an input saved by the op throws at backward, naming the op', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    const b = a.sin(); // saves a
    a.add_(1);
    expect(() => b.sum().backward()).toThrow(tg.AutogradError);
    expect(() => b.sum().backward()).toThrow(
      /SinBackward: a tensor needed for gradient computation was modified by an in-place operation/,
    );
    expect(() => b.sum().backward()).toThrow(/version 1, expected version 0/);
    expect(x.grad).toBeNull();
  });

  it('modifying an output saved by the op throws (exp saves its result)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.exp();
    y.mul_(2);
    expect(() => y.sum().backward()).toThrow(/ExpBackward: a tensor needed for gradient computation was modified by an in-place operation/);
  });

  it('modifying a saved leaf under noGrad throws (PyTorch does too)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const z = x.sin();
    tg.noGrad(() => x.add_(1));
    expect(() => z.sum().backward()).toThrow(/SinBackward: a tensor needed for gradient computation/);
  });

  it('modifying a tensor through a detached alias is detected', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.exp();
    const z = y.sin();
    y.detach().zero_();
    expect(() => z.sum().backward()).toThrow(/SinBackward: a tensor needed for gradient computation/);
  });

  it('modifying a saved tensor through a view is detected', () => {
    const x = tg.ones([4], { requiresGrad: true });
    const w = tg.ones([4]);
    const y = x.mul(w); // saves w
    tg.noGrad(() => w.narrow(0, 1, 2).fill_(5));
    expect(() => y.sum().backward()).toThrow(/MulBackward: a tensor needed for gradient computation/);
  });

  it('square then in-place on its input throws (PyTorch: same)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    const b = a.square();
    a.add_(1);
    expect(() => b.sum().backward()).toThrow(/SquareBackward: a tensor needed for gradient computation/);
  });

  it('y.mul_(y) on a non-leaf throws at backward (PyTorch: same)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.mul_(y);
    expect(() => y.sum().backward()).toThrow(/a tensor needed for gradient computation was modified/);
  });

  it('ops that save nothing tolerate later in-place changes', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    const b = a.add(1).neg(); // add and neg save nothing
    a.add_(100);
    b.sum().backward();
    expect(vals(x.grad)).toEqual([-2, -2]);
  });

  it('in-place changes after a version was saved are fine once the graph is rebuilt', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    a.add_(1);
    const b = a.square(); // saves a at version 1
    b.sum().backward();
    expect(vals(x.grad)).toEqual([2 * 2 * 3, 2 * 2 * 5]);
  });
});

describe('in-place on leaves', () => {
  it('throws on a leaf that requires grad, leaving it untouched', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    for (const op of [
      () => x.add_(1), () => x.sub_(1), () => x.mul_(2), () => x.div_(2), () => x.zero_(), () => x.fill_(3),
      () => x.clamp_(0, 1), () => x.copy_(tg.zeros([2])), () => x.normal_(), () => x.uniform_(),
    ]) {
      expect(op).toThrow(tg.AutogradError);
    }
    expect(() => x.add_(1)).toThrow(/add_: a leaf tensor that requires grad is being used in an in-place operation/);
    expect(vals(x)).toEqual([1, 2]);
    expect(x.version).toBe(0);
    expect(x.isLeaf).toBe(true);
  });

  it('is allowed under noGrad and keeps the leaf a leaf', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    tg.noGrad(() => x.mul_(3));
    expect(vals(x)).toEqual([3, 6]);
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(true);
    x.sum().backward();
    expect(vals(x.grad)).toEqual([1, 1]);
  });

  it('in-place on a leaf that does not require grad, with an input that does, records the op', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const acc = tg.zeros([2]);
    acc.add_(x.mul(3));
    expect(acc.isLeaf).toBe(false);
    expect(acc.requiresGrad).toBe(true);
    acc.sum().backward();
    expect(vals(x.grad)).toEqual([3, 3]);
  });

  it('copy_ from a tensor that requires grad is differentiable (PyTorch: [3, 3])', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = tg.zeros([2]);
    y.copy_(x.mul(3));
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([3, 3]);
  });
});

describe('in-place on non-leaves gives PyTorch gradients', () => {
  it('y = x*2; y.add_(1); y.mul_(w)', () => {
    const x = tg.tensor([1, 2, 3], { requiresGrad: true });
    const w = tg.tensor([4, 5, 6], { requiresGrad: true });
    const y = x.mul(2);
    y.add_(1);
    y.mul_(w);
    expect(vals(y)).toEqual([12, 25, 42]);
    expect(y.gradFn!.name).toBe('MulBackward');
    expect(y.version).toBe(2);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([8, 10, 12]);
    expect(vals(w.grad)).toEqual([3, 5, 7]);
  });

  it('clone then mul_, sub_, div_ (PyTorch: [0.5, 1.5])', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.clone();
    y.mul_(x);
    y.sub_(x);
    y.div_(2);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([0.5, 1.5]);
  });

  it('clamp_ masks the gradient (PyTorch: [0, 1, 0])', () => {
    const x = tg.tensor([-1, 0.5, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.clamp_(0, 1);
    expect(vals(y)).toEqual([0, 0.5, 1]);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([0, 1, 0]);
  });

  it('div_ by a constant tensor then sub_ (PyTorch: [1, 0.5, 0.25, 0.125])', () => {
    const x = tg.tensor([1, 2, 3, 4], { requiresGrad: true });
    const y = x.mul(1);
    y.div_(tg.tensor([1, 2, 4, 8]));
    y.sub_(1);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('zero_ then add_ (PyTorch: [1, 1])', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.zero_();
    y.add_(x);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([1, 1]);
  });

  it('an in-place op with broadcasting of the other operand', () => {
    const x = tg.ones([2, 3], { requiresGrad: true });
    const b = tg.tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(1);
    y.mul_(b);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(vals(b.grad)).toEqual([2, 2, 2]);
  });

  it('the old values used by other ops before the in-place write are kept for them', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const y = x.mul(1);
    const before = y.add(0); // out-of-place copy, saves nothing
    y.mul_(10);
    before.add(y).sum().backward(); // d/dx (x + 10x) = 11
    expect(vals(x.grad)).toEqual([11]);
  });

  it('in-place on a non-leaf view through noGrad writes into the base', () => {
    const x = tg.ones([4], { requiresGrad: true });
    const y = x.mul(2);
    tg.noGrad(() => y.narrow(0, 0, 2).zero_());
    expect(vals(y)).toEqual([0, 0, 2, 2]);
    expect(y.version).toBe(1);
  });
});
