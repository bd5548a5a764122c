/**
 * @file Fused softmax and log-softmax (src/ops/softmax.ts).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { alongDim, checkOp, expectClose } from '../helpers/check-op.js';

describe('softmax: gradients', () => {
  checkOp('softmax', ([x], { dim }) => x.softmax(dim), { inputs: alongDim() });
  checkOp('softmax', ([x], { dim }) => tg.softmax(x.mul(3), dim), { label: 'peaked', inputs: alongDim() });
  checkOp('logSoftmax', ([x], { dim }) => x.logSoftmax(dim), { inputs: alongDim() });
  checkOp('logSoftmax', ([x], { dim }) => tg.logSoftmax(x.mul(3), dim), { label: 'peaked', inputs: alongDim() });
});

describe('softmax: values', () => {
  it('sums to one along dim and is stable for large inputs', () => {
    const y = tg.tensor([[1000, 1001], [-1000, -1000]], { dtype: 'float64' }).softmax(1);
    const e = Math.exp(1);
    expectClose(y, [[1 / (1 + e), e / (1 + e)], [0.5, 0.5]]);
    const l = tg.tensor([0, Math.log(3)], { dtype: 'float64' }).logSoftmax(0).toArray() as number[];
    expect(l[0]).toBeCloseTo(Math.log(0.25), 14);
    expect(l[1]).toBeCloseTo(Math.log(0.75), 14);
  });

  it('keeps float32 and handles 0-d', () => {
    expect(tg.randn([2, 3]).softmax(-1).dtype).toBe('float32');
    expect(tg.tensor(5).softmax(0).item()).toBe(1);
    expect(tg.tensor(5).logSoftmax(-1).item()).toBe(0);
  });
});
