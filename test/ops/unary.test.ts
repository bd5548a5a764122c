/**
 * @file Unary elementwise ops (src/ops/unary.ts): gradient properties and known values.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, checkOp, expectClose, nonzero, positive, range } from '../helpers/check-op.js';

describe('unary ops: gradients', () => {
  checkOp('neg', ([x]) => x.neg());
  checkOp('exp', ([x]) => x.exp());
  checkOp('log', ([x]) => x.log(), { domain: positive() });
  checkOp('sqrt', ([x]) => x.sqrt(), { domain: positive() });
  checkOp('rsqrt', ([x]) => x.rsqrt(), { domain: positive() });
  checkOp('abs', ([x]) => x.abs(), { domain: avoid([0]) });
  checkOp('sin', ([x]) => x.sin());
  checkOp('cos', ([x]) => x.cos());
  checkOp('tanh', ([x]) => x.tanh());
  checkOp('sigmoid', ([x]) => x.sigmoid());
  checkOp('relu', ([x]) => x.relu(), { domain: avoid([0]) });
  checkOp('square', ([x]) => x.square());
  checkOp('reciprocal', ([x]) => x.reciprocal(), { domain: nonzero });
  checkOp('log1p', ([x]) => x.log1p(), { domain: range(-0.7, 2) });
  checkOp('expm1', ([x]) => x.expm1());
  checkOp('sign', ([x]) => x.sign(), { domain: avoid([0]) });
  checkOp('erf', ([x]) => x.erf());
});

describe('unary ops: values', () => {
  const x = tg.tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64' });

  it('match Math on float64', () => {
    const table: [string, (t: tg.Tensor) => tg.Tensor, (v: number) => number][] = [
      ['neg', (t) => t.neg(), (v) => -v],
      ['exp', (t) => tg.exp(t), Math.exp],
      ['sin', (t) => t.sin(), Math.sin],
      ['cos', (t) => t.cos(), Math.cos],
      ['tanh', (t) => t.tanh(), Math.tanh],
      ['sigmoid', (t) => t.sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
      ['square', (t) => t.square(), (v) => v * v],
      ['expm1', (t) => t.expm1(), Math.expm1],
      ['abs', (t) => t.abs(), Math.abs],
      ['relu', (t) => tg.relu(t), (v) => Math.max(v, 0)],
      ['sign', (t) => t.sign(), (v) => Math.sign(v)],
    ];
    for (const [, op, ref] of table) expectClose(op(x), (x.toArray() as number[]).map(ref), 1e-15);
    const p = tg.tensor([0.25, 1, 4], { dtype: 'float64' });
    expectClose(p.log(), [Math.log(0.25), 0, Math.log(4)]);
    expectClose(p.sqrt(), [0.5, 1, 2]);
    expectClose(p.rsqrt(), [2, 1, 0.5]);
    expectClose(p.reciprocal(), [4, 1, 0.25]);
    expectClose(tg.tensor([1e-10, -0.5], { dtype: 'float64' }).log1p(), [Math.log1p(1e-10), Math.log1p(-0.5)]);
  });

  it('edge values: log(0) = -Infinity, sqrt(-1) = NaN, sigmoid saturates without NaN', () => {
    expect(tg.tensor([0]).log().item()).toBe(-Infinity);
    expect(Number.isNaN(tg.tensor([-1]).sqrt().item())).toBe(true);
    expect(tg.tensor([-1000, 1000], { dtype: 'float64' }).sigmoid().toArray()).toEqual([0, 1]);
    expect(tg.tensor([0]).reciprocal().item()).toBe(Infinity);
  });

  it('gradients at the kinks are 0 (relu, abs, sign at 0, as PyTorch)', () => {
    for (const op of [(t: tg.Tensor) => t.relu(), (t: tg.Tensor) => t.abs(), (t: tg.Tensor) => t.sign()]) {
      const z = tg.zeros([2], { dtype: 'float64', requiresGrad: true });
      op(z).sum().backward();
      expect(z.grad!.toArray()).toEqual([0, 0]);
    }
  });

  it('float32 stays float32; ints give float32 for transcendental ops and keep int32 otherwise', () => {
    expect(tg.tensor([1, 2]).exp().dtype).toBe('float32');
    const i = tg.tensor([1, -2], { dtype: 'int32' });
    for (const t of [i.exp(), i.log(), i.sqrt(), i.sin(), i.sigmoid(), i.reciprocal()]) expect(t.dtype).toBe('float32');
    for (const t of [i.neg(), i.abs(), i.square(), i.sign(), i.relu()]) expect(t.dtype).toBe('int32');
    expect(i.abs().toArray()).toEqual([1, 2]);
  });
});
