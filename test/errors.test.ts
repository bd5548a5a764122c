/**
 * @file Bad input gets a clear error naming the op, the shapes or dtypes and what is valid —
 * and a failed op leaves its inputs untouched (values, version counter, grad, gradFn).
 */
import { describe, expect, it } from 'vitest';
import * as tg from './../src/index.js';

type ErrorClass = new (...args: never[]) => Error;

interface Snapshot {
  values: unknown;
  version: number;
  grad: unknown;
  gradFn: string | null;
  shape: readonly number[];
  dtype: string;
}

function snapshot(t: tg.Tensor): Snapshot {
  return {
    values: t.toArray(),
    version: t.version,
    grad: t.grad === null ? null : t.grad.toArray(),
    gradFn: t.gradFn === null ? null : t.gradFn.name,
    shape: [...t.shape],
    dtype: t.dtype,
  };
}

/** Asserts that `fn` throws `cls` with a message matching every pattern, and that `inputs` are unchanged. */
function expectError(fn: () => unknown, cls: ErrorClass, patterns: RegExp[], inputs: tg.Tensor[] = []): Error {
  const before = inputs.map(snapshot);
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a throw').toBeInstanceOf(cls);
  expect(error).toBeInstanceOf(tg.TensorError);
  for (const p of patterns) expect((error as Error).message).toMatch(p);
  inputs.forEach((t, i) => expect(snapshot(t), `input ${i} changed`).toEqual(before[i]));
  return error as Error;
}

describe('shape errors', () => {
  it('broadcast mismatch names the op, both shapes and the rule', () => {
    const a = tg.ones([2, 3]), b = tg.ones([4]);
    const e = expectError(() => a.add(b), tg.ShapeError, [/^add:/, /\[2,3\]/, /\[4\]/, /3 vs 4/, /must match or one must be 1/], [a, b]);
    expect(e.name).toBe('ShapeError');
    expectError(() => tg.mul(a, b), tg.ShapeError, [/^mul:/]);
    expectError(() => a.gt(b), tg.ShapeError, [/^gt:/]);
    expectError(() => tg.where(tg.ones([2, 3]).gt(0), a, b), tg.ShapeError, [/^where:/]);
  });

  it('matmul inner dims', () => {
    const a = tg.ones([3, 4], { requiresGrad: true }), b = tg.ones([5, 6]);
    expectError(() => a.matmul(b), tg.ShapeError, [/matmul: cannot multiply \[3,4\] by \[5,6\] \(4 != 5\)/], [a, b]);
    expectError(() => tg.ones([3]).matmul(tg.ones([4])), tg.ShapeError, [/matmul: cannot multiply \[3\] by \[4\] \(3 != 4\)/]);
    expectError(() => tg.ones([]).matmul(tg.ones([4])), tg.ShapeError, [/matmul: both arguments need at least 1 dim/]);
    expectError(() => tg.ones([2, 3]).mm(tg.ones([3])), tg.ShapeError, [/mm: expected two 2-d tensors, got shapes \[2,3\] and \[3\]/]);
    expectError(() => tg.ones([2, 2, 3]).bmm(tg.ones([3, 3, 2])), tg.ShapeError, [/bmm: .*\[2,2,3\].*\[3,3,2\]/]);
    expectError(() => tg.ones([2]).dot(tg.ones([3])), tg.ShapeError, [/dot: .*\[2\].*\[3\]/]);
  });

  it('reshape and view size mismatch', () => {
    const x = tg.ones([2, 3]);
    expectError(() => x.reshape([4, 2]), tg.ShapeError, [/reshape: shape \[4,2\] is invalid for input of size 6/, /\[2,3\]/], [x]);
    expectError(() => x.view([4, -1]), tg.ShapeError, [/view: shape \[4,-1\] is invalid for input of size 6/], [x]);
    expectError(() => x.reshape([-1, -1]), tg.ShapeError, [/reshape: only one dim can be -1/], [x]);
    expectError(() => x.reshape([-2, 3]), tg.ShapeError, [/reshape: invalid size -2/], [x]);
  });

  it('view on a layout that needs a copy', () => {
    const x = tg.ones([2, 3], { requiresGrad: true });
    const t = x.transpose(0, 1);
    expectError(() => t.view([-1]), tg.ShapeError, [/^view:/, /\[6\]/, /shape \[3,2\]/, /strides \[1,3\]/, /reshape\(\)/], [x, t]);
  });

  it('cat shape mismatch', () => {
    const a = tg.ones([2, 3]), b = tg.ones([2, 4]);
    expectError(() => tg.cat([a, b], 0), tg.ShapeError, [/cat: shapes \[2,3\], \[2,4\] must match in every dim except dim 0/], [a, b]);
    expectError(() => tg.cat([a, tg.ones([3])]), tg.ShapeError, [/cat:.*\[2,3\], \[3\]/]);
    expectError(() => tg.cat([]), tg.ShapeError, [/cat: expected a non-empty list/]);
    expectError(() => tg.stack([a, b]), tg.ShapeError, [/stack: all tensors must have the same shape, got \[2,3\], \[2,4\]/]);
  });

  it('expand to an incompatible shape', () => {
    const x = tg.ones([2, 3]);
    expectError(() => x.expand([4, 3]), tg.ShapeError, [/expand: cannot expand shape \[2,3\] to \[4,3\]/, /must match or be 1/], [x]);
    expectError(() => x.expand([3]), tg.ShapeError, [/expand: cannot expand shape \[2,3\] to \[3\]/], [x]);
    expectError(() => x.expand([-1, 2, 3]), tg.ShapeError, [/expand:/], [x]);
  });

  it('split, chunk, repeat, pad arguments', () => {
    const x = tg.ones([5]);
    expectError(() => x.split([2, 2]), tg.ShapeError, [/split: sizes \[2,2\] must sum to the size 5 of dim 0/]);
    expectError(() => x.split(0), tg.ShapeError, [/split: size must be a positive integer/]);
    expectError(() => x.chunk(0), tg.ShapeError, [/chunk: chunks must be a positive integer/]);
    expectError(() => tg.ones([2, 2]).repeat([2]), tg.ShapeError, [/repeat: got 1 repeats for a tensor of 2 dims/]);
    expectError(() => x.pad([1]), tg.ShapeError, [/pad: expected an even number/]);
    expectError(() => x.pad([5, 0], { mode: 'reflect' }), tg.ShapeError, [/pad: reflect padding/]);
  });

  it('creation with bad sizes', () => {
    expectError(() => tg.zeros([2, -1]), tg.ShapeError, [/full: sizes must be non-negative integers, got \[2,-1\]/]);
    expectError(() => tg.randn([1.5]), tg.ShapeError, [/randn:/]);
    expectError(() => tg.tensor([[1, 2], [3]]), tg.ShapeError, [/tensor: ragged nested arrays/]);
  });
});

