/**
 * @file View ops share storage with their base; `contiguous()` and non-viewable reshapes copy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const base23 = (): tg.Tensor => tg.arange(6).float().reshape([2, 3]).contiguous();

describe('views share storage with their base', () => {
  const cases: [string, (x: tg.Tensor) => tg.Tensor, number[][]][] = [
    // [name, view of x = [[0,1,2],[3,4,5]], x after view.fill_(-1)]
    ['reshape', (x) => x.reshape([3, 2]), [[-1, -1, -1], [-1, -1, -1]]],
    ['view', (x) => x.view([6]), [[-1, -1, -1], [-1, -1, -1]]],
    ['view with -1', (x) => x.view([-1, 2]), [[-1, -1, -1], [-1, -1, -1]]],
    ['flatten', (x) => x.flatten(), [[-1, -1, -1], [-1, -1, -1]]],
    ['transpose', (x) => x.transpose(0, 1), [[-1, -1, -1], [-1, -1, -1]]],
    ['permute', (x) => x.permute([1, 0]), [[-1, -1, -1], [-1, -1, -1]]],
    ['expand', (x) => x.select(0, 0).expand([4, 3]), [[-1, -1, -1], [3, 4, 5]]],
    ['narrow', (x) => x.narrow(1, 1, 2), [[0, -1, -1], [3, -1, -1]]],
    ['slice with step', (x) => x.slice(1, 0, 3, 2), [[-1, 1, -1], [-1, 4, -1]]],
    ['slice negative start', (x) => x.slice(1, -1), [[0, 1, -1], [3, 4, -1]]],
    ['select', (x) => x.select(1, 2), [[0, 1, -1], [3, 4, -1]]],
    ['select negative', (x) => x.select(0, -1), [[0, 1, 2], [-1, -1, -1]]],
    ['unsqueeze', (x) => x.unsqueeze(0), [[-1, -1, -1], [-1, -1, -1]]],
    ['squeeze', (x) => x.narrow(0, 1, 1).squeeze(0), [[0, 1, 2], [-1, -1, -1]]],
    ['split', (x) => x.split(1, 1)[1]!, [[0, -1, 2], [3, -1, 5]]],
    ['chunk', (x) => x.chunk(2, 0)[0]!, [[-1, -1, -1], [3, 4, 5]]],
    ['expandAs', (x) => x.narrow(0, 1, 1).expandAs(tg.zeros([3, 3])), [[0, 1, 2], [-1, -1, -1]]],
    ['detach', (x) => x.detach(), [[-1, -1, -1], [-1, -1, -1]]],
    ['view of a view', (x) => x.transpose(0, 1).narrow(0, 1, 1).squeeze(), [[0, -1, 2], [3, -1, 5]]],
  ];
  for (const [name, makeView, expected] of cases) {
    it(`${name}: fill_ under noGrad writes into the base`, () => {
      const x = base23();
      const v = makeView(x);
      expect(v.storage).toBe(x.storage);
      tg.noGrad(() => v.fill_(-1));
      expect(x.toArray()).toEqual(expected);
      expect(x.version).toBe(1);
    });
  }

  it('views on a leaf requiring grad can be written under noGrad', () => {
    const w = tg.zeros([2, 2], { requiresGrad: true });
    tg.noGrad(() => w.select(0, 1).fill_(3));
    expect(w.toArray()).toEqual([[0, 0], [3, 3]]);
    expect(w.isLeaf).toBe(true);
  });

  it('writes to the base show through the view', () => {
    const x = base23();
    const t = x.transpose(0, 1);
    x.add_(10);
    expect(t.toArray()).toEqual([[10, 13], [11, 14], [12, 15]]);
  });

  it('view geometry: strides and offsets', () => {
    const x = base23();
    expect(x.transpose(0, 1).strides).toEqual([1, 3]);
    expect(x.select(0, 1).offset).toBe(3);
    expect(x.slice(1, 1, 3).offset).toBe(1);
    expect(x.slice(1, 0, 3, 2).strides).toEqual([3, 2]);
    expect(x.select(1, 0).expand([5, 2]).strides).toEqual([0, 3]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 3]);
    expect(tg.zeros([1, 3, 1]).squeeze().shape).toEqual([3]);
    expect(tg.zeros([1, 3, 1]).squeeze(0).shape).toEqual([3, 1]);
    expect(tg.zeros([2, 3]).squeeze(0).shape).toEqual([2, 3]); // non-1 dims are kept
    expect(tg.zeros([2, 3, 4]).permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(tg.zeros([2, 3, 4]).flatten(1).shape).toEqual([2, 12]);
  });

  it('reads of strided views give row-major values', () => {
    const x = tg.arange(12).reshape([3, 4]);
    expect(x.transpose(0, 1).toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(x.slice(0, 0, 3, 2).slice(1, 1, 4, 2).toArray()).toEqual([[1, 3], [9, 11]]);
    expect(Array.from(x.select(1, 3).dataSync())).toEqual([3, 7, 11]);
    expect(x.select(0, 2).expand([2, 4]).toArray()).toEqual([[8, 9, 10, 11], [8, 9, 10, 11]]);
    expect(x.slice(1, 1, 100).shape).toEqual([3, 3]);
    expect(x.slice(1, 3, 1).shape).toEqual([3, 0]);
  });

  it('ops on strided views compute on the right elements', () => {
    const x = tg.arange(6).float().reshape([2, 3]);
    const t = x.transpose(0, 1);
    expect(t.add(1).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.sum(1).toArray()).toEqual([3, 5, 7]);
    expect(t.matmul(tg.ones([2])).toArray()).toEqual([3, 5, 7]);
    expect(x.slice(1, 0, 3, 2).mul(tg.tensor([10, 100])).toArray()).toEqual([[0, 200], [30, 500]]);
  });
});

describe('copies', () => {
  it('contiguous() of a non-contiguous view copies; of a contiguous tensor returns it', () => {
    const x = base23();
    expect(x.contiguous()).toBe(x);
    const c = x.transpose(0, 1).contiguous();
    expect(c.storage).not.toBe(x.storage);
    expect(c.strides).toEqual([2, 1]);
    expect(c.toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    c.fill_(9);
    expect(x.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('reshape of a non-viewable layout copies (and view refuses)', () => {
    const x = base23();
    const r = x.transpose(0, 1).reshape([6]);
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(r.storage).not.toBe(x.storage);
    r.fill_(0);
    expect(x.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(() => x.transpose(0, 1).view([6])).toThrow(tg.ShapeError);
  });

  it('view works on non-contiguous layouts when dims can be split or merged', () => {
    const x = tg.arange(24).float().reshape([2, 3, 4]);
    const p = x.permute([1, 0, 2]); // [3, 2, 4], strides [4, 12, 1]
    const v = p.view([3, 2, 2, 2]);
    expect(v.storage).toBe(x.storage);
    expect(v.toArray()).toEqual(p.reshape([3, 2, 2, 2]).contiguous().toArray());
    const s = x.slice(2, 0, 4, 2); // [2, 3, 2], strides [12, 4, 2]
    expect(s.view([6, 2]).storage).toBe(x.storage);
  });

  it('clone copies, even when contiguous', () => {
    const x = base23();
    const c = x.clone();
    expect(c.storage).not.toBe(x.storage);
    c.fill_(1);
    expect(x.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('indexSelect, gather, cat and repeat return new storage', () => {
    const x = base23();
    const idx = tg.tensor([0], { dtype: 'int32' });
    for (const y of [x.indexSelect(0, idx), x.gather(1, tg.tensor([[0], [1]], { dtype: 'int32' })), tg.cat([x, x]), x.repeat([1, 2])]) {
      expect(y.storage).not.toBe(x.storage);
    }
  });
});

describe('properties', () => {
  it('reshape/view keep the flat order; transposing twice is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (a, b, c) => {
        const x = tg.arange(a * b * c).reshape([a, b, c]);
        expect(Array.from(x.view([c, a * b]).dataSync())).toEqual(Array.from(x.dataSync()));
        expect(x.transpose(0, 2).transpose(0, 2).toArray()).toEqual(x.toArray());
        const p = x.permute([2, 0, 1]);
        expect(p.shape).toEqual([c, a, b]);
        expect(p.contiguous().permute([1, 2, 0]).toArray()).toEqual(x.toArray());
      }),
      { numRuns: 30 },
    );
  });

  it('slice(start, end, step) matches Array slicing with a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -14, max: 14 }), fc.integer({ min: -14, max: 14 }), fc.integer({ min: 1, max: 4 }), (n, start, end, step) => {
        const xs = Array.from({ length: n }, (_, i) => i);
        const norm = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
        const expected: number[] = [];
        for (let i = norm(start); i < norm(end); i += step) expected.push(xs[i]!);
        expect(tg.arange(n).slice(0, start, end, step).toArray()).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
