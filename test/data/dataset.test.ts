/**
 * @file tg.data `Dataset`, `TensorDataset`, `Subset` and `randomSplit`: indexing, length checks,
 * reproducible splits by counts and by fractions, and a clear error for each misuse.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as data from '../../src/data/index.js';

const rows = (ds: data.Dataset<tg.Tensor[]>): number[] => Array.from({ length: ds.length }, (_, i) => ds.get(i)[0]!.item());

describe('Dataset', () => {
  it('can be implemented with a getter, a property, or a plain object', () => {
    class Squares extends data.Dataset<number> {
      readonly length = 4;
      get(i: number): number { return i * i; }
    }
    const plain: data.Dataset<string> = { length: 2, get: (i) => `s${i}` };
    expect(new Squares().get(3)).toBe(9);
    expect(plain.get(1)).toBe('s1');
  });
});

describe('TensorDataset', () => {
  const x = tg.arange(12).reshape([4, 3]);
  const y = tg.tensor([1, 0, 1, 1], { dtype: 'int32' });

  it('returns row i of every tensor, as views', () => {
    const ds = new data.TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [xi, yi] = ds.get(2);
    expect(xi.toArray()).toEqual([6, 7, 8]);
    expect(yi.item()).toBe(1);
    expect(yi.dtype).toBe('int32');
    expect(xi.storage).toBe(x.storage);
  });

  it('checks the first dims and the index', () => {
    expect(() => new data.TensorDataset(x, tg.zeros([3]))).toThrow(tg.ShapeError);
    expect(() => new data.TensorDataset(x, tg.zeros([3]))).toThrow('tensor 1 has shape [3] (shapes [4,3], [3])');
    expect(() => new data.TensorDataset(tg.tensor(1))).toThrow('same size of dim 0');
    expect(() => new data.TensorDataset()).toThrow('at least one tensor');
    const ds = new data.TensorDataset(x);
    expect(() => ds.get(4)).toThrow(tg.IndexError);
    expect(() => ds.get(-1)).toThrow('TensorDataset.get: index -1 is out of range for a data set of length 4');
    expect(() => ds.get(1.5)).toThrow(tg.IndexError);
  });
});

describe('Subset', () => {
  const ds = new data.TensorDataset(tg.arange(10));

  it('maps indices, repeats allowed, and nests', () => {
    const s = new data.Subset(ds, [9, 2, 2, 5]);
    expect(rows(s)).toEqual([9, 2, 2, 5]);
    expect(rows(new data.Subset(s, [3, 0]))).toEqual([5, 9]);
  });

  it('checks its indices', () => {
    expect(() => new data.Subset(ds, [0, 10])).toThrow('Subset: index 10 is out of range for a data set of length 10');
    expect(() => new data.Subset(ds, [1]).get(1)).toThrow(tg.IndexError);
  });
});

describe('randomSplit', () => {
  const ds = new data.TensorDataset(tg.arange(10));

  it('splits by counts into a permutation of the data set', () => {
    const parts = data.randomSplit(ds, [3, 0, 7], new tg.Generator(1));
    expect(parts.map((p) => p.length)).toEqual([3, 0, 7]);
    expect(parts.flatMap(rows).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('splits by fractions, handing out the remainder round-robin as PyTorch', () => {
    expect(data.randomSplit(ds, [0.8, 0.2]).map((p) => p.length)).toEqual([8, 2]);
    expect(data.randomSplit(ds, [0.25, 0.25, 0.5]).map((p) => p.length)).toEqual([3, 2, 5]);
    expect(data.randomSplit(ds, [1 / 3, 1 / 3, 1 / 3]).map((p) => p.length)).toEqual([4, 3, 3]);
  });

  it('is reproducible from a generator, { generator } or tg.manualSeed', () => {
    const a = data.randomSplit(ds, [5, 5], new tg.Generator(7)).map(rows);
    const b = data.randomSplit(ds, [5, 5], { generator: new tg.Generator(7) }).map(rows);
    expect(b).toEqual(a);
    expect(data.randomSplit(ds, [5, 5], new tg.Generator(8)).map(rows)).not.toEqual(a);
    tg.manualSeed(3);
    const c = data.randomSplit(ds, [5, 5]).map(rows);
    tg.manualSeed(3);
    expect(data.randomSplit(ds, [5, 5]).map(rows)).toEqual(c);
  });

  it('rejects lengths that fit neither rule', () => {
    expect(() => data.randomSplit(ds, [3, 3])).toThrow(
      "randomSplit: lengths [3, 3] sum to 6; expected counts that sum to the data set's length 10, or fractions that sum to 1",
    );
    expect(() => data.randomSplit(ds, [0.5, 0.4])).toThrow('sum to 0.9');
    expect(() => data.randomSplit(ds, [])).toThrow('non-empty list of numbers >= 0');
    expect(() => data.randomSplit(ds, [11, -1])).toThrow('non-empty list of numbers >= 0');
  });
});