describe('index errors', () => {
  it('out-of-range dim in a reduction', () => {
    const x = tg.ones([2, 3], { requiresGrad: true });
    expectError(() => x.sum(5), tg.IndexError, [/sum: dim 5 is out of range for a tensor of 2 dims \(valid: -2 to 1\)/], [x]);
    expectError(() => x.mean(-3), tg.IndexError, [/mean: dim -3 is out of range/], [x]);
    expectError(() => x.softmax(2), tg.IndexError, [/softmax: dim 2/], [x]);
    expectError(() => x.max(2), tg.IndexError, [/max: dim 2/], [x]);
    expectError(() => x.argmax(3), tg.IndexError, [/argmax: dim 3/], [x]);
    expectError(() => x.transpose(0, 2), tg.IndexError, [/transpose: dim 2/], [x]);
    expectError(() => x.unsqueeze(4), tg.IndexError, [/unsqueeze: dim 4 is out of range for a tensor of 3 dims/], [x]);
    expectError(() => x.sum([0, 0]), tg.IndexError, [/sum: dim 0,0 repeats a dim/], [x]);
    expectError(() => x.sum(0.5), tg.IndexError, [/sum: dim 0.5/], [x]);
  });

  it('permute with a wrong list', () => {
    const x = tg.ones([2, 3]);
    expectError(() => x.permute([0, 0]), tg.ShapeError, [/permute: dims \[0,0\] must be a permutation of the 2 dims of a tensor of shape \[2,3\]/], [x]);
    expectError(() => x.permute([0]), tg.ShapeError, [/permute:/], [x]);
  });

  it('gather index out of range', () => {
    const x = tg.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const idx = tg.tensor([[0, 2], [1, 0]], { dtype: 'int32' });
    expectError(() => x.gather(1, idx), tg.IndexError, [/^gather:/, /index 2/, /dim 1/, /size 2/], [x, idx]);
    const neg = tg.tensor([[-3, 0], [0, 0]], { dtype: 'int32' });
    expectError(() => x.gather(1, neg), tg.IndexError, [/gather: index -3/], [x]);
    expectError(() => x.gather(0, tg.tensor([0], { dtype: 'int32' })), tg.IndexError, [/gather: index shape \[1\] does not fit input \[2,2\]/]);
    expectError(() => x.gather(1, tg.tensor([[0]])), tg.DTypeError, [/gather: index must be an int32 tensor, got dtype float32/]);
  });

  it('indexSelect index out of range', () => {
    const x = tg.ones([3, 2], { requiresGrad: true });
    const idx = tg.tensor([0, 3], { dtype: 'int32' });
    expectError(() => x.indexSelect(0, idx), tg.IndexError, [/indexSelect: index 3 is out of range for dim 0 of size 3 \(valid: 0 to 2; shape \[3,2\]\)/], [x, idx]);
    expectError(() => x.indexSelect(0, tg.tensor([-1], { dtype: 'int32' })), tg.IndexError, [/indexSelect: index -1 is out of range/]);
    expectError(() => x.gather(0, tg.tensor([[-1, 0]], { dtype: 'int32' })), tg.IndexError, [/gather: index -1 is out of bounds for dim 0 with size 3 \(valid: 0 to 2\)/], [x]);
    expectError(() => x.indexSelect(0, tg.tensor([0, 1])), tg.DTypeError, [/indexSelect: index must be an int32 tensor/]);
    expectError(() => x.indexSelect(0, tg.zeros([1, 1], { dtype: 'int32' })), tg.ShapeError, [/indexSelect: index must be 0-d or 1-d/]);
  });

  it('scatter and scatterAdd out of range leave the input untouched', () => {
    const x = tg.zeros([3]);
    const idx = tg.tensor([5], { dtype: 'int32' });
    expectError(() => x.scatter(0, idx, 1), tg.IndexError, [/^scatter:/, /index 5/], [x]);
    expectError(() => x.scatterAdd(0, idx, tg.ones([1])), tg.IndexError, [/^scatterAdd:/, /index 5/], [x]);
  });

  it('narrow out of range', () => {
    const x = tg.ones([2, 3]);
    expectError(() => x.narrow(1, 2, 2), tg.IndexError, [/narrow: start 2 and length 2 are out of range for dim 1 of size 3 \(shape \[2,3\]\)/], [x]);
    expectError(() => x.narrow(0, -3, 1), tg.IndexError, [/narrow:/], [x]);
    expectError(() => x.narrow(0, 0, -1), tg.IndexError, [/narrow:/], [x]);
  });

  it('select out of range', () => {
    const x = tg.ones([2, 3]);
    expectError(() => x.select(0, 2), tg.IndexError, [/select: index 2 is out of range for dim 0 of size 2 \(valid: -2 to 1\)/], [x]);
    expectError(() => x.select(1, -4), tg.IndexError, [/select: index -4/], [x]);
    expectError(() => x.select(2, 0), tg.IndexError, [/select: dim 2/], [x]);
  });

  it('slice with a bad step', () => {
    const x = tg.ones([4]);
    expectError(() => x.slice(0, 0, 4, 0), tg.IndexError, [/slice: step must be a positive integer, got 0/], [x]);
    expectError(() => x.slice(0, 0, 4, -1), tg.IndexError, [/slice: step/], [x]);
  });
});

