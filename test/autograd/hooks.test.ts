/**
 * @file `retainGrad` and `registerHook` (leaf and non-leaf), matching PyTorch 1.13.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { vals } from '../helpers/values.js';


describe('retainGrad', () => {
  it('keeps .grad on a non-leaf', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.retainGrad();
    expect(y.retainsGrad).toBe(true);
    y.square().sum().backward();
    expect(vals(y.grad)).toEqual([6, 6]); // 2y
    expect(vals(x.grad)).toEqual([18, 18]);
  });

  it('accumulates across backward passes like a leaf (PyTorch: [2, 2])', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.retainGrad();
    const s = y.sum();
    s.backward(undefined, { retainGraph: true });
    s.backward();
    expect(vals(y.grad)).toEqual([2, 2]);
    expect(vals(x.grad)).toEqual([6, 6]);
  });

  it('is a no-op on a leaf and idempotent on a non-leaf', () => {
    const x = tg.ones([2], { requiresGrad: true });
    x.retainGrad();
    const y = x.mul(2);
    y.retainGrad();
    y.retainGrad();
    y.sum().backward();
    expect(vals(x.grad)).toEqual([2, 2]);
    expect(vals(y.grad)).toEqual([1, 1]);
  });

  it('sees the gradient before hooks registered after it (PyTorch 1.13 order)', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.retainGrad();
    y.registerHook((g) => g.mul(10));
    y.sum().backward();
    expect(vals(y.grad)).toEqual([1, 1]);
    expect(vals(x.grad)).toEqual([30, 30]);
  });

  it('sees the modified gradient of hooks registered before it', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.registerHook((g) => g.mul(10));
    y.retainGrad();
    y.sum().backward();
    expect(vals(y.grad)).toEqual([10, 10]);
    expect(vals(x.grad)).toEqual([30, 30]);
  });

  it('works on one output of a multi-output op (split)', () => {
    const x = tg.arange(4).float().requiresGrad_();
    const [a, b] = x.split(2);
    b!.retainGrad();
    a!.sum().add(b!.mul(5).sum()).backward();
    expect(vals(b!.grad)).toEqual([5, 5]);
    expect(vals(x.grad)).toEqual([1, 1, 5, 5]);
  });
});

describe('registerHook', () => {
  it('a hook on a leaf replaces the gradient stored in .grad', () => {
    const x = tg.ones([2], { requiresGrad: true });
    x.registerHook((g) => g.mul(10));
    x.sum().backward();
    expect(vals(x.grad)).toEqual([10, 10]);
  });

  it('a hook on a non-leaf changes what flows further back', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    y.registerHook((g) => g.mul(-1));
    y.sum().backward();
    expect(vals(x.grad)).toEqual([-3, -3]);
  });

  it('a hook returning nothing only observes', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    x.registerHook((g) => {
      seen.push(vals(g));
    });
    x.mul(2).sum().backward();
    expect(seen).toEqual([[2, 2]]);
    expect(vals(x.grad)).toEqual([2, 2]);
  });

  it('hooks run in registration order, each seeing the previous result (PyTorch: 9)', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.registerHook((g) => g.mul(2));
    y.registerHook((g) => g.add(1));
    y.sum().backward();
    expect(vals(x.grad)).toEqual([9, 9]);
  });

  it('the hook sees the summed gradient of all uses', () => {
    const x = tg.tensor([1], { requiresGrad: true });
    const y = x.mul(2);
    const seen: number[] = [];
    y.registerHook((g) => {
      seen.push(g.item());
    });
    y.mul(3).add(y.mul(4)).sum().backward();
    expect(seen).toEqual([7]);
    expect(vals(x.grad)).toEqual([14]);
  });

  it('the returned function removes the hook', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const remove = x.registerHook((g) => g.mul(10));
    x.sum().backward();
    expect(vals(x.grad)).toEqual([10, 10]);
    remove();
    remove(); // removing twice is harmless
    x.sum().backward();
    expect(vals(x.grad)).toEqual([11, 11]);
  });

  it('removing one hook keeps the others', () => {
    const x = tg.ones([1], { requiresGrad: true });
    const y = x.mul(1);
    const calls: string[] = [];
    const r1 = y.registerHook(() => {
      calls.push('a');
    });
    y.registerHook(() => {
      calls.push('b');
    });
    r1();
    y.sum().backward();
    expect(calls).toEqual(['b']);
  });

  it('fires on every backward through a retained graph', () => {
    const x = tg.ones([1], { requiresGrad: true });
    const y = x.mul(2);
    let count = 0;
    y.registerHook(() => {
      count++;
    });
    const s = y.sum();
    s.backward(undefined, { retainGraph: true });
    s.backward();
    expect(count).toBe(2);
  });

  it('a hook on an intermediate applies inside autograd.grad (PyTorch: 15)', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const y = x.mul(3);
    y.registerHook((g) => g.mul(5));
    const [g] = tg.autograd.grad(y.sum(), x);
    expect(vals(g!)).toEqual([15, 15]);
  });

  it('hooks used for gradient clipping', () => {
    const x = tg.tensor([1, 2, 3], { requiresGrad: true });
    x.registerHook((g) => g.clamp(-5, 5));
    x.mul(tg.tensor([1, 10, -10])).sum().backward();
    expect(vals(x.grad)).toEqual([1, 5, -5]);
  });

  it('cannot be registered on a tensor that does not require grad', () => {
    expect(() => tg.tensor([1]).registerHook((g) => g)).toThrow(tg.AutogradError);
    expect(() => tg.tensor([1]).registerHook((g) => g)).toThrow(/registerHook.*does not require grad/);
  });

  it('an error thrown in a hook propagates out of backward', () => {
    const x = tg.ones([1], { requiresGrad: true });
    x.registerHook(() => {
      throw new Error('hook failed');
    });
    expect(() => x.sum().backward()).toThrow('hook failed');
  });
});
