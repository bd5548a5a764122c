/**
 * @file PyTorch's type promotion in binary ops, reductions and unary ops (int32 standing in
 * for int64). Expected dtypes were checked against PyTorch 1.13.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const f32 = (): tg.Tensor => tg.tensor([1.5, 2]);
const f64 = (): tg.Tensor => tg.tensor([1.5, 2], { dtype: 'float64' });
const i32 = (): tg.Tensor => tg.tensor([1, 2], { dtype: 'int32' });
const b = (): tg.Tensor => tg.tensor([true, false]);

describe('tensor with tensor', () => {
  it('int32 + float32 → float32; float32 + float64 → float64; bool + int32 → int32', () => {
    expect(i32().add(f32()).dtype).toBe('float32');
    expect(f32().add(i32()).dtype).toBe('float32');
    expect(f32().add(f64()).dtype).toBe('float64');
    expect(f64().mul(f32()).dtype).toBe('float64');
    expect(b().add(i32()).dtype).toBe('int32');
    expect(i32().add(i32()).dtype).toBe('int32');
    expect(i32().add(f64()).dtype).toBe('float64');
  });

  it('values survive promotion', () => {
    expect(i32().add(f32()).toArray()).toEqual([2.5, 4]);
    expect(tg.tensor([0.1]).add(tg.tensor([0.2], { dtype: 'float64' })).item()).toBeCloseTo(Math.fround(0.1) + 0.2, 12);
  });

  it('bool with bool stays bool as in PyTorch: add/maximum are or, mul/minimum are and, sub throws', () => {
    const s = b().add(b());
    expect(s.dtype).toBe('bool');
    expect(s.toArray()).toEqual([true, false]);
    const x = tg.tensor([true, true, false]), y = tg.tensor([true, false, false]);
    expect(x.mul(y).toArray()).toEqual([true, false, false]);
    expect(x.maximum(y).toArray()).toEqual([true, true, false]);
    expect(x.minimum(y).toArray()).toEqual([true, false, false]);
    expect(() => x.sub(y)).toThrow(/sub: not supported for two bool tensors/);
  });

  it('a 0-d tensor does not widen a float tensor, but does lift an int one (PyTorch)', () => {
    const zero64 = tg.tensor(1, { dtype: 'float64' });
    expect(f32().add(zero64).dtype).toBe('float32');
    expect(zero64.add(f32()).dtype).toBe('float32');
    expect(i32().add(zero64).dtype).toBe('float64');
    expect(zero64.add(tg.tensor(1)).dtype).toBe('float64'); // both 0-d
  });

  it('matmul and where promote', () => {
    expect(tg.ones([2, 2], { dtype: 'int32' }).matmul(tg.ones([2, 2])).dtype).toBe('float32');
    expect(tg.ones([2, 2], { dtype: 'float64' }).matmul(tg.ones([2]).float()).dtype).toBe('float64');
    expect(tg.where(tg.tensor([true, false]), i32(), f32()).dtype).toBe('float32');
    expect(tg.cat([i32(), f64()]).dtype).toBe('float64');
  });
});

describe('tensor with a JS number', () => {
  it('keeps float32 and float64', () => {
    expect(f32().add(1).dtype).toBe('float32');
    expect(f32().mul(2.5).dtype).toBe('float32');
    expect(f64().add(1).dtype).toBe('float64');
    expect(tg.add(1, f32()).dtype).toBe('float32');
    expect(tg.sub(10, f64()).dtype).toBe('float64');
  });

  it('int tensor with an integer stays int32; with a fraction becomes float32', () => {
    expect(i32().add(2).dtype).toBe('int32');
    expect(i32().mul(3).toArray()).toEqual([3, 6]);
    const r = i32().mul(2.5);
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([2.5, 5]);
    expect(tg.mul(2.5, i32()).dtype).toBe('float32');
  });

  it('bool tensor with a number gives int32 or float32', () => {
    expect(b().add(1).dtype).toBe('int32');
    expect(b().add(1).toArray()).toEqual([2, 1]);
    expect(b().mul(0.5).dtype).toBe('float32');
  });
});

describe('result dtypes of ops', () => {
  it('division of ints is true division in float32', () => {
    const r = i32().div(tg.tensor([2, 2], { dtype: 'int32' }));
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([0.5, 1]);
    expect(i32().div(2).dtype).toBe('float32');
    expect(tg.div(1, i32()).toArray()).toEqual([1, 0.5]);
    expect(f64().div(2).dtype).toBe('float64');
  });

  it('comparisons and logical ops give bool', () => {
    for (const r of [f32().gt(1.7), i32().eq(f32()), f64().le(2), tg.ne(1, i32()), tg.ge(f32(), f64()), f32().lt(i32())]) {
      expect(r.dtype).toBe('bool');
    }
    expect(f32().gt(1.7).toArray()).toEqual([false, true]);
    expect(tg.logicalAnd(b(), tg.tensor([true, true])).toArray()).toEqual([true, false]);
    expect(tg.logicalOr(b(), tg.tensor([false, false])).dtype).toBe('bool');
    expect(tg.logicalNot(b()).toArray()).toEqual([false, true]);
  });

  it('transcendental unary ops on ints give float32; others keep the dtype', () => {
    expect(i32().exp().dtype).toBe('float32');
    expect(i32().sqrt().dtype).toBe('float32');
    expect(i32().sigmoid().dtype).toBe('float32');
    expect(i32().neg().dtype).toBe('int32');
    expect(i32().abs().dtype).toBe('int32');
    expect(i32().square().dtype).toBe('int32');
    expect(f64().exp().dtype).toBe('float64');
  });

  it('sum of ints and bools is int32; prod too; argmax is int32', () => {
    expect(i32().sum().dtype).toBe('int32');
    expect(b().sum().dtype).toBe('int32');
    expect(b().sum().item()).toBe(1);
    expect(i32().prod().dtype).toBe('int32');
    expect(f32().argmax().dtype).toBe('int32');
    expect(f64().sum().dtype).toBe('float64');
    expect(f64().mean().dtype).toBe('float64');
  });

  it('casts with to/float/double/int/bool', () => {
    expect(f32().to('float64').dtype).toBe('float64');
    const same = f32();
    expect(same.to('float32')).toBe(same);
    expect(tg.tensor([1.7, -1.7]).int().toArray()).toEqual([1, -1]);
    expect(tg.tensor([0, 2]).bool().toArray()).toEqual([false, true]);
    expect(b().float().toArray()).toEqual([1, 0]);
    expect(i32().double().dtype).toBe('float64');
  });

  it('tg.promoteTypes is exported', () => {
    expect(tg.promoteTypes('int32', 'float32')).toBe('float32');
    expect(tg.promoteTypes('float64', 'float32')).toBe('float64');
  });
});
