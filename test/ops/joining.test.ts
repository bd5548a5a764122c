/**
 * @file Joining and constant padding (src/ops/joining.ts): cat with empty pieces, and constant
 * pads that grow or (negative) crop each of the last dims.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOp, dimArb, shapeArb, type Shape } from '../helpers/check-op.js';

/** 1-3 tensors that agree on every dim but `dim`, where each has 0-3 entries. */
const catInputs = shapeArb({ minDims: 1 }).chain((s) =>
  dimArb(s.length).chain((dim) =>
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }).map((sizes) => ({
      shapes: sizes.map((n) => s.map((d, k) => (k === (dim < 0 ? dim + s.length : dim) ? n : d))),
      params: { dim },
    })),
  ),
);

/** Constant pads for the last 1..ndim dims; negative pads crop (never below size 0). */
const constantPadInputs = shapeArb({ minDims: 1 }).chain((s) =>
  fc.integer({ min: 1, max: s.length }).chain((k) =>
    fc
      .tuple(
        fc.tuple(...Array.from({ length: k }, (_, j) => {
          const n = s[s.length - 1 - j]!;
          return fc.tuple(fc.integer({ min: -n, max: 3 }), fc.integer({ min: -n, max: 3 })).filter(([a, b]) => n + a + b >= 0);
        })),
        fc.constantFrom(0, -1.5, 2),
      )
      .map(([pairs, value]) => ({ shapes: [s] as Shape[], params: { pads: pairs.flat(), value } })),
  ),
);

describe('joining: gradients', () => {
  checkOp('cat', (xs, { dim }) => tg.cat(xs, dim), { inputs: catInputs });
  checkOp('pad', ([x], { pads, value }) => x.pad(pads, { value }), { label: 'constant', inputs: constantPadInputs });
  checkOp('pad', ([x], { pads }) => tg.pad(x, pads, { mode: 'constant' }), { label: 'constant, tg.pad', inputs: constantPadInputs });
});

describe('joining: values', () => {
  it('cat along any dim, with empty pieces and dtype promotion', () => {
    const a = tg.tensor([[1, 2]]), b = tg.tensor([[3, 4], [5, 6]]);
    expect(tg.cat([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tg.cat([a, tg.zeros([1, 0]), a], -1).toArray()).toEqual([[1, 2, 1, 2]]);
    expect(tg.cat([a, a.double()]).dtype).toBe('float64');
    expect(() => tg.cat([a, tg.zeros([1, 3])])).toThrow(/cat/);
    expect(() => tg.cat([tg.tensor(1), tg.tensor(2)])).toThrow(/zero-dimensional/);
  });

  it('constant pad grows and crops (like F.pad)', () => {
    const x = tg.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.pad([-1, 2], { value: 3 }).toArray()).toEqual([[2, 3, 3, 3], [5, 6, 3, 3]]);
    expect(x.pad([0, 0, 1, -1]).toArray()).toEqual([[0, 0, 0], [1, 2, 3]]);
    expect(x.pad([1, 1]).dtype).toBe('float32');
    expect(() => x.pad([-2, -2])).toThrow(/negative/);
  });
});
