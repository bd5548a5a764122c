/**
 * @file Small assertions on tensor values shared by the autograd and tensor tests.
 */
import { expect } from 'vitest';
import type * as tg from '../../src/index.js';

/** Flat values of a tensor as plain numbers (row-major). */
export const vals = (t: tg.Tensor | null): number[] => Array.from(t!.dataSync(), Number);

/** Asserts that `actual` is a tensor whose flat values match `expected` to `digits` decimals. */
export function expectValues(actual: tg.Tensor | null, expected: number[], digits = 5): void {
  expect(actual).not.toBeNull();
  const got = vals(actual);
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
}
