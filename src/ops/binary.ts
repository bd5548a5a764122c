/**
 * @file Elementwise ops of two inputs with NumPy broadcasting and PyTorch's type promotion.
 * Backwards return gradients in the broadcast shape; the engine sums them back to each
 * input's shape (one unbroadcast helper for every op).
 */
import type { BinaryKernel } from '../backend/backend.js';
import type { DType } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastView, operands, record, resultType, type TensorLike } from './record.js';

/** Names of the differentiable elementwise ops of two inputs. */
export type BinaryOpName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';

/** Names of the comparisons and logical ops (bool results, no gradient). */
export type CompareOpName = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr';

/** One input's gradient from the output gradient `g`, the inputs and the output `y`. */
type Partial = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor;

interface BinaryDef {
  /** The result dtype for operand dtype `t` (already promoted). */
  readonly dtype: (t: DType) => DType;
  /** The tensors the backward will read, given which inputs need gradients. */
  readonly saves: (a: Tensor, b: Tensor, y: Tensor) => Tensor[];
  /** Gradients for `a` and for `b` (in the broadcast shape) from the output gradient `g`. */
  readonly backward: readonly [Partial, Partial];
}

const intOrFloat = (t: DType): DType => (t === 'bool' ? 'int32' : t);
const float = (t: DType): DType => (t === 'float64' ? 'float64' : 'float32');

/** b·aᵇ⁻¹·g, and 0 where b = 0 (even at a = 0, where aᵇ⁻¹ is infinite). */
function powBaseGrad(g: Tensor, a: Tensor, b: Tensor): Tensor {
  const grad = g.mul(b).mul(a.pow(b.sub(1)));
  // A constant nonzero exponent (x.pow(3)) needs no mask.
  if (b.ndim === 0 && !b.requiresGrad && b.item() !== 0) return grad;
  return grad.where(b.ne(0), 0);
}

/** Weight of `a`'s gradient in maximum/minimum: 1 where it wins (`a pick b`), ½ on ties, else 0. */
function selectWeights(a: Tensor, b: Tensor, pick: 'gt' | 'lt'): Tensor {
  const dtype = resultType(a, b) === 'float64' ? 'float64' : 'float32';
  return (pick === 'gt' ? a.gt(b) : a.lt(b)).to(dtype).add(a.eq(b).to(dtype).mul(0.5));
}

/** Forward dtypes and backward formulas of every differentiable binary op. */
export const binaryOps: { readonly [K in BinaryOpName]: BinaryDef } = {
  // d(a + b) = da + db
  add: { dtype: intOrFloat, saves: () => [], backward: [(g) => g, (g) => g] },
  // d(a - b) = da - db
  sub: { dtype: intOrFloat, saves: () => [], backward: [(g) => g, (g) => g.neg()] },
  // d(ab) = b da + a db
  mul: { dtype: intOrFloat, saves: (a, b) => [...(b.requiresGrad ? [a] : []), ...(a.requiresGrad ? [b] : [])], backward: [(g, _a, b) => g.mul(b), (g, a) => g.mul(a)] },
  // d(a/b) = da/b - a db/b²
  div: { dtype: float, saves: (a, b) => (b.requiresGrad ? [a, b] : [b]), backward: [(g, _a, b) => g.div(b), (g, a, b) => g.mul(a).div(b.square()).neg()] },
  // d(aᵇ) = b aᵇ⁻¹ da + aᵇ log(a) db   (0 where b = 0, resp. where a = 0 and b ≥ 0, as PyTorch)
  pow: {
    dtype: intOrFloat,
    saves: (a, b, y) => [a, b, y],
    backward: [
      (g, a, b) => powBaseGrad(g, a, b),
      (g, a, b, y) => g.mul(y).mul(a.log().where(a.ne(0).logicalOr(b.lt(0)), 0)),
    ],
  },
  // d max(a, b) = [a > b] da + [a < b] db, ties split evenly
  maximum: {
    dtype: intOrFloat,
    saves: (a, b) => [a, b],
    backward: [(g, a, b) => g.mul(selectWeights(a, b, 'gt')), (g, a, b) => g.mul(selectWeights(b, a, 'gt'))],
  },
  // d min(a, b) = [a < b] da + [a > b] db, ties split evenly
  minimum: {
    dtype: intOrFloat,
    saves: (a, b) => [a, b],
    backward: [(g, a, b) => g.mul(selectWeights(a, b, 'lt')), (g, a, b) => g.mul(selectWeights(b, a, 'lt'))],
  },
};

/** On two bool tensors PyTorch's add/max are logical or, mul/min logical and; sub is an error. */
const boolForms = { add: 'logicalOr', maximum: 'logicalOr', mul: 'logicalAnd', minimum: 'logicalAnd', sub: null } as const;

const names: Record<BinaryOpName, string> = {
  add: 'AddBackward', sub: 'SubBackward', mul: 'MulBackward', div: 'DivBackward',
  pow: 'PowBackward', maximum: 'MaximumBackward', minimum: 'MinimumBackward',
};

function compute(kernel: BinaryKernel, a: Tensor, b: Tensor, outDtype: DType): Tensor {
  const shape = broadcastShapes(kernel, a.shape, b.shape);
  return fromStorage(a.backend.binary(kernel, broadcastView(a, shape), broadcastView(b, shape), outDtype), shape);
}

/** Applies the binary op `op` to `a` and `b` with broadcasting, recording its backward. */
export function binary(op: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = operands(a, b);
  if (ta.dtype === 'bool' && tb.dtype === 'bool' && op in boolForms) {
    const form = boolForms[op as keyof typeof boolForms];
    if (form === null) throw new DTypeError(`${op}: not supported for two bool tensors; use logicalXor-style ops or convert with .int()`);
    return compare(form, ta, tb);
  }
  const def = binaryOps[op];
  const y = compute(op, ta, tb, def.dtype(resultType(ta, tb)));
  const [da, db] = def.backward;
  return record(names[op], [ta, tb], y, ([g], needs) => [
    needs[0] ? da(g!, ta, tb, y) : null,
    needs[1] ? db(g!, ta, tb, y) : null,
  ], def.saves(ta, tb, y));
}

/** Elementwise comparison or logical op with broadcasting; a bool tensor, no gradient. */
export function compare(op: CompareOpName, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = operands(a, b);
  return compute(op, ta, tb, 'bool');
}
