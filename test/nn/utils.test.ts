/**
 * @file `nn.utils`: gradient clipping by total norm (PyTorch's coefficient
 * `min(1, maxNorm / (total + 1e-6))`) and by value, and flattening parameters to a vector.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { expectValues, vals } from '../helpers/values.js';

const { utils } = nn;

/** Parameters whose gradients are set directly. */
function withGrads(...grads: number[][]): nn.Parameter[] {
  return grads.map((g) => {
    const p = new nn.Parameter(tg.zeros([g.length]));
    p.grad = tg.tensor(g);
    return p;
  });
}

describe('clipGradNorm_', () => {
  it('scales all gradients by maxNorm / (total + 1e-6) and returns the total 2-norm', () => {
    const params = withGrads([3, 4], [12]);
    const total = utils.clipGradNorm_(params, 1);
    expect(total.item()).toBeCloseTo(13, 5);
    expect(total.shape).toEqual([]);
    const c = 1 / (13 + 1e-6);
    expectValues(params[0]!.grad, [3 * c, 4 * c], 6);
    expectValues(params[1]!.grad, [12 * c], 6);
  });

  it('leaves gradients alone when the norm is below maxNorm (coefficient clamped to 1)', () => {
    const params = withGrads([3, 4]);
    expect(utils.clipGradNorm_(params, 100).item()).toBeCloseTo(5, 5);
    expect(vals(params[0]!.grad)).toEqual([3, 4]);
  });

  it('supports Infinity and other norm types', () => {
    const inf = withGrads([3, -4], [-12]);
    expect(utils.clipGradNorm_(inf, 6, { normType: Infinity }).item()).toBe(12);
    expectValues(inf[1]!.grad, [-12 * (6 / (12 + 1e-6))], 5);
    const one = withGrads([3, -4], [-12]);
    expect(utils.clipGradNorm_(one, 100, { normType: 1 }).item()).toBeCloseTo(19, 5);
    const three = withGrads([1, 2], [3]);
    expect(utils.clipGradNorm_(three, 100, { normType: 3 }).item()).toBeCloseTo(36 ** (1 / 3), 5);
  });

  it('skips parameters without gradients, takes a single tensor, returns 0 for none', () => {
    const [p] = withGrads([6, 8]);
    const bare = new nn.Parameter(tg.ones([2]));
    expect(utils.clipGradNorm_([p!, bare], 5).item()).toBeCloseTo(10, 5);
    expect(bare.grad).toBeNull();
    expect(utils.clipGradNorm_(p!, 100).item()).toBeCloseTo(5, 4);
    expect(utils.clipGradNorm_([bare], 1).item()).toBe(0);
  });

  it('clips the gradients of a module after backward', () => {
    class M extends nn.Module {
      w = new nn.Parameter(tg.tensor([1, 2, 3]));
    }
    const m = new M();
    m.w.mul(tg.tensor([10, 10, 10])).sum().backward();
    const total = utils.clipGradNorm_(m.parameters(), 1);
    expect(total.item()).toBeCloseTo(Math.sqrt(300), 4);
    expect(m.w.grad!.norm().item()).toBeCloseTo(1, 5);
  });

  it('errorIfNonfinite throws on a NaN or infinite total and changes nothing', () => {
    const params = withGrads([1, NaN]);
    expect(() => utils.clipGradNorm_(params, 1, { errorIfNonfinite: true })).toThrow(/non-finite/);
    expect(vals(params[0]!.grad)[0]).toBe(1);
    const inf = withGrads([1, Infinity]);
    expect(() => utils.clipGradNorm_(inf, 1, { errorIfNonfinite: true })).toThrow(tg.TensorError);
    expect(Number.isNaN(utils.clipGradNorm_(withGrads([1, NaN]), 1).item())).toBe(true);
  });

  it('promotes mixed float32 / float64 gradients', () => {
    const a = new nn.Parameter(tg.zeros([1]));
    a.grad = tg.tensor([3]);
    const b = new nn.Parameter(tg.zeros([1], { dtype: 'float64' }));
    b.grad = tg.tensor([4], { dtype: 'float64' });
    const total = utils.clipGradNorm_([a, b], 1);
    expect(total.dtype).toBe('float64');
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.item()).toBeCloseTo(0.8, 6);
  });
});

describe('clipGradValue_', () => {
  it('clamps every gradient to [-clipValue, clipValue]', () => {
    const params = withGrads([-5, 0.5, 3], [2]);
    params.push(new nn.Parameter(tg.ones([1])));
    utils.clipGradValue_(params, 1);
    expect(vals(params[0]!.grad)).toEqual([-1, 0.5, 1]);
    expect(vals(params[1]!.grad)).toEqual([1]);
    expect(params[2]!.grad).toBeNull();
  });
});

describe('parametersToVector / vectorToParameters', () => {
  it('flattens in order and is differentiable', () => {
    const a = new nn.Parameter(tg.tensor([[1, 2], [3, 4]]));
    const b = new nn.Parameter(tg.tensor([5]));
    const v = utils.parametersToVector([a, b]);
    expect(vals(v)).toEqual([1, 2, 3, 4, 5]);
    v.mul(tg.arange(5).float()).sum().backward();
    expect(vals(a.grad)).toEqual([0, 1, 2, 3]);
    expect(vals(b.grad)).toEqual([4]);
    expect(() => utils.parametersToVector([])).toThrow(tg.ShapeError);
  });

  it('vectorToParameters copies slices back into the same tensors (parameters included)', () => {
    const a = new nn.Parameter(tg.zeros([2, 2]));
    const b = new nn.Parameter(tg.zeros([1]));
    utils.vectorToParameters(tg.tensor([1, 2, 3, 4, 5]), [a, b]);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(vals(b)).toEqual([5]);
    expect(a.isLeaf && a.requiresGrad).toBe(true);
    const v = utils.parametersToVector([a, b]).detach().mul(2);
    utils.vectorToParameters(v, [a, b]);
    expect(vals(a)).toEqual([2, 4, 6, 8]);
  });

  it('rejects vectors of the wrong size or rank', () => {
    const a = tg.zeros([2]);
    expect(() => utils.vectorToParameters(tg.ones([3]), [a])).toThrow(/1-d vector of 2 elements/);
    expect(() => utils.vectorToParameters(tg.ones([1, 2]), [a])).toThrow(tg.ShapeError);
    expect(vals(a)).toEqual([0, 0]);
  });
});
