/**
 * @file Creation functions: `tensor` from JS data, filled/ranged/identity tensors and `*Like`.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('tensor()', () => {
  it('infers the shape of nested arrays; numbers give float32', () => {
    const t = tg.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.ndim).toBe(2);
    expect(t.numel).toBe(6);
    expect(t.strides).toEqual([3, 1]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.device).toBe('cpu');
  });

  it('a single number gives a 0-d tensor', () => {
    const t = tg.tensor(2.5);
    expect(t.shape).toEqual([]);
    expect(t.ndim).toBe(0);
    expect(t.numel).toBe(1);
    expect(t.item()).toBe(2.5);
    expect(t.toArray()).toBe(2.5);
  });

  it('empty lists give zero-size dims', () => {
    expect(tg.tensor([]).shape).toEqual([0]);
    expect(tg.tensor([[], []]).shape).toEqual([2, 0]);
    expect(tg.tensor([]).numel).toBe(0);
    expect(tg.tensor([]).toArray()).toEqual([]);
  });

  it('booleans give bool tensors read back as booleans', () => {
    const t = tg.tensor([[true, false], [false, true]]);
    expect(t.dtype).toBe('bool');
    expect(t.toArray()).toEqual([[true, false], [false, true]]);
    expect(Array.from(t.dataSync())).toEqual([1, 0, 0, 1]);
  });

  it('respects an explicit dtype (int32 truncates, float64 keeps precision)', () => {
    expect(tg.tensor([1.7, -1.7], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    const d = tg.tensor([0.1], { dtype: 'float64' });
    expect(d.dtype).toBe('float64');
    expect(d.item()).toBe(0.1);
    expect(tg.tensor([0.1]).item()).toBe(Math.fround(0.1));
    expect(tg.tensor([0, 2, -1], { dtype: 'bool' }).toArray()).toEqual([false, true, true]);
  });

  it('typed arrays give their own dtype and are copied', () => {
    const src = new Float64Array([1, 2, 3]);
    const t = tg.tensor(src);
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([3]);
    src[0] = 100;
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(tg.tensor(new Int32Array([4, 5])).dtype).toBe('int32');
    expect(tg.tensor(new Float32Array([4, 5])).dtype).toBe('float32');
    const b = tg.tensor(new Uint8Array([0, 1]));
    expect(b.dtype).toBe('bool');
    expect(b.toArray()).toEqual([false, true]);
    expect(tg.tensor(new Int32Array([1, 2]), { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('copies nested arrays (later changes to the source do not leak in)', () => {
    const src = [1, 2];
    const t = tg.tensor(src);
    src[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
  });

  it('requiresGrad makes a float leaf', () => {
    const t = tg.tensor([1], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(t.grad).toBeNull();
    expect(tg.tensor([1], { requiresGrad: false }).requiresGrad).toBe(false);
  });

  it('rejects ragged arrays and non-numeric values', () => {
    expect(() => tg.tensor([[1, 2], [3]])).toThrow(tg.ShapeError);
    expect(() => tg.tensor([[1, 2], [3]])).toThrow(/tensor: ragged/);
    expect(() => tg.tensor([[1, 2], 3] as unknown as number[][])).toThrow(/ragged/);
    expect(() => tg.tensor(['a'] as unknown as number[])).toThrow(tg.DTypeError);
  });
});

describe('filled tensors', () => {
  it('zeros, ones, full, empty', () => {
    expect(tg.zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(tg.ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(tg.full([2], 7).toArray()).toEqual([7, 7]);
    expect(tg.full([2], 7.5, { dtype: 'float64' }).dtype).toBe('float64');
    const e = tg.empty([2, 3]);
    expect(e.shape).toEqual([2, 3]);
    expect(e.dtype).toBe('float32');
    expect(tg.zeros([]).shape).toEqual([]);
    expect(tg.ones([0, 3]).numel).toBe(0);
  });

  it('take dtype and requiresGrad options', () => {
    expect(tg.zeros([2], { dtype: 'int32' }).dtype).toBe('int32');
    expect(tg.ones([2], { dtype: 'bool' }).toArray()).toEqual([true, true]);
    expect(tg.full([1], 1.9, { dtype: 'int32' }).toArray()).toEqual([1]);
    const w = tg.zeros([2], { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    expect(() => tg.zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(tg.DTypeError);
  });

  it('reject negative or fractional sizes', () => {
    expect(() => tg.zeros([-1])).toThrow(tg.ShapeError);
    expect(() => tg.ones([2.5])).toThrow(/full: sizes must be non-negative integers/);
  });

  it('*Like copy shape and dtype, options override', () => {
    const like = tg.ones([2, 3], { dtype: 'float64' });
    const z = tg.zerosLike(like);
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe('float64');
    expect(tg.onesLike(like).toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(tg.fullLike(like, 4).toArray()).toEqual([[4, 4, 4], [4, 4, 4]]);
    expect(tg.zerosLike(like, { dtype: 'int32' }).dtype).toBe('int32');
    expect(tg.randLike(like).dtype).toBe('float64');
    expect(tg.randnLike(like).shape).toEqual([2, 3]);
    // *Like does not copy requiresGrad (as PyTorch)
    const leaf = tg.ones([2], { requiresGrad: true });
    expect(tg.zerosLike(leaf).requiresGrad).toBe(false);
    expect(tg.onesLike(leaf, { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('ranges and identity', () => {
  it('arange with integer arguments gives int32', () => {
    const a = tg.arange(5);
    expect(a.dtype).toBe('int32');
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(tg.arange(2, 6).toArray()).toEqual([2, 3, 4, 5]);
    expect(tg.arange(10, 0, -3).toArray()).toEqual([10, 7, 4, 1]);
    expect(tg.arange(0).shape).toEqual([0]);
    expect(tg.arange(5, 2).shape).toEqual([0]);
  });

  it('arange with a fractional argument gives float32 (PyTorch lengths)', () => {
    const a = tg.arange(0, 1, 0.25);
    expect(a.dtype).toBe('float32');
    expect(a.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(tg.arange(0, 1, 0.1).shape).toEqual([10]);
    expect(tg.arange(0.5, 3).toArray()).toEqual([0.5, 1.5, 2.5]);
    expect(tg.arange(0, 3, 1, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('arange rejects a zero step', () => {
    expect(() => tg.arange(0, 1, 0)).toThrow(/arange: step must be a nonzero/);
  });

  it('linspace includes both endpoints (PyTorch values)', () => {
    expect(tg.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(tg.linspace(0, 1, 3).toArray()).toEqual([0, 0.5, 1]);
    expect(tg.linspace(0, 1, 0).shape).toEqual([0]);
    const l = tg.linspace(0, 10, 7, { dtype: 'float64' });
    expect(l.dtype).toBe('float64');
    const expected = [0, 1.6667, 3.3333, 5, 6.6667, 8.3333, 10];
    (l.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    expect((l.toArray() as number[])[6]).toBe(10);
    expect(tg.linspace(0, 1, 5).dtype).toBe('float32');
  });

  it('eye gives identity matrices, square or rectangular', () => {
    expect(tg.eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(tg.eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(tg.eye(3, 2).toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(tg.eye(2, 2, { dtype: 'int32' }).dtype).toBe('int32');
    expect(tg.eye(0).shape).toEqual([0, 0]);
  });
});
