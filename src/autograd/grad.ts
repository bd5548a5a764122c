/**
 * @file `tg.autograd.grad`: gradients of outputs with respect to chosen inputs, returned
 * instead of accumulated into `.grad`.
 */
import { AutogradError, ShapeError, fmtShape } from '../core/errors.js';
import { engineOps } from '../tensor/engine-ops.js';
import { onesOf } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { runBackward } from './engine.js';
import { edgeOf } from './node.js';

/** Options of `grad`. */
export interface GradOptions {
  /** The gradient of each output (needed for non-scalar outputs; default ones). */
  gradOutputs?: Tensor | readonly (Tensor | null)[];
  /** Keep the graph for another backward (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward so the result can be differentiated again (default false). */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

const asList = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? (x as readonly T[]) : [x as T]);

/**
 * The gradients of `outputs` with respect to `inputs` (`torch.autograd.grad`). Leaves'
 * `.grad` are left untouched.
 *
 * @example
 * ```ts
 * const x = tg.tensor([3], { requiresGrad: true });
 * const y = x.pow(3);
 * const [dy] = tg.autograd.grad(y.sum(), x, { createGraph: true }); // 3x² = 27
 * const [d2y] = tg.autograd.grad(dy!.sum(), x);                      // 6x = 18
 * ```
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = asList(outputs);
  const ins = asList(inputs);
  const given = options.gradOutputs === undefined ? outs.map(() => null) : asList(options.gradOutputs);
  if (given.length !== outs.length) {
    throw new ShapeError(`grad: got ${given.length} gradOutputs for ${outs.length} outputs`);
  }
  const roots = [];
  const seeds: Tensor[] = [];
  for (let i = 0; i < outs.length; i++) {
    const out = outs[i]!;
    const edge = edgeOf(out);
    if (edge === null) throw new AutogradError(`grad: output ${i} does not require grad and has no gradFn`);
    let seed = given[i] ?? null;
    if (seed === null) {
      if (out.numel !== 1) {
        throw new AutogradError(`grad: output ${i} has shape ${fmtShape(out.shape)}; a gradient can be created implicitly only for scalar outputs, pass gradOutputs`);
      }
      seed = onesOf(out.shape, out.dtype);
    } else if (seed.shape.length !== out.shape.length || seed.shape.some((d, k) => d !== out.shape[k])) {
      throw new ShapeError(`grad: gradOutputs[${i}] has shape ${fmtShape(seed.shape)} but output ${i} has shape ${fmtShape(out.shape)}`);
    }
    roots.push(edge);
    seeds.push(seed.dtype === out.dtype ? seed : seed.to(out.dtype));
  }
  const capture = ins.map((t, i) => {
    const edge = edgeOf(t);
    if (edge === null) throw new AutogradError(`grad: input ${i} does not require grad`);
    return edge;
  });
  const createGraph = options.createGraph ?? false;
  const result = runBackward(roots, seeds, { retainGraph: options.retainGraph ?? createGraph, createGraph, capture }, engineOps);
  return result.map((g, i) => {
    if (g === null && !options.allowUnused) {
      throw new AutogradError(`grad: input ${i} was not used to compute the outputs; pass { allowUnused: true } to get null for it`);
    }
    return g === null ? null : engineOps.adapt(g, ins[i]!);
  });
}
