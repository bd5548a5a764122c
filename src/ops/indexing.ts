/**
 * @file Index-driven ops along one dim (gather, scatter, scatterAdd) and `where`.
 */
import { DTypeError } from '../core/errors.js';
import { broadcastShapes, normalizeDim } from '../core/shape.js';
import { fromStorage, zerosOf } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastView, operands, record, resultType, scalarLike, type TensorLike } from './record.js';

function requireIndex(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got dtype ${index.dtype}`);
}

/** `out[…i…] = x[…index[…i…]…]` along `dim`; the output has `index`'s shape. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim('gather', dim, x.ndim);
  requireIndex('gather', index);
  const y = fromStorage(x.backend.gather(x, d, index), index.shape);
  // d gather(x) = scatterAdd(zeros, index, dy)
  return record('GatherBackward', [x], y, ([g]) => [zerosOf(x.shape, g!.dtype).scatterAdd(d, index, g!)]);
}

/** A copy of `x` with `src` (a tensor shaped like `index`, or a number) written at `index` along `dim`. */
export function scatter(x: Tensor, dim: number, index: Tensor, src: TensorLike): Tensor {
  const d = normalizeDim('scatter', dim, x.ndim);
  requireIndex('scatter', index);
  const s = typeof src === 'number' ? scalarLike(src, x).expand(index.shape) : src;
  const y = fromStorage(x.backend.scatter(x, d, index, s, false), x.shape);
  // dx = dy with the overwritten positions zeroed; dsrc = gather(dy, index)
  return record('ScatterBackward', [x, typeof src === 'number' ? null : s], y, ([g]) => [
    g!.scatter(d, index, 0),
    g!.gather(d, index),
  ]);
}

/** A copy of `x` with `src` (shaped like `index`) added at `index` along `dim`. */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim('scatterAdd', dim, x.ndim);
  requireIndex('scatterAdd', index);
  const y = fromStorage(x.backend.scatter(x, d, index, src, true), x.shape);
  // dx = dy; dsrc = gather(dy, index)
  return record('ScatterAddBackward', [x, src], y, ([g]) => [g!, g!.gather(d, index)]);
}

/** Elementwise `condition ? a : b` with broadcasting of all three. */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (condition.dtype !== 'bool') {
    throw new DTypeError(`where: condition must be a bool tensor, got dtype ${condition.dtype}`);
  }
  const [ta, tb] = operands(a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, ta.shape), tb.shape);
  const y = fromStorage(
    ta.backend.where(broadcastView(condition, shape), broadcastView(ta, shape), broadcastView(tb, shape), resultType(ta, tb)),
    shape,
  );
  // d where(c, a, b) = where(c, da, 0) + where(c, 0, db)
  return record('WhereBackward', [ta, tb], y, ([g], needs) => [
    needs[0] ? g!.where(condition, 0) : null,
    needs[1] ? g!.where(condition.logicalNot(), 0) : null,
  ]);
}
