/**
 * @file Binary elementwise ops (src/ops/binary.ts): gradients over broadcasting pairs, JS numbers
 * on either side, ties of maximum/minimum, and type promotion.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, broadcast, checkOp, nonzero, positive } from '../helpers/check-op.js';

const f64 = { dtype: 'float64' } as const;

describe('binary ops: gradients', () => {
  checkOp('add', ([a, b]) => a.add(b), { inputs: broadcast() });
  checkOp('add', ([x]) => tg.add(2.5, x).add(-1), { label: 'numbers' });
  checkOp('sub', ([a, b]) => a.sub(b), { inputs: broadcast() });
  checkOp('sub', ([x]) => tg.sub(1.5, x).sub(0.25), { label: 'numbers' });
  checkOp('mul', ([a, b]) => a.mul(b), { inputs: broadcast() });
  checkOp('mul', ([a]) => a.mul(a), { label: 'same tensor twice' });
  checkOp('mul', ([x]) => tg.mul(-3, x).mul(0.5), { label: 'numbers' });
  checkOp('div', ([a, b]) => a.div(b), { inputs: broadcast(), domain: [undefined, nonzero] });
  checkOp('div', ([x]) => tg.div(2, x).div(4), { label: 'numbers', domain: nonzero });
  // Exponent kept off exactly 0: there PyTorch's formula (and ours) masks the base gradient to 0,
  // which drops the mixed second derivative d²(aᵇ)/da db = 1/a.
  checkOp('pow', ([a, b]) => a.pow(b), { inputs: broadcast(), domain: [positive(), avoid([0], 0.05)] });
  checkOp('pow', ([x]) => x.pow(2), { label: 'x^2, any sign' });
  checkOp('pow', ([x]) => x.pow(3), { label: 'x^3, any sign' });
  checkOp('pow', ([x]) => x.pow(0), { label: 'x^0', domain: avoid([0]) });
  checkOp('pow', ([x]) => x.pow(-1.5), { label: 'x^-1.5', domain: positive() });
  checkOp('pow', ([x]) => tg.pow(2, x), { label: '2^x' });
  checkOp('maximum', ([a, b]) => a.maximum(b), { inputs: broadcast(), distinct: true });
  checkOp('minimum', ([a, b]) => a.minimum(b), { inputs: broadcast(), distinct: true });
  checkOp('maximum', ([x]) => tg.maximum(x, 0.05), { label: 'number', distinct: true });
  checkOp('max', ([a, b]) => a.max(b), { label: 'tensor form', inputs: broadcast(), distinct: true });
  checkOp('min', ([a, b]) => tg.min(a, b), { label: 'tensor form', inputs: broadcast(), distinct: true });
});
