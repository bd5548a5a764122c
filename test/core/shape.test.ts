/**
 * @file Shape arithmetic: sizes, strides, dim normalisation, broadcasting and `-1` inference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, ShapeError } from '../../src/core/errors.js';
import {
  broadcastShapes, checkShape, contiguousStrides, inferShape, isContiguous, normalizeDim, normalizeDims, shapesEqual, sizeOf,
} from '../../src/core/shape.js';

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 });

describe('sizeOf and contiguousStrides', () => {
  it('examples', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([3, 0])).toBe(0);
    expect(contiguousStrides([])).toEqual([]);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([5])).toEqual([1]);
  });

  it('the first stride times the first size is the element count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }), (shape) => {
        const s = contiguousStrides(shape);
        expect(s[0]! * shape[0]!).toBe(sizeOf(shape));
        expect(s[s.length - 1]).toBe(1);
        expect(isContiguous(shape, s)).toBe(true);
      }),
    );
  });

  it('isContiguous ignores strides of size-1 dims and rejects transposes', () => {
    expect(isContiguous([2, 1, 3], [3, 99, 1])).toBe(true);
    expect(isContiguous([2, 3], [1, 2])).toBe(false);
    expect(isContiguous([3], [2])).toBe(false);
    expect(isContiguous([], [])).toBe(true);
  });
});

describe('normalizeDim and normalizeDims', () => {
  it('wraps negative dims and names the op when out of range', () => {
    expect(normalizeDim('sum', -1, 3)).toBe(2);
    expect(normalizeDim('sum', 0, 3)).toBe(0);
    expect(normalizeDim('sum', -3, 3)).toBe(0);
    expect(() => normalizeDim('sum', 3, 3)).toThrow(IndexError);
    expect(() => normalizeDim('sum', 3, 3)).toThrow('sum: dim 3 is out of range for a tensor of 3 dims (valid: -3 to 2)');
    expect(() => normalizeDim('sum', -4, 3)).toThrow(/valid: -3 to 2/);
    expect(() => normalizeDim('op', 1.5, 3)).toThrow(IndexError);
  });

  it('a 0-d tensor accepts dims 0 and -1 (PyTorch)', () => {
    expect(normalizeDim('sum', 0, 0)).toBe(0);
    expect(normalizeDim('sum', -1, 0)).toBe(0);
    expect(() => normalizeDim('sum', 1, 0)).toThrow(/valid: -1 to 0/);
  });

  it('every valid dim maps into [0, ndim) and d, d - ndim agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), (ndim, k) => {
        const d = k % ndim;
        expect(normalizeDim('x', d, ndim)).toBe(d);
        expect(normalizeDim('x', d - ndim, ndim)).toBe(d);
      }),
    );
  });

  it('normalizeDims sorts, covers all dims when undefined, rejects repeats', () => {
    expect(normalizeDims('sum', undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeDims('sum', [-1, 0], 3)).toEqual([0, 2]);
    expect(normalizeDims('sum', 1, 3)).toEqual([1]);
    expect(normalizeDims('sum', undefined, 0)).toEqual([]);
    expect(normalizeDims('sum', 0, 0)).toEqual([]);
    expect(() => normalizeDims('sum', [1, -2], 3)).toThrow('sum: dim 1,-2 repeats a dim');
    expect(() => normalizeDims('mean', [0, 5], 3)).toThrow(/mean: dim 5/);
  });
});

describe('broadcastShapes', () => {
  it('examples (NumPy rules)', () => {
    expect(broadcastShapes('add', [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [2, 1], [1, 3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [], [4, 5])).toEqual([4, 5]);
    expect(broadcastShapes('add', [5, 1, 4], [3, 1])).toEqual([5, 3, 4]);
    expect(broadcastShapes('add', [0], [1])).toEqual([0]);
    expect(broadcastShapes('add', [2, 0], [2, 1])).toEqual([2, 0]);
  });

  it('mismatches throw a ShapeError naming the op, the shapes and the dim', () => {
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(
      'add: shapes [2,3] and [4] cannot be broadcast (dim -1: 3 vs 4; sizes must match or one must be 1)',
    );
    expect(() => broadcastShapes('mul', [2, 3, 4], [3, 3, 4])).toThrow(/mul: .*dim -3: 2 vs 3/);
    expect(() => broadcastShapes('add', [0], [2])).toThrow(ShapeError);
  });

  it('is commutative and idempotent; 1s and missing dims broadcast', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.boolean(), { maxLength: 5 }), fc.nat({ max: 5 }), (shape, ones, drop) => {
        // b: shape with some dims set to 1 and some leading dims dropped → always compatible
        const b = shape.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(drop, shape.length));
        expect(broadcastShapes('x', shape, b)).toEqual(shape);
        expect(broadcastShapes('x', b, shape)).toEqual(shape);
        expect(broadcastShapes('x', shape, shape)).toEqual(shape);
      }),
    );
  });

  it('the result length is the longer length; each dim is one of the inputs', () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (a, b) => {
        let out: readonly number[];
        try {
          out = broadcastShapes('x', a, b);
        } catch (e) {
          expect(e).toBeInstanceOf(ShapeError);
          return;
        }
        expect(out.length).toBe(Math.max(a.length, b.length));
        out.forEach((d, i) => {
          const da = a[a.length - out.length + i] ?? 1, db = b[b.length - out.length + i] ?? 1;
          expect([da, db]).toContain(d);
        });
      }),
    );
  });
});

describe('inferShape', () => {
  it('resolves one -1', () => {
    expect(inferShape('view', [2, 3], [-1])).toEqual([6]);
    expect(inferShape('view', [2, 3], [3, -1])).toEqual([3, 2]);
    expect(inferShape('view', [2, 3], [6])).toEqual([6]);
    expect(inferShape('view', [1], [])).toEqual([]);
    expect(inferShape('view', [], [1, -1])).toEqual([1, 1]);
    expect(inferShape('view', [0, 3], [3, 0])).toEqual([3, 0]);
    expect(inferShape('view', [0, 3], [-1, 3])).toEqual([0, 3]);
  });

  it('throws ShapeErrors naming the op and sizes', () => {
    expect(() => inferShape('reshape', [2, 3], [4, 2])).toThrow('reshape: shape [4,2] is invalid for input of size 6 (shape [2,3])');
    expect(() => inferShape('view', [2, 3], [4, -1])).toThrow(/view: shape \[4,-1\] is invalid for input of size 6/);
    expect(() => inferShape('view', [2, 3], [-1, -1])).toThrow('view: only one dim can be -1, got [-1,-1]');
    expect(() => inferShape('view', [2, 3], [2, -3])).toThrow(/invalid size -3/);
    expect(() => inferShape('view', [2, 3], [0, -1])).toThrow(ShapeError);
    // ambiguous -1 with zero elements (PyTorch refuses too)
    expect(() => inferShape('view', [0, 3], [0, -1])).toThrow(ShapeError);
  });

  it('the inferred shape always has the same size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.nat(), (shape, k) => {
        const target = [...shape].reverse();
        const i = k % target.length;
        target[i] = -1;
        const out = inferShape('x', shape, target);
        expect(sizeOf(out)).toBe(sizeOf(shape));
        expect(out[i]).toBe([...shape].reverse()[i]);
      }),
    );
  });
});

describe('checkShape and shapesEqual', () => {
  it('checkShape accepts non-negative integers only', () => {
    expect(() => checkShape('zeros', [0, 2])).not.toThrow();
    expect(() => checkShape('zeros', [-1])).toThrow('zeros: sizes must be non-negative integers, got [-1]');
    expect(() => checkShape('zeros', [NaN])).toThrow(ShapeError);
    expect(() => checkShape('zeros', [1.5])).toThrow(ShapeError);
  });

  it('shapesEqual compares length and entries', () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
    expect(shapesEqual([], [])).toBe(true);
  });
});
