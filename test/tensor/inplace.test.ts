/**
 * @file In-place methods: values, return value, broadcasting of the other operand, dtype
 * rules and version bumps.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('in-place arithmetic', () => {
  it('add_, sub_, mul_, div_ with numbers and tensors', () => {
    const x = tg.tensor([1, 2, 3]);
    expect(x.add_(1)).toBe(x);
    expect(x.toArray()).toEqual([2, 3, 4]);
    x.sub_(tg.tensor([1, 1, 1]));
    expect(x.toArray()).toEqual([1, 2, 3]);
    x.mul_(tg.tensor([2, 3, 4]));
    expect(x.toArray()).toEqual([2, 6, 12]);
    x.div_(2);
    expect(x.toArray()).toEqual([1, 3, 6]);
    expect(x.version).toBe(4);
  });

  it('broadcasts the other operand to the tensor', () => {
    const x = tg.zeros([2, 3]);
    x.add_(tg.tensor([1, 2, 3]));
    x.mul_(tg.tensor([[1], [10]]));
    expect(x.toArray()).toEqual([[1, 2, 3], [10, 20, 30]]);
    x.add_(tg.tensor(1));
    expect(x.toArray()).toEqual([[2, 3, 4], [11, 21, 31]]);
  });

  it('zero_, fill_, clamp_ and copy_', () => {
    const x = tg.tensor([-2, 0.5, 3]);
    x.clamp_(-1, 1);
    expect(x.toArray()).toEqual([-1, 0.5, 1]);
    x.clamp_(0);
    expect(x.toArray()).toEqual([0, 0.5, 1]);
    x.clamp_(undefined, 0.25);
    expect(x.toArray()).toEqual([0, 0.25, 0.25]);
    x.fill_(7);
    expect(x.toArray()).toEqual([7, 7, 7]);
    x.zero_();
    expect(x.toArray()).toEqual([0, 0, 0]);
    x.copy_(tg.tensor([4, 5, 6]));
    expect(x.toArray()).toEqual([4, 5, 6]);
    expect(x.version).toBe(6);
  });

  it('copy_ broadcasts and converts the source dtype', () => {
    const x = tg.zeros([2, 2]);
    x.copy_(tg.tensor([1, 2], { dtype: 'int32' }));
    expect(x.toArray()).toEqual([[1, 2], [1, 2]]);
    expect(x.dtype).toBe('float32');
    const i = tg.zeros([2], { dtype: 'int32' });
    i.copy_(tg.tensor([1.7, -2.9]));
    expect(i.toArray()).toEqual([1, -2]);
    expect(i.dtype).toBe('int32');
  });

  it('works on int tensors when the result stays int', () => {
    const i = tg.tensor([1, 2], { dtype: 'int32' });
    i.add_(3).mul_(2);
    expect(i.toArray()).toEqual([8, 10]);
    expect(i.dtype).toBe('int32');
    i.fill_(2.9);
    expect(i.toArray()).toEqual([2, 2]);
  });

  it('float32 tensor keeps its dtype with float64 operands (downcast within floats is allowed)', () => {
    const x = tg.tensor([1, 2]);
    x.add_(tg.tensor([0.5, 0.5], { dtype: 'float64' }));
    expect(x.dtype).toBe('float32');
    expect(x.toArray()).toEqual([1.5, 2.5]);
  });

  it('writes through views into the base, each bumping the shared version', () => {
    const x = tg.zeros([3, 3]);
    x.select(1, 1).add_(5);
    x.narrow(0, 0, 1).fill_(1);
    x.transpose(0, 1).select(0, 2).mul_(2);
    expect(x.toArray()).toEqual([[1, 1, 2], [0, 5, 0], [0, 5, 0]]);
    expect(x.version).toBe(3);
  });

  it('in-place with the tensor itself as the other operand', () => {
    const x = tg.tensor([1, 2, 3]);
    x.mul_(x);
    expect(x.toArray()).toEqual([1, 4, 9]);
    x.sub_(x);
    expect(x.toArray()).toEqual([0, 0, 0]);
  });
});
