/**
 * @file Elementwise ops of one input. Each entry: whether int/bool inputs are promoted to
 * float (PyTorch's rule for transcendental functions) and the backward, written with tensor
 * ops so it can itself be differentiated.
 */
import type { UnaryKernel } from '../backend/backend.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { floatDtype, record } from './record.js';

/** Names of the elementwise ops of one input. */
export type UnaryOpName = Exclude<UnaryKernel, 'logicalNot'>;

interface UnaryDef {
  /** Int and bool inputs give float32 (true) or keep their dtype (false). */
  readonly toFloat: boolean;
  /** Which tensor the backward reads (its version is checked). */
  readonly saves: 'x' | 'y' | 'none';
  /** Input gradient from the output gradient `g`, the input `x` and the output `y`. */
  readonly backward: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
}

/** Forward kernels and backward formulas of every unary op. */
export const unaryOps: { readonly [K in UnaryOpName]: UnaryDef } = {
  // d(-x) = -dx
  neg: { toFloat: false, saves: 'none', backward: (g) => g.neg() },
  // d(exp x) = exp(x) dx
  exp: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.mul(y) },
  // d(log x) = dx / x
  log: { toFloat: true, saves: 'x', backward: (g, x) => g.div(x) },
  // d(√x) = dx / (2√x)
  sqrt: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.div(y.mul(2)) },
  // d(x^-1/2) = -1/2 x^-3/2 dx
  rsqrt: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5) },
  // d|x| = sign(x) dx
  abs: { toFloat: false, saves: 'x', backward: (g, x) => g.mul(x.sign()) },
  // d(sin x) = cos(x) dx
  sin: { toFloat: true, saves: 'x', backward: (g, x) => g.mul(x.cos()) },
  // d(cos x) = -sin(x) dx
  cos: { toFloat: true, saves: 'x', backward: (g, x) => g.mul(x.sin()).neg() },
  // d(tanh x) = (1 - tanh²x) dx
  tanh: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.sub(g.mul(y).mul(y)) },
  // dσ(x) = σ(x)(1 - σ(x)) dx
  sigmoid: { toFloat: true, saves: 'y', backward: (g, _x, y) => { const gy = g.mul(y); return gy.sub(gy.mul(y)); } },
  // d relu(x) = [x > 0] dx
  relu: { toFloat: false, saves: 'x', backward: (g, x) => g.mul(x.gt(0)) },
  // d(x²) = 2x dx
  square: { toFloat: false, saves: 'x', backward: (g, x) => g.mul(x.mul(2)) },
  // d(1/x) = -dx / x²
  reciprocal: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.mul(y.square()).neg() },
  // d log(1 + x) = dx / (1 + x)
  log1p: { toFloat: true, saves: 'x', backward: (g, x) => g.div(x.add(1)) },
  // d(eˣ - 1) = eˣ dx
  expm1: { toFloat: true, saves: 'y', backward: (g, _x, y) => g.mul(y.add(1)) },
  // d erf(x) = 2/√π exp(-x²) dx
  erf: { toFloat: true, saves: 'x', backward: (g, x) => g.mul(x.square().neg().exp()).mul(2 / Math.sqrt(Math.PI)) },
  // d(x·Φ(x)) = (Φ(x) + x·φ(x)) dx, Φ(x) = (1 + erf(x/√2))/2, φ(x) = exp(-x²/2)/√(2π)
  gelu: {
    toFloat: true, saves: 'x',
    backward: (g, x) => g.mul(x.mul(Math.SQRT1_2).erf().add(1).mul(0.5).add(x.mul(x.square().mul(-0.5).exp()).mul(1 / Math.sqrt(2 * Math.PI)))),
  },
  // d sign(x) = 0
  sign: { toFloat: false, saves: 'none', backward: (g) => g.mul(0) },
};

const names = Object.fromEntries(
  Object.keys(unaryOps).map((k) => [k, `${k[0]!.toUpperCase()}${k.slice(1)}Backward`]),
) as Record<UnaryOpName, string>;

/** Applies the unary op `op` to `x`, recording its backward. */
export function unary(op: UnaryOpName, x: Tensor): Tensor {
  const def = unaryOps[op];
  const outDtype = def.toFloat ? floatDtype(x) : x.dtype === 'bool' && op !== 'relu' ? 'int32' : x.dtype;
  const y = fromStorage(x.backend.unary(op, x, outDtype), x.shape);
  return record(names[op], [x], y, ([g]) => [def.backward(g!, x, y)], def.saves === 'none' ? [] : [def.saves === 'x' ? x : y]);
}

/** Elementwise logical not (bool result); not differentiable. */
export function logicalNot(x: Tensor): Tensor {
  return fromStorage(x.backend.unary('logicalNot', x, 'bool'), x.shape);
}

