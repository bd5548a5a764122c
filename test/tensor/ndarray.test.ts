/**
 * @file Interop with scijs `ndarray`: `fromNdarray` views the ndarray's data (shape, strides
 * and offset included) without copying; `toNdarray` gives the tensor's values in row-major order.
 */
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('fromNdarray', () => {
  it('takes shape, dtype and values', () => {
    const a = ndarray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const t = tg.fromNdarray(a);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tg.fromNdarray(ndarray(new Float64Array([1]), [1])).dtype).toBe('float64');
    expect(tg.fromNdarray(ndarray(new Int32Array([1]), [1])).dtype).toBe('int32');
    expect(tg.fromNdarray(ndarray(new Uint8Array([0, 1]), [2])).toArray()).toEqual([false, true]);
  });

  it('shares data in both directions', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const a = ndarray(data, [2, 2]);
    const t = tg.fromNdarray(a);
    a.set(0, 1, 20);
    expect(t.toArray()).toEqual([[1, 20], [3, 4]]);
    t.mul_(2);
    expect(a.get(1, 1)).toBe(8);
    expect(Array.from(data)).toEqual([2, 40, 6, 8]);
  });

  it('keeps strided ndarray views (transpose, step, lo/hi, pick)', () => {
    const data = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const a = ndarray(data, [3, 4]);
    expect(tg.fromNdarray(a.transpose(1, 0)).toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(tg.fromNdarray(a.step(1, 2)).toArray()).toEqual([[0, 2], [4, 6], [8, 10]]);
    expect(tg.fromNdarray(a.lo(1, 1).hi(2, 2)).toArray()).toEqual([[5, 6], [9, 10]]);
    expect(tg.fromNdarray(a.pick(null, 3)).toArray()).toEqual([3, 7, 11]);
    const rev = tg.fromNdarray(a.step(-1, 1));
    expect(rev.toArray()).toEqual([[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]]);
    expect(rev.add(0).sum(1).toArray()).toEqual([38, 22, 6]);
    const sub = tg.fromNdarray(a.lo(1, 1).hi(2, 2));
    sub.fill_(-1);
    expect(Array.from(data)).toEqual([0, 1, 2, 3, 4, -1, -1, 7, 8, -1, -1, 11]);
  });

  it('tensors from ndarrays take part in autograd', () => {
    const w = tg.fromNdarray(ndarray(new Float64Array([1, 2, 3]), [3])).requiresGrad_();
    w.square().sum().backward();
    expect(w.grad!.toArray()).toEqual([2, 4, 6]);
  });

  it('rejects unsupported data', () => {
    expect(() => tg.fromNdarray(ndarray([1, 2, 3], [3]) as never)).toThrow(tg.DTypeError);
    expect(() => tg.fromNdarray(ndarray(new Int16Array(2), [2]) as never)).toThrow(/fromNdarray: data must be/);
  });
});

describe('toNdarray', () => {
  it('gives the values with the shape and dtype', () => {
    const a = tg.toNdarray(tg.eye(2));
    expect(a.shape).toEqual([2, 2]);
    expect(a.get(1, 1)).toBe(1);
    expect(a.get(0, 1)).toBe(0);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(tg.toNdarray(tg.tensor([1], { dtype: 'int32' })).data).toBeInstanceOf(Int32Array);
  });

  it('lays out a strided view in row-major order', () => {
    const t = tg.arange(6).reshape([2, 3]).transpose(0, 1);
    const a = tg.toNdarray(t);
    expect(a.shape).toEqual([3, 2]);
    expect(a.get(2, 1)).toBe(5);
    expect(a.get(1, 0)).toBe(1);
    expect(Array.from(a.data as Int32Array)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('round-trips through fromNdarray', () => {
    const t = tg.tensor([[1.5, -2], [3, 4.25]], { dtype: 'float64' });
    const back = tg.fromNdarray(tg.toNdarray(t));
    expect(back.dtype).toBe('float64');
    expect(back.toArray()).toEqual(t.toArray());
  });
});
