/**
 * @file Matrix products (src/ops/matmul.ts): matmul in all of torch.matmul's rank cases with
 * broadcast batches, mm, bmm, dot and outer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { broadcastableTo, checkOp, type Inputs, type Shape } from '../helpers/check-op.js';

const size = fc.integer({ min: 1, max: 4 });
const sizeOrEmpty = fc.oneof({ arbitrary: size, weight: 6 }, { arbitrary: fc.constant(0), weight: 1 });

/** Shapes for `matmul` of a `ra`-d by a `rb`-d operand (ranks ≥ 3 get broadcast batch dims). */
function matmulShapes(ra: number, rb: number): Inputs<Record<string, never>> {
  const batchRank = Math.max(ra, rb) - 2;
  return fc
    .record({ m: sizeOrEmpty, k: sizeOrEmpty, n: sizeOrEmpty, batch: fc.array(size, { minLength: Math.max(batchRank, 0), maxLength: Math.max(batchRank, 0) }) })
    .chain(({ m, k, n, batch }) =>
      fc.tuple(broadcastableTo(batch), broadcastableTo(batch)).map(([ba, bb]): Shape[] => {
        const a = ra === 1 ? [k] : [...(ra > 2 ? ba.slice(-(ra - 2)) : []), m, k];
        const b = rb === 1 ? [k] : [...(rb > 2 ? bb.slice(-(rb - 2)) : []), k, n];
        return [a, b];
      }),
    )
    .map((shapes) => ({ shapes, params: {} }));
}

describe('matrix products: gradients', () => {
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '1-d · 1-d', inputs: matmulShapes(1, 1) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '1-d · 2-d', inputs: matmulShapes(1, 2) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '2-d · 1-d', inputs: matmulShapes(2, 1) });
  checkOp('matmul', ([a, b]) => tg.matmul(a, b), { label: '2-d · 2-d', inputs: matmulShapes(2, 2) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: 'batched, broadcast', inputs: matmulShapes(3, 3) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '3-d · 2-d', inputs: matmulShapes(3, 2) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '1-d · 3-d', inputs: matmulShapes(1, 3) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '3-d · 1-d', inputs: matmulShapes(3, 1) });
  checkOp('matmul', ([a, b]) => a.matmul(b), { label: '2-d · 3-d', inputs: matmulShapes(2, 3) });
  checkOp('mm', ([a, b]) => a.mm(b), { inputs: matmulShapes(2, 2) });
  checkOp('bmm', ([a, b]) => tg.bmm(a, b), {
    inputs: fc.tuple(size, size, sizeOrEmpty, size).map(([B, m, k, n]) => ({ shapes: [[B, m, k], [B, k, n]], params: {} })),
  });
  checkOp('dot', ([a, b]) => a.dot(b), { inputs: matmulShapes(1, 1) });
  checkOp('outer', ([a, b]) => tg.outer(a, b), {
    inputs: fc.tuple(sizeOrEmpty, sizeOrEmpty).map(([n, m]) => ({ shapes: [[n], [m]], params: {} })),
  });
});

describe('matrix products: values', () => {
  const a = tg.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
  const b = tg.tensor([[1, 0, -1], [2, 1, 0]], { dtype: 'float64' });

  it('matmul in each rank case', () => {
    expect(a.matmul(b).toArray()).toEqual([[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
    expect(a.matmul(tg.tensor([1, -1], { dtype: 'float64' })).toArray()).toEqual([-1, -1, -1]);
    expect(tg.tensor([1, 0, 1], { dtype: 'float64' }).matmul(a).toArray()).toEqual([6, 8]);
    expect(tg.tensor([1, 2], { dtype: 'float64' }).matmul(tg.tensor([3, 4], { dtype: 'float64' })).item()).toBe(11);
    expect(tg.ones([2, 1, 3, 2]).matmul(tg.ones([4, 2, 5])).shape).toEqual([2, 4, 3, 5]);
    expect(tg.ones([3, 0]).matmul(tg.ones([0, 2])).toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
  });

  it('dot, outer, mm, bmm', () => {
    expect(tg.tensor([1, 2, 3]).dot(tg.tensor([4, 5, 6])).item()).toBe(32);
    expect(tg.tensor([1, 2]).outer(tg.tensor([3, 4, 5])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(a.mm(b).shape).toEqual([3, 3]);
    expect(tg.ones([4, 2, 3]).bmm(tg.ones([4, 3, 5])).shape).toEqual([4, 2, 5]);
  });

  it('promotes float32 with float64 and keeps float32', () => {
    expect(tg.ones([2, 2]).matmul(tg.ones([2, 2])).dtype).toBe('float32');
    expect(tg.ones([2, 2]).matmul(tg.ones([2, 2], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('names both shapes when the inner sizes differ', () => {
    expect(() => tg.ones([3, 4]).matmul(tg.ones([5, 6]))).toThrow(/\[3,4\].*\[5,6\]/);
    expect(() => tg.ones([3, 4]).mm(tg.ones([4]))).toThrow(/mm/);
    expect(() => tg.ones([2, 3, 4]).bmm(tg.ones([3, 4, 5]))).toThrow(/bmm/);
  });
});
