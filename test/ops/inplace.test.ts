/**
 * @file In-place methods (src/tensor/inplace.ts): they are differentiable too — each is checked on
 * a clone, so the leaf itself is never written.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, broadcastableTo, checkOp, nonzero, unary, withParams } from '../helpers/check-op.js';

/** `x` and an operand that broadcasts to x's shape (in-place ops never broadcast `x` itself). */
const intoX = withParams(unary(), ([s]) => broadcastableTo(s!).map((other) => ({ other })));
const pair = intoX.map((c) => ({ shapes: [c.shapes[0]!, c.params.other], params: {} }));

describe('in-place ops: gradients', () => {
  checkOp('add_', ([x, y]) => x.clone().add_(y!), { inputs: pair });
  checkOp('sub_', ([x, y]) => x.clone().sub_(y!), { inputs: pair });
  checkOp('mul_', ([x, y]) => x.mul(2).mul_(y!), { inputs: pair });
  checkOp('div_', ([x, y]) => x.clone().div_(y!), { inputs: pair, domain: [undefined, nonzero] });
  checkOp('clamp_', ([x]) => x.clone().clamp_(-0.5, 0.5), { domain: avoid([-0.5, 0.5]) });
  checkOp('copy_', ([x, y]) => x.clone().copy_(y!).mul(x), { inputs: pair });
  checkOp('fill_', ([x]) => x.clone().fill_(1.5).add(x));
  checkOp('zero_', ([x]) => x.square().zero_().add(x));
});

describe('in-place ops: values and errors', () => {
  it('writes into the storage and bumps the version', () => {
    const x = tg.tensor([1, 2, 3]);
    const v = x.version;
    x.add_(1).mul_(2);
    expect(x.toArray()).toEqual([4, 6, 8]);
    expect(x.version).toBe(v + 2);
  });

  it('refuses a leaf that requires grad, and a saved tensor modified before backward', () => {
    const w = tg.ones([2], { requiresGrad: true });
    expect(() => w.add_(1)).toThrow(/leaf/);
    tg.noGrad(() => w.add_(1));
    expect(w.toArray()).toEqual([2, 2]);
    const h = w.mul(1);
    const y = h.sin(); // sin saves its input
    h.mul_(2);
    expect(() => y.sum().backward()).toThrow(/modified by an in-place operation/);
  });
});
