/**
 * @file tg.data `DataLoader` and `defaultCollate`: batch sizes and `length`, `dropLast`,
 * reproducible shuffling (explicit generator and `tg.manualSeed`), the TensorDataset fast path
 * against the generic path, collation of tensors / numbers / tuples / objects, and errors.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as data from '../../src/data/index.js';

const x = tg.arange(14).float().reshape([7, 2]);
const y = tg.tensor([0, 1, 2, 3, 4, 5, 6], { dtype: 'int32' });
const ds = new data.TensorDataset(x, y);

/** The labels of each batch of one epoch. */
const epoch = (loader: Iterable<tg.Tensor[]>): number[][] => [...loader].map(([, yb]) => yb!.toArray() as number[]);

/** A data set of plain objects, which takes the generic (non-TensorDataset) path. */
class Points extends data.Dataset<{ p: tg.Tensor; label: number; tags: [string, boolean] }> {
  get length(): number { return 5; }
  get(i: number): { p: tg.Tensor; label: number; tags: [string, boolean] } {
    return { p: tg.tensor([i, -i]), label: i % 2, tags: [`n${i}`, i > 2] };
  }
}

describe('DataLoader batching', () => {
  it('batches in order, the last batch smaller', () => {
    const loader = new data.DataLoader(ds, { batchSize: 3 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map(([xb]) => xb!.shape)).toEqual([[3, 2], [3, 2], [1, 2]]);
    expect(batches[1]![0]!.toArray()).toEqual([[6, 7], [8, 9], [10, 11]]);
    expect(batches[1]![0]!.dtype).toBe('float32');
    expect(batches[1]![1]!.dtype).toBe('int32');
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('defaults to batches of one and can be iterated again', () => {
    const loader = new data.DataLoader(ds);
    expect(loader.length).toBe(7);
    expect(epoch(loader)).toEqual(epoch(loader));
    expect([...loader][4]![0]!.shape).toEqual([1, 2]);
  });

  it('dropLast leaves out the short batch', () => {
    const loader = new data.DataLoader(ds, { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new data.DataLoader(ds, { batchSize: 8, dropLast: true }).length).toBe(0);
    expect([...new data.DataLoader(ds, { batchSize: 8, dropLast: true })]).toEqual([]);
    expect(new data.DataLoader(ds, { batchSize: 7, dropLast: true }).length).toBe(1);
  });

  it('batches Subsets of a TensorDataset by their own indices', () => {
    const sub = new data.Subset(new data.Subset(ds, [6, 5, 4, 3]), [3, 0, 1]);
    expect(epoch(new data.DataLoader(sub, { batchSize: 2 }))).toEqual([[3, 6], [5]]);
  });

  it('gives the same batches on the fast path as stacking samples', () => {
    const generic = new data.DataLoader(ds, { batchSize: 3, collate: (s) => data.defaultCollate(s) });
    const fast = new data.DataLoader(ds, { batchSize: 3 });
    expect([...fast].map((b) => b.map((t) => t.toArray()))).toEqual([...generic].map((b) => b.map((t) => t.toArray())));
  });

  it('keeps autograd through batches of tensors that require grad', () => {
    const w = tg.ones([4, 2], { requiresGrad: true });
    const [[wb]] = [...new data.DataLoader(new data.TensorDataset(w), { batchSize: 4, shuffle: true })];
    wb!.mul(tg.arange(4).reshape([4, 1])).sum().backward();
    expect((w.grad!.toArray() as number[][]).map((r) => r[0]).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('DataLoader shuffling', () => {
  const orderOf = (loader: Iterable<tg.Tensor[]>): number[] => epoch(loader).flat();

  it('visits every sample once per epoch, in a new order each epoch', () => {
    const loader = new data.DataLoader(ds, { batchSize: 2, shuffle: true, generator: new tg.Generator(0) });
    const first = orderOf(loader);
    const second = orderOf(loader);
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...second].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(second).not.toEqual(first);
  });

  it('is reproducible from an explicit generator', () => {
    const make = (seed: number) => new data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new tg.Generator(seed) });
    const a = make(11);
    const b = make(11);
    expect([orderOf(a), orderOf(a)]).toEqual([orderOf(b), orderOf(b)]);
    expect(orderOf(make(12))).not.toEqual(orderOf(make(11)));
  });

  it('is reproducible from tg.manualSeed', () => {
    const loader = new data.DataLoader(ds, { batchSize: 3, shuffle: true });
    tg.manualSeed(5);
    const a = [orderOf(loader), orderOf(loader)];
    tg.manualSeed(5);
    expect([orderOf(loader), orderOf(loader)]).toEqual(a);
  });

  it('shuffles the generic path the same way as the fast path', () => {
    const fast = new data.DataLoader(ds, { batchSize: 4, shuffle: true, generator: new tg.Generator(2) });
    const generic = new data.DataLoader(ds, { batchSize: 4, shuffle: true, generator: new tg.Generator(2), collate: (s) => data.defaultCollate(s) });
    expect(epoch(generic)).toEqual(epoch(fast));
  });
});

describe('defaultCollate', () => {
  it('collates objects key-wise, tuples element-wise, numbers and booleans into tensors', () => {
    const [batch] = [...new data.DataLoader(new Points(), { batchSize: 3 })];
    expect(batch!.p.toArray()).toEqual([[0, -0], [1, -1], [2, -2]]);
    expect(batch!.label.dtype).toBe('int32');
    expect(batch!.label.toArray()).toEqual([0, 1, 0]);
    expect(batch!.tags[0]).toEqual(['n0', 'n1', 'n2']);
    expect(batch!.tags[1].dtype).toBe('bool');
    expect(batch!.tags[1].toArray()).toEqual([false, false, false]);
  });

  it('makes float32 of non-integers and stacks 0-d tensors into 1-d', () => {
    const f = data.defaultCollate([0.5, 2]);
    expect([f.dtype, f.toArray()]).toEqual(['float32', [0.5, 2]]);
    expect(data.defaultCollate([2 ** 31, 1]).dtype).toBe('float32');
    expect(data.defaultCollate([tg.tensor(1), tg.tensor(2)]).shape).toEqual([2]);
    const nested = data.defaultCollate([[[1, 2], { a: 3 }], [[4, 5], { a: 6 }]] as [number[], { a: number }][]);
    expect(nested[0]!.map((t) => t.toArray())).toEqual([[1, 4], [2, 5]]);
  });

  it('uses a custom collate function', () => {
    const loader = new data.DataLoader(new Points(), {
      batchSize: 2,
      collate: (samples) => samples.map((s) => s.label).join(''),
    });
    expect([...loader]).toEqual(['01', '01', '0']);
  });

  it('names the position and both samples when samples do not match', () => {
    expect(() => data.defaultCollate([tg.zeros([2]), tg.zeros([3])])).toThrow(
      'defaultCollate: cannot stack the samples: sample 0 has shape [2] but sample 1 has shape [3]',
    );
    expect(() => data.defaultCollate([{ a: [tg.zeros([2])] }, { a: [tg.zeros([1])] }])).toThrow('cannot stack samples.a[0]');
    expect(() => data.defaultCollate<unknown>([{ a: 1 }, { b: 1 }])).toThrow('sample 0 has keys [a] but sample 1 has keys [b]');
    expect(() => data.defaultCollate<unknown>([[1, 2], [1]])).toThrow('sample 0 is an array of length 2 but sample 1 has length 1');
    expect(() => data.defaultCollate<unknown>([1, 'x'])).toThrow('sample 0 holds a number but sample 1 holds a string');
    expect(() => data.defaultCollate<unknown>([tg.zeros([1]), 1])).toThrow('sample 0 holds a tensor but sample 1 holds a number');
    expect(() => data.defaultCollate<unknown>([null])).toThrow('cannot collate null in the samples');
    expect(() => data.defaultCollate([])).toThrow('at least one sample');
  });
});

describe('DataLoader options', () => {
  it('rejects bad options with the option and what is valid', () => {
    expect(() => new data.DataLoader(ds, { batchSize: 0 })).toThrow('DataLoader: invalid batchSize 0; expected an integer >= 1');
    expect(() => new data.DataLoader(ds, { batchSize: 2.5 })).toThrow(tg.TensorError);
    expect(() => new data.DataLoader({} as data.Dataset<number>)).toThrow('DataLoader: invalid dataset');
  });
});
