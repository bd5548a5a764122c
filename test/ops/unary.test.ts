/**
 * @file Unary elementwise ops (src/ops/unary.ts): gradient properties and known values.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { avoid, checkOp, nonzero, positive, range } from '../helpers/check-op.js';

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
});
