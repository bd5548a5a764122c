/**
 * @file The matrix product (batched, with broadcast batch dims) and its 1-d special cases,
 * following `torch.matmul`.
 */
import { DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { broadcastView, record, resultType } from './record.js';

/** Swaps the last two dims (a view). */
function mT(x: Tensor): Tensor {
  return x.transpose(-1, -2);
}

/** Product of `[…, M, K]` and `[…, K, N]` with broadcast batch dims (both at least 2-d). */
function matmul2d(a: Tensor, b: Tensor): Tensor {
  const M = a.shape[a.ndim - 2]!, K = a.shape[a.ndim - 1]!, N = b.shape[b.ndim - 1]!;
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dtype = resultType(a, b);
  const ac = a.dtype === dtype ? a : a.to(dtype);
  const bc = b.dtype === dtype ? b : b.to(dtype);
  const out = fromStorage(
    a.backend.matmul(broadcastView(ac, [...batch, M, K]), broadcastView(bc, [...batch, K, N])),
    [...batch, M, N],
  );
  // d(AB) = dA B + A dB; batch broadcasting is summed back by the engine. As in PyTorch, a
  // gradient takes its input's layout: for a transposed input (`x @ w.t()`) it is computed as
  // the transpose of a contiguous product, so it reaches `w` contiguous, with no copy.
  // A 2-d operand broadcast over a batch gets the sum of the batch's products from one
  // accumulating kernel (unless the backward is itself recorded).
  return record('MmBackward', [a, b], out, ([g], needs) => {
    const fold = batch.length > 0 && !isGradEnabled();
    const ga = !needs[0] ? null
      : fold && a.ndim === 2 ? (isTransposed(a) ? mT(sumOfProducts(bc, mT(g!), batch)) : sumOfProducts(g!, mT(bc), batch))
      : isTransposed(a) ? mT(b.matmul(mT(g!))) : g!.matmul(mT(b));
    const gb = !needs[1] ? null
      : fold && b.ndim === 2 ? (isTransposed(b) ? mT(sumOfProducts(mT(g!), ac, batch)) : sumOfProducts(mT(ac), g!, batch))
      : isTransposed(b) ? mT(mT(g!).matmul(a)) : mT(a).matmul(g!);
    return [ga, gb];
  }, [a, b]);
}

/** `Σ x[i] @ y[i]` over the batch dims `batch` (x, y broadcast to them), as an `[M, N]` matrix. */
function sumOfProducts(x: Tensor, y: Tensor, batch: readonly number[]): Tensor {
  const M = x.shape[x.ndim - 2]!, K = x.shape[x.ndim - 1]!, N = y.shape[y.ndim - 1]!;
  return fromStorage(x.backend.matmul(broadcastView(x, [...batch, M, K]), broadcastView(y, [...batch, K, N]), true), [M, N]);
}

/** Whether the last two dims of `x` are laid out as the transpose of a contiguous matrix. */
function isTransposed(x: Tensor): boolean {
  const n = x.ndim, st = x.strides, sh = x.shape;
  return sh[n - 1]! > 1 && sh[n - 2]! > 1 && st[n - 2] === 1 && st[n - 1] === sh[n - 2];
}

/**
 * Matrix product as `torch.matmul`: 1-d operands are promoted to a row (left) or column
 * (right) and that dim is removed from the result; batch dims broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments need at least 1 dim, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new DTypeError(`matmul: bool tensors are not supported, got ${a.dtype} and ${b.dtype}`);
  }
  const k1 = a.shape[a.ndim - 1]!;
  const k2 = b.ndim === 1 ? b.shape[0]! : b.shape[b.ndim - 2]!;
  if (k1 !== k2) {
    throw new ShapeError(`matmul: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)} (${k1} != ${k2}); the last dim of the first must equal the ${b.ndim === 1 ? 'size' : 'second-to-last dim'} of the second`);
  }
  const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
  const b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
  let out = matmul2d(a2, b2);
  if (b.ndim === 1) out = out.squeeze(-1);
  if (a.ndim === 1) out = out.squeeze(b.ndim === 1 ? -1 : -2);
  return out;
}

/** Product of two matrices (2-d only). */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new ShapeError(`mm: expected two 2-d tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return matmul(a, b);
}

/** Batched product of `[B, M, K]` and `[B, K, N]` (3-d, equal batch sizes). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`bmm: expected 3-d tensors with equal batch sizes, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return matmul(a, b);
}

/** Inner product of two 1-d tensors of equal length. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`dot: expected two 1-d tensors of equal length, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return a.mul(b).sum();
}

/** Outer product of two 1-d tensors: `[n]` and `[m]` give `[n, m]`. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`outer: expected two 1-d tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}
