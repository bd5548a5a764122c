/**
 * @file The backward engine on small graphs: reuse, diamonds, accumulation, retained and
 * freed graphs, grad mode, detach and broadcasting. Expected values are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { expectValues, vals } from '../helpers/values.js';


describe('backward on small graphs', () => {
  it('differentiates a tensor used twice (x * x)', () => {
    const x = tg.tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expectValues(x.grad, [2, 4, 6]);
  });

  it('differentiates a tensor used three times through different ops', () => {
    // f = sum(x*x + sin(x) + x) → 2x + cos(x) + 1
    const x = tg.tensor([0.5, -1, 2], { requiresGrad: true });
    x.mul(x).add(x.sin()).add(x).sum().backward();
    expectValues(x.grad, [0.5, -1, 2].map((v) => 2 * v + Math.cos(v) + 1));
  });

  it('sums the gradients of both paths of a diamond (x → a, b → c)', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    const b = x.mul(3);
    const c = a.mul(b).sum(); // 6x² → 12x
    c.backward();
    expectValues(x.grad, [12, 24]);
  });

  it('handles a deep diamond whose branches have different lengths', () => {
    const x = tg.tensor([1.5], { requiresGrad: true });
    const short = x.exp();
    const long = x.mul(2).add(1).square().sqrt(); // |2x + 1|
    short.add(long).sum().backward();
    expectValues(x.grad, [Math.exp(1.5) + 2]);
  });

  it('handles several leaves and an unused leaf', () => {
    const a = tg.tensor([2], { requiresGrad: true });
    const b = tg.tensor([3], { requiresGrad: true });
    const unused = tg.tensor([4], { requiresGrad: true });
    a.mul(b).add(a.square()).sum().backward(); // d/da = b + 2a, d/db = a
    expectValues(a.grad, [7]);
    expectValues(b.grad, [2]);
    expect(unused.grad).toBeNull();
  });

  it('accumulates gradients into .grad across two backward passes', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    expectValues(x.grad, [3, 3]);
    x.square().sum().backward();
    expectValues(x.grad, [3 + 2, 3 + 4]);
  });

  it('.grad is a fresh tensor that does not alias the seed or a later graph', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const seed = tg.tensor([1, 1]);
    x.mul(1).backward(seed);
    tg.noGrad(() => x.grad!.mul_(5));
    expect(vals(seed)).toEqual([1, 1]);
    expect(x.grad!.requiresGrad).toBe(false);
  });

  it('backward(gradient) seeds a non-scalar output', () => {
    const x = tg.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    x.mul(x).backward(tg.tensor([[1, 0], [0, 10]]));
    expectValues(x.grad, [2, 0, 0, 80]);
  });

  it('reduces gradients over broadcast dims back to each input shape', () => {
    const a = tg.ones([2, 3], { requiresGrad: true });
    const b = tg.tensor([1, 2, 3], { requiresGrad: true });
    const c = tg.tensor([[10], [20]], { requiresGrad: true });
    a.mul(b).add(c).sum().backward();
    expect(a.grad!.shape).toEqual([2, 3]);
    expect(b.grad!.shape).toEqual([3]);
    expect(c.grad!.shape).toEqual([2, 1]);
    expectValues(a.grad, [1, 2, 3, 1, 2, 3]);
    expectValues(b.grad, [2, 2, 2]);
    expectValues(c.grad, [3, 3]);
  });

  it('gives gradients the dtype of the leaf (float64 leaf, float32 partner)', () => {
    const x = tg.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(tg.tensor([3, 4]));
    expect(y.dtype).toBe('float64');
    y.sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expectValues(x.grad, [3, 4]);
  });

  it('flows through a dtype cast back to the float64 leaf', () => {
    const x = tg.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    x.float().mul(2).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expectValues(x.grad, [2, 2]);
  });

  it('flows through views (reshape, transpose, slice, select, expand)', () => {
    const x = tg.arange(6).float().requiresGrad_();
    const y = x.reshape([2, 3]).transpose(0, 1); // [3, 2]
    const picked = y.slice(0, 0, 3, 2).select(1, 1); // y[0::2, 1] = x[3], x[5]
    picked.unsqueeze(0).expand([4, 2]).sum().backward();
    expectValues(x.grad, [0, 0, 0, 4, 0, 4]);
  });

  it('sets requiresGrad, gradFn and isLeaf on results', () => {
    const x = tg.tensor([1], { requiresGrad: true });
    const c = tg.tensor([2]);
    expect(x.isLeaf).toBe(true);
    expect(x.gradFn).toBeNull();
    const y = x.mul(c);
    expect(y.requiresGrad).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn!.name).toBe('MulBackward');
    const z = c.mul(c);
    expect(z.requiresGrad).toBe(false);
    expect(z.isLeaf).toBe(true);
  });

  it('does not record int or bool results (comparisons, argmax)', () => {
    const x = tg.tensor([1, 3, 2], { requiresGrad: true });
    expect(x.gt(1).requiresGrad).toBe(false);
    expect(x.argmax().requiresGrad).toBe(false);
    expect(x.max(0).indices.requiresGrad).toBe(false);
    expect(x.max(0).values.requiresGrad).toBe(true);
  });

  it('only leaves get .grad; non-leaves keep null', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.sum().backward();
    expect(y.grad).toBeNull();
    expectValues(x.grad, [2, 2]);
  });

  it('backward from a tensor that does not require grad throws', () => {
    expect(() => tg.tensor([1]).sum().backward()).toThrow(tg.AutogradError);
    expect(() => tg.tensor([1]).sum().backward()).toThrow(/does not require grad/);
  });

  it('a gradient of the wrong shape is rejected', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward(tg.ones([3]))).toThrow(tg.ShapeError);
    expect(() => x.mul(2).backward(tg.ones([3]))).toThrow(/\[3\].*\[2\]/);
    expect(x.grad).toBeNull();
  });

  it('backward on a 0-d leaf itself fills its grad with ones', () => {
    const x = tg.tensor(3, { requiresGrad: true });
    x.backward();
    expectValues(x.grad, [1]);
  });

  it('propagates through matmul and reductions like PyTorch', () => {
    const a = tg.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    a.matmul(a).sum().backward();
    // PyTorch: x @ x summed → grad [[7, 11], [9, 13]]
    expectValues(a.grad, [7, 11, 9, 13]);
  });
});

describe('retainGraph and freed graphs', () => {
  it('a second backward works with retainGraph and accumulates', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expectValues(x.grad, [2 * Math.exp(1), 2 * Math.exp(2)], 4);
  });

  it('a second backward without retainGraph throws a clear error', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(tg.AutogradError);
    expect(() => y.backward()).toThrow(/backward through the graph a second time/);
    expect(() => y.backward()).toThrow(/retainGraph/);
    expectValues(x.grad, [2, 4]);
  });

  it('a shared subgraph freed by one backward cannot be reused by another', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const h = x.exp();
    h.sum().backward();
    expect(() => h.mean().backward()).toThrow(/second time/);
  });

  it('a shared subgraph survives when the first backward retains it', () => {
    const x = tg.tensor([0, 1], { requiresGrad: true });
    const h = x.exp();
    h.sum().backward(undefined, { retainGraph: true });
    h.mean().backward();
    expectValues(x.grad, [1.5, 1.5 * Math.E], 5);
  });

  it('createGraph implies retainGraph', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const y = x.pow(3).sum();
    y.backward(undefined, { createGraph: true });
    y.backward(undefined, { createGraph: false });
    expect(x.grad!.item()).toBeCloseTo(24, 4);
  });
});

describe('grad mode', () => {
  it('isGradEnabled reflects noGrad and enableGrad, nested, and restores', () => {
    expect(tg.isGradEnabled()).toBe(true);
    const seen = tg.noGrad(() => [tg.isGradEnabled(), tg.enableGrad(() => tg.isGradEnabled()), tg.isGradEnabled()]);
    expect(seen).toEqual([false, true, false]);
    expect(tg.isGradEnabled()).toBe(true);
  });

  it('restores the mode when the callback throws', () => {
    expect(() => tg.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(tg.isGradEnabled()).toBe(true);
    tg.noGrad(() => {
      expect(() => tg.enableGrad(() => { throw new Error('inner'); })).toThrow('inner');
      expect(tg.isGradEnabled()).toBe(false);
    });
  });

  it('noGrad returns its result and records nothing', () => {
    const w = tg.ones([2], { requiresGrad: true });
    const y = tg.noGrad(() => w.mul(2).add(1));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(vals(y)).toEqual([3, 3]);
  });

  it('enableGrad inside noGrad records again', () => {
    const w = tg.ones([2], { requiresGrad: true });
    const y = tg.noGrad(() => tg.enableGrad(() => w.mul(2)));
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expectValues(w.grad, [2, 2]);
  });

  it('parts computed under noGrad act as constants', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const c = tg.noGrad(() => x.square());
    x.mul(c).sum().backward(); // d(x * const) = const = 9
    expectValues(x.grad, [9]);
  });

  it('in-place updates of a leaf are allowed under noGrad (optimizer step)', () => {
    const w = tg.tensor([1, 2], { requiresGrad: true });
    w.mul(w).sum().backward();
    tg.noGrad(() => w.sub_(w.grad!.mul(0.5)));
    expect(vals(w)).toEqual([0, 0]);
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
  });
});

describe('detach and requiresGrad_', () => {
  it('detach cuts the graph but shares storage', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    expect(d.gradFn).toBeNull();
    expect(vals(d)).toEqual([2, 4]);
    d.fill_(7);
    expect(vals(y)).toEqual([7, 7]);
  });

  it('gradient stops at a detached tensor', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    x.mul(x.detach()).sum().backward(); // d(x * c) = c = 2
    expectValues(x.grad, [2]);
  });

  it('detach of a leaf keeps the leaf requiring grad', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const d = x.detach();
    expect(x.requiresGrad).toBe(true);
    expect(d.requiresGrad).toBe(false);
  });

  it('requiresGrad_ turns a leaf on and off', () => {
    const w = tg.zeros([2]);
    expect(w.requiresGrad).toBe(false);
    expect(w.requiresGrad_()).toBe(w);
    expect(w.requiresGrad).toBe(true);
    w.requiresGrad_(false);
    expect(w.requiresGrad).toBe(false);
    expect(w.add(1).requiresGrad).toBe(false);
  });

  it('requiresGrad_ on a non-leaf throws', () => {
    const y = tg.ones([2], { requiresGrad: true }).mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(tg.AutogradError);
    expect(() => y.requiresGrad_(false)).toThrow(/leaf/);
  });

  it('a detached tensor can start a new graph', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const d = x.mul(2).detach().requiresGrad_();
    d.square().sum().backward();
    expectValues(d.grad, [12]);
    expect(x.grad).toBeNull();
  });
});