describe('dtype errors', () => {
  it('float-only ops on int and bool tensors', () => {
    const i = tg.tensor([1, 2], { dtype: 'int32' });
    const b = tg.tensor([true, false]);
    for (const [name, f] of [
      ['mean', () => i.mean()],
      ['softmax', () => i.softmax(0)],
      ['logSoftmax', () => i.logSoftmax(0)],
      ['var', () => i.var()],
      ['logsumexp', () => i.logsumexp()],
      ['norm', () => i.norm()],
    ] as const) {
      expectError(f, tg.DTypeError, [new RegExp(`^${name}: expected a floating-point tensor`), /got dtype int32/, /\.float\(\)/], [i]);
    }
    expectError(() => b.mean(), tg.DTypeError, [/mean: .*got dtype bool/], [b]);
    expectError(() => i.std(), tg.DTypeError, [/var: .*int32/], [i]);
  });

  it('requiresGrad on an int or bool tensor', () => {
    expectError(() => tg.tensor([1], { dtype: 'int32', requiresGrad: true }), tg.DTypeError, [/requiresGrad_: only floating-point tensors can require gradients, got dtype int32/]);
    const b = tg.tensor([true]);
    expectError(() => b.requiresGrad_(), tg.DTypeError, [/got dtype bool/], [b]);
    expect(b.requiresGrad).toBe(false);
  });

  it('in-place dtype downcast (int tensor add_(1.5))', () => {
    const i = tg.tensor([1, 2], { dtype: 'int32' });
    expectError(() => i.add_(1.5), tg.DTypeError, [/add_: the result type float32 cannot be cast to the tensor's dtype int32 in place/], [i]);
    expectError(() => i.div_(2), tg.DTypeError, [/div_: the result type float32/], [i]);
    expectError(() => i.mul_(tg.tensor([1.5, 1])), tg.DTypeError, [/mul_:/], [i]);
    const b = tg.tensor([true, false]);
    expectError(() => b.add_(1), tg.DTypeError, [/add_: the result type int32 cannot be cast to the tensor's dtype bool/], [b]);
  });

  it('in-place downcast with a tensor that requires grad still leaves everything untouched', () => {
    const i = tg.tensor([1, 2], { dtype: 'int32' });
    const w = tg.tensor([0.5, 0.5], { requiresGrad: true });
    expectError(() => i.add_(w), tg.DTypeError, [/add_:/], [i, w]);
  });

  it('in-place that would broadcast the tensor itself', () => {
    const x = tg.zeros([3]);
    expectError(() => x.add_(tg.ones([2, 3])), tg.ShapeError, [/add_: the result has shape \[2,3\], which does not match the tensor's shape \[3\]/], [x]);
  });

  it('other dtype checks', () => {
    expectError(() => tg.where(tg.tensor([1, 0]), 1, 2), tg.DTypeError, [/where: condition must be a bool tensor, got dtype float32/]);
    expectError(() => tg.tensor([true]).matmul(tg.tensor([true])), tg.DTypeError, [/matmul: bool tensors are not supported/]);
    expectError(() => tg.tensor([true]).clamp(0, 1), tg.DTypeError, [/clamp: bool/]);
    expectError(() => tg.tensor([1]).clamp(), tg.DTypeError, [/clamp: at least one of min and max/]);
    expectError(() => tg.zeros([2], { dtype: 'int32' }).normal_(), tg.DTypeError, [/normal_: expected a floating-point tensor, got dtype int32/]);
  });
});

describe('autograd errors', () => {
  it('backward() on a non-scalar without a gradient', () => {
    const x = tg.ones([2, 2], { requiresGrad: true });
    const y = x.mul(2);
    expectError(() => y.backward(), tg.AutogradError, [/backward: a gradient can be created implicitly only for scalar outputs/, /shape \[2,2\]/, /backward\(gradient\)/], [x, y]);
  });

  it('backward through a freed graph', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = x.square().sum();
    y.backward();
    expectError(() => y.backward(), tg.AutogradError, [/SumBackward: trying to backward through the graph a second time/, /retainGraph: true/], [x]);
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });

  it('in-place on a leaf that requires grad', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    expectError(() => x.mul_(2), tg.AutogradError, [/mul_: a leaf tensor that requires grad is being used in an in-place operation/, /noGrad/], [x]);
    expectError(() => x.zero_(), tg.AutogradError, [/fill_: a leaf tensor/], [x]);
  });

  it('in-place on a view of a leaf that requires grad', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const v = x.narrow(0, 0, 1);
    expectError(() => v.add_(1), tg.AutogradError, [/add_:/], [x]);
  });

  it('a saved tensor modified in place', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const a = x.mul(1);
    const y = a.exp().mul(a).sum(); // MulBackward saves a
    a.add_(1);
    expectError(() => y.backward(), tg.AutogradError, [/MulBackward: a tensor needed for gradient computation was modified by an in-place operation/, /version 1, expected version 0/], [x]);
    expect(x.grad).toBeNull();
  });

  it('NaN/Inf reported by detectAnomaly', () => {
    const x = tg.tensor([0, 4], { requiresGrad: true });
    expectError(
      () => tg.autograd.detectAnomaly(() => x.sqrt().sum().backward()),
      tg.AutogradError,
      [/Function 'SqrtBackward' returned nan or inf values in its 0th output/, /The forward call that created it/, /errors\.test\.ts/],
      [x],
    );
  });

  it('backward of a tensor that does not require grad; hooks on one', () => {
    const c = tg.ones([1]);
    expectError(() => c.sum().backward(), tg.AutogradError, [/backward: the tensor does not require grad/], [c]);
    expectError(() => c.registerHook((g) => g), tg.AutogradError, [/registerHook:/], [c]);
  });

  it('requiresGrad_ on a non-leaf', () => {
    const y = tg.ones([1], { requiresGrad: true }).mul(2);
    expectError(() => y.requiresGrad_(false), tg.AutogradError, [/requiresGrad_: can only change requiresGrad of leaf tensors/], [y]);
  });
});

describe('error classes', () => {
  it('are exported and form a hierarchy', () => {
    for (const cls of [tg.ShapeError, tg.DTypeError, tg.IndexError, tg.AutogradError]) {
      const e = new cls('m');
      expect(e).toBeInstanceOf(tg.TensorError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(cls.name);
    }
    expect(new tg.TensorError('m').name).toBe('TensorError');
  });
});
