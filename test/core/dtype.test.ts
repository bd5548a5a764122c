/**
 * @file dtypes: promotion (PyTorch's `promote_types` and the scalar rule), typed-array mapping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocTyped, dtypeOfArray, dtypes, isFloatingDType, promoteTypes, promoteWithScalar, typedArrayConstructors, type DType,
} from '../../src/core/dtype.js';

const dtypeArb = fc.constantFrom<DType>('bool', 'int32', 'float32', 'float64');

describe('promoteTypes', () => {
  it('matches PyTorch (int32 standing in for int64)', () => {
    const table: [DType, DType, DType][] = [
      ['bool', 'bool', 'bool'],
      ['bool', 'int32', 'int32'],
      ['bool', 'float32', 'float32'],
      ['int32', 'int32', 'int32'],
      ['int32', 'float32', 'float32'],
      ['int32', 'float64', 'float64'],
      ['float32', 'float32', 'float32'],
      ['float32', 'float64', 'float64'],
      ['float64', 'float64', 'float64'],
    ];
    for (const [a, b, out] of table) {
      expect(promoteTypes(a, b)).toBe(out);
      expect(promoteTypes(b, a)).toBe(out);
    }
  });

  it('is commutative, associative and idempotent with bool as identity', () => {
    fc.assert(
      fc.property(dtypeArb, dtypeArb, dtypeArb, (a, b, c) => {
        expect(promoteTypes(a, b)).toBe(promoteTypes(b, a));
        expect(promoteTypes(promoteTypes(a, b), c)).toBe(promoteTypes(a, promoteTypes(b, c)));
        expect(promoteTypes(a, a)).toBe(a);
        expect(promoteTypes(a, 'bool')).toBe(a);
        expect([a, b]).toContain(promoteTypes(a, b));
      }),
    );
  });
});

describe('promoteWithScalar', () => {
  it('a number never widens a float tensor', () => {
    expect(promoteWithScalar('float32', 2.5)).toBe('float32');
    expect(promoteWithScalar('float32', 1e300)).toBe('float32');
    expect(promoteWithScalar('float64', 2)).toBe('float64');
  });

  it('a non-integer turns int/bool into float32; an integer keeps int32 and lifts bool to int32', () => {
    expect(promoteWithScalar('int32', 2.5)).toBe('float32');
    expect(promoteWithScalar('int32', 2)).toBe('int32');
    expect(promoteWithScalar('bool', 0.5)).toBe('float32');
    expect(promoteWithScalar('bool', 3)).toBe('int32');
    expect(promoteWithScalar('int32', NaN)).toBe('float32');
    expect(promoteWithScalar('int32', Infinity)).toBe('float32');
  });
});

describe('typed arrays', () => {
  it('each dtype maps to its typed array and back', () => {
    for (const d of dtypes) {
      const arr = allocTyped(d, 3);
      expect(arr).toBeInstanceOf(typedArrayConstructors[d]);
      expect(arr.length).toBe(3);
      expect(Array.from(arr)).toEqual([0, 0, 0]);
      expect(dtypeOfArray(arr)).toBe(d);
    }
    expect(dtypeOfArray(new Uint8Array(1))).toBe('bool');
  });

  it('isFloatingDType and the promotion order', () => {
    expect(dtypes).toEqual(['bool', 'int32', 'float32', 'float64']);
    expect(dtypes.filter(isFloatingDType)).toEqual(['float32', 'float64']);
  });
});
