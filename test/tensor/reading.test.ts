/**
 * @file Reading values (`item`, `toArray`, `dataSync`, `data`), PyTorch-style printing through
 * `toString` and `util.inspect`, and the device-memory no-ops `dispose` and `tidy`.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('reading values', () => {
  it('item() reads one-element tensors of any rank', () => {
    expect(tg.tensor([[2.5]]).item()).toBe(2.5);
    expect(tg.tensor(7, { dtype: 'int32' }).item()).toBe(7);
    expect(tg.tensor([1, 2]).sum().item()).toBe(3);
    expect(() => tg.tensor([1, 2]).item()).toThrow(tg.ShapeError);
    expect(() => tg.tensor([1, 2]).item()).toThrow(/item: only one-element tensors.*\[2\]/);
  });

  it('toArray() nests by shape and gives booleans for bool tensors', () => {
    expect(tg.arange(8).reshape([2, 2, 2]).toArray()).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
    expect(tg.tensor(3).toArray()).toBe(3);
    expect(tg.tensor([1, 2]).gt(1).toArray()).toEqual([false, true]);
    expect(tg.zeros([2, 0]).toArray()).toEqual([[], []]);
  });

  it('dataSync() returns a typed array of the dtype, in row-major order, as a copy', () => {
    const x = tg.arange(6).float().reshape([2, 3]);
    const d = x.dataSync();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(x.transpose(0, 1).dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
    d[0] = 100;
    expect(x.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(tg.tensor([1], { dtype: 'float64' }).dataSync()).toBeInstanceOf(Float64Array);
    expect(tg.tensor([1], { dtype: 'int32' }).dataSync()).toBeInstanceOf(Int32Array);
    expect(tg.tensor([true]).dataSync()).toBeInstanceOf(Uint8Array);
  });

  it('await data() gives the same values', async () => {
    const x = tg.tensor([[1, 2], [3, 4]]).transpose(0, 1);
    const d = await x.data();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d)).toEqual([1, 3, 2, 4]);
  });
});

describe('printing like PyTorch', () => {
  it('toString of leaves, results and dtypes', () => {
    expect(String(tg.tensor([[1, 2.5]], { requiresGrad: true }))).toBe('tensor([[1.0000, 2.5000]], requiresGrad=true)');
    expect(String(tg.tensor([[1, 2.5]], { requiresGrad: true }).mul(2))).toBe('tensor([[2., 5.]], gradFn=<MulBackward>)');
    expect(String(tg.tensor([1], { dtype: 'float64' }))).toBe('tensor([1.], dtype=float64)');
    expect(String(tg.tensor([1], { dtype: 'float64', requiresGrad: true }))).toBe('tensor([1.], dtype=float64, requiresGrad=true)');
    expect(String(tg.tensor([1], { dtype: 'float64', requiresGrad: true }).mul(2))).toBe('tensor([2.], dtype=float64, gradFn=<MulBackward>)');
    expect(String(tg.tensor([1, 2], { dtype: 'int32' }))).toBe('tensor([1, 2])');
    expect(String(tg.tensor([true, false]))).toBe('tensor([ true, false])');
    expect(String(tg.tensor(3.5))).toBe('tensor(3.5000)');
    expect(String(tg.zeros([0, 3]))).toBe('tensor([], size=[0, 3])');
  });

  it('multi-row tensors wrap like PyTorch', () => {
    expect(tg.tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tg.tensor([[1, 2], [3, 4]]).transpose(0, 1).toString()).toBe('tensor([[1., 3.],\n        [2., 4.]])');
  });

  it('gradFn names follow the op', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    expect(String(x.add(1))).toMatch(/gradFn=<AddBackward>/);
    expect(String(x.sum())).toMatch(/gradFn=<SumBackward>/);
    expect(String(x.exp())).toMatch(/gradFn=<ExpBackward>/);
    expect(String(x.reshape([2, 1]))).toMatch(/gradFn=<ViewBackward>/);
  });

  it('util.inspect and template strings print the same', () => {
    const x = tg.tensor([[1, 2.5]], { requiresGrad: true });
    expect(inspect(x)).toBe('tensor([[1.0000, 2.5000]], requiresGrad=true)');
    expect(`${x.mul(2)}`).toBe('tensor([[2., 5.]], gradFn=<MulBackward>)');
    expect(inspect({ w: tg.tensor([1]) })).toBe('{ w: tensor([1.]) }');
  });
});

describe('dispose and tidy', () => {
  it('dispose() is a no-op on the CPU', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.dispose();
    x.dispose();
    expect(y.toArray()).toEqual([2, 4]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });

  it('tidy() returns the callback result and leaves tensors usable', () => {
    const w = tg.tensor([1, 2], { requiresGrad: true });
    const loss = tg.tidy(() => w.mul(3).sum());
    expect(loss.item()).toBe(9);
    loss.backward();
    expect(w.grad!.toArray()).toEqual([3, 3]);
    const nested = tg.tidy(() => tg.tidy(() => [tg.ones([1]), 5] as const));
    expect(nested[0].toArray()).toEqual([1]);
    expect(nested[1]).toBe(5);
    expect(() => tg.tidy(() => { throw new Error('x'); })).toThrow('x');
  });
});
