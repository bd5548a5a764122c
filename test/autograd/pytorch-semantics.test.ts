import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import * as tg from '../../src/index.js';

// Behaviours checked against PyTorch 1.13 (the expected values are what torch prints).
describe('autograd semantics that match PyTorch', () => {
  it('grad() runs only the part of the graph that leads to the inputs', () => {
    const x = tg.tensor([1, 4], { requiresGrad: true });
    const y = x.sqrt();
    const [gy] = tg.autograd.grad(y.mul(2).sum(), y);
    expect(gy!.toArray()).toEqual([2, 2]);
    // SqrtBackward was neither run nor freed, so a later backward still works.
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0.5, 0.25]);
  });

  it('grad() does not trip on NaN produced below the requested input', () => {
    const x = tg.tensor([0], { requiresGrad: true });
    const y = x.sqrt();
    const [gy] = tg.autograd.detectAnomaly(() => tg.autograd.grad(y.mul(3).sum(), y));
    expect(gy!.toArray()).toEqual([3]);
  });

  it('fill_ on a non-leaf keeps it in the graph with a zero gradient', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(2);
    y.fill_(1);
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });

  it('an in-place change of an operand the backward does not read is allowed', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const a = x.mul(2);
    const b = a.mul(3); // the gradient of a is 3: a itself is not needed
    a.add_(1);
    b.sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
    const c = x.mul(2);
    const d = c.div(4);
    c.add_(1);
    d.sum().backward();
    expect(x.grad!.toArray()).toEqual([6.5, 6.5]);
  });

  it('in-place on a detached alias records the op on the alias', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const w = tg.ones([2], { requiresGrad: true });
    const d = x.detach();
    d.add_(w);
    d.sum().backward();
    expect(w.grad!.toArray()).toEqual([1, 1]);
    expect(x.toArray()).toEqual([2, 2]); // shares storage with x
  });

  it('recording an in-place write into a view is rejected before anything changes', () => {
    const w = tg.tensor([1, 2], { requiresGrad: true });
    const out = tg.zeros([2, 2]);
    expect(() => out.select(0, 1).copy_(w.mul(3))).toThrow(/copy_: recording an in-place write into a view/);
    expect(out.toArray()).toEqual([[0, 0], [0, 0]]);
    tg.noGrad(() => out.select(0, 1).copy_(w.mul(3)));
    expect(out.toArray()).toEqual([[0, 0], [3, 6]]);
  });

  it('linspace with one step gives start', () => {
    expect(tg.linspace(-1, 1, 1).toArray()).toEqual([-1]);
  });

  it('a seed gradient of another dtype is cast to the output dtype', () => {
    const x = tg.tensor([1], { requiresGrad: true });
    x.mul(1).backward(tg.tensor([2], { dtype: 'float64' }));
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.toArray()).toEqual([2]);
  });

  it('toNdarray shares the storage of a whole contiguous tensor and copies views', () => {
    const t = tg.zeros([2, 2]);
    tg.toNdarray(t).set(0, 1, 9);
    expect(t.toArray()).toEqual([[0, 9], [0, 0]]);
    const view = t.transpose(0, 1);
    tg.toNdarray(view).set(0, 0, 5);
    expect(t.toArray()).toEqual([[0, 9], [0, 0]]);
    expect(tg.fromNdarray(ndarray(new Float32Array([1, 2]), [2])).toArray()).toEqual([1, 2]);
  });

  it('retainGrad under createGraph keeps a differentiable gradient', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const y = x.mul(1);
    y.retainGrad();
    y.mul(y).sum().backward(undefined, { createGraph: true });
    expect(y.grad!.requiresGrad).toBe(true);
    expect(y.grad!.toArray()).toEqual([6]);
  });

  it('a second backward adds into the existing .grad tensor', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    const g = x.grad!;
    x.mul(3).sum().backward();
    expect(x.grad).toBe(g);
    expect(g.toArray()).toEqual([6, 6]);
  });
});
