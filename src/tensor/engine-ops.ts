/**
 * @file The tensor arithmetic the autograd engine is given (it never imports ops itself):
 * addition, the single unbroadcast helper, zeros, clone and a NaN/Inf check.
 */
import type { EngineOps } from '../autograd/engine.js';
import type { GradMeta } from '../autograd/node.js';
import { zerosOf } from './make.js';
import type { Tensor } from './tensor.js';

/**
 * Sums `grad` over the dims that broadcasting added or stretched, so that it gets `shape`.
 * The one place where broadcast gradients are reduced.
 */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  const lead = grad.ndim - shape.length;
  if (lead < 0) return grad;
  const dims: number[] = [];
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) dims.push(i);
  }
  if (dims.length === 0) return lead === 0 ? grad : grad.reshape(shape);
  return grad.sum(dims, true).reshape(shape);
}

/** Engine operations on `Tensor`s. */
export const engineOps: EngineOps<Tensor> = {
  add: (a, b) => a.add(b),
  adapt: (grad: Tensor, meta: GradMeta) => {
    const g = sumToShape(grad, meta.shape);
    return g.dtype === meta.dtype ? g : g.to(meta.dtype);
  },
  zeros: (meta) => zerosOf(meta.shape, meta.dtype),
  addInPlace: (target, g) => {
    target.add_(g);
  },
  clone: (t) => t.clone(),
  hasNonFinite: (t) => {
    const data = t.dataSync();
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return true;
    return false;
  },
};
