/**
 * @file Reductions over dims: sum, prod, amax/amin and argmax/argmin. Each takes a dim, a
 * list of dims or none (all dims), and `keepdim`.
 */
import type { ReduceKernel } from '../backend/backend.js';
import { isFloatingDType, type DType } from '../core/dtype.js';
import { ShapeError, fmtShape } from '../core/errors.js';
import { normalizeDim, normalizeDims, sizeOf } from '../core/shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/** Dims to reduce: one, several, or all when undefined. */
export type Dims = number | readonly number[] | undefined;

/**
 * The dims a reduction works on: like `normalizeDims`, but an empty list means every dim, as in
 * PyTorch (`x.sum([])` sums everything).
 */
export function reductionDims(op: string, dim: Dims, ndim: number): number[] {
  return normalizeDims(op, Array.isArray(dim) && dim.length === 0 ? undefined : dim, ndim);
}

/** The shape after reducing `dims` (size 1 with keepdim, dropped otherwise). */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

function run(op: ReduceKernel, name: string, x: Tensor, dims: readonly number[], outDtype: DType): Tensor {
  if (op !== 'sum' && op !== 'prod') {
    for (const d of dims) {
      if (x.shape[d] === 0) {
        throw new ShapeError(`${name}: cannot reduce over dim ${d} of size 0 (shape ${fmtShape(x.shape)}); the operation has no identity`);
      }
    }
  }
  return fromStorage(x.backend.reduce(op, x, dims, outDtype), reducedShape(x.shape, dims, true));
}

/** `g` (shaped like the reduced output) seen with the input's dims, broadcastable to it. */
export function keepdimGrad(g: Tensor, inputShape: readonly number[], dims: readonly number[]): Tensor {
  return g.reshape(reducedShape(inputShape, dims, true));
}

/** Sum over `dims`. Int and bool inputs sum to int32. */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = reductionDims('sum', dim, x.ndim);
  const outDtype = isFloatingDType(x.dtype) ? x.dtype : 'int32';
  const kept = run('sum', 'sum', x, dims, outDtype);
  const y = keepdim ? kept : kept.reshape(reducedShape(x.shape, dims, false));
  // d Σx = expand(dy)
  return record('SumBackward', [x], y, ([g]) => [keepdimGrad(g!, x.shape, dims).expand(x.shape)]);
}

/** Product over `dims`; its gradient is exact with zeros in the input. */
export function prod(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = reductionDims('prod', dim, x.ndim);
  const outDtype = isFloatingDType(x.dtype) ? x.dtype : 'int32';
  const kept = run('prod', 'prod', x, dims, outDtype);
  const y = keepdim ? kept : kept.reshape(reducedShape(x.shape, dims, false));
  // d Πx / dxᵢ = Π_{j≠i} xⱼ
  return record('ProdBackward', [x], y, ([g]) => [keepdimGrad(g!, x.shape, dims).mul(prodOfOthers(x, dims, keepdimGrad(y, x.shape, dims)))], [x]);
}

/** For each element, the product of the other elements in its reduction group. */
function prodOfOthers(x: Tensor, dims: readonly number[], kept: Tensor): Tensor {
  const hasZero = noGrad(() => x.eq(0).sum().item() > 0);
  if (!hasZero) return kept.expand(x.shape).div(x);
  // Move the reduced dims last, flatten them to n, and take products of the n×n matrix with
  // ones on the diagonal: row i is the product of every element but the i-th.
  const rest = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...rest, ...dims];
  const moved = x.permute(perm);
  const n = sizeOf(dims.map((d) => x.shape[d]!));
  const flat = moved.reshape([...rest.map((d) => x.shape[d]!), n]);
  const eye = fromStorage(x.backend.alloc('bool', n * n), [n, n]);
  for (let i = 0; i < n; i++) x.backend.fill(eye.slice(0, i, i + 1).slice(1, i, i + 1), 1);
  const others = flat.unsqueeze(-2).expand([...flat.shape.slice(0, -1), n, n]).where(eye.logicalNot(), 1).prod(-1);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return others.reshape(moved.shape).permute(inverse);
}

function extreme(op: 'max' | 'min', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const name = op === 'max' ? 'amax' : 'amin';
  const dims = reductionDims(name, dim, x.ndim);
  const kept = run(op, name, x, dims, x.dtype);
  const y = keepdim ? kept : kept.reshape(reducedShape(x.shape, dims, false));
  // The gradient is shared evenly among the elements equal to the extreme.
  return record(op === 'max' ? 'AmaxBackward' : 'AminBackward', [x], y, ([g]) => {
    const mask = x.eq(kept).to(x.dtype);
    return [keepdimGrad(g!, x.shape, dims).mul(mask).div(mask.sum(dims as number[], true))];
  }, [x]);
}

/** Maximum over `dims`; ties share the gradient evenly. */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('max', x, dim, keepdim);
}

/** Minimum over `dims`; ties share the gradient evenly. */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('min', x, dim, keepdim);
}

/** Index (int32) of the first maximum (or minimum) along `dim`, or in the flattened tensor. */
export function argExtreme(op: 'argmax' | 'argmin', x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) {
    const flat = x.reshape([-1]);
    return run(op, op, flat, [0], 'int32').reshape(keepdim ? x.shape.map(() => 1) : []);
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim === 0) return run(op, op, x.reshape([1]), [0], 'int32').reshape([]);
  const kept = run(op, op, x, [d], 'int32');
  return keepdim ? kept : kept.reshape(reducedShape(x.shape, [d], false));
}
