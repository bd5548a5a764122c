/**
 * @file `tg.nn.utils`: gradient clipping and flattening parameters into one vector and back
 * (PyTorch's `torch.nn.utils.clip_grad_norm_`, `clip_grad_value_`, `parameters_to_vector`,
 * `vector_to_parameters`).
 */
import { promoteTypes } from '../core/dtype.js';
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { scalarOf } from '../tensor/make.js';
import { div } from '../tensor/functions-math.js';
import { cat, stack } from '../tensor/functions-shape.js';
import { Tensor } from '../tensor/tensor.js';

/** One tensor or several (what `module.parameters()` returns). */
export type Tensors = Tensor | Iterable<Tensor>;

/** Options of `clipGradNorm_`. */
export interface ClipGradNormOptions {
  /** Order of the norm: 2 (default), 1, `Infinity`, or any p > 0. */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

const asArray = (tensors: Tensors): Tensor[] => (tensors instanceof Tensor ? [tensors] : [...tensors]);

/**
 * Scales the gradients in place so that their total norm (the norm of all gradients
 * concatenated) is at most `maxNorm`: each is multiplied by `min(1, maxNorm / (total + 1e-6))`.
 * Parameters without a gradient are skipped. Returns the total norm before clipping.
 *
 * @param parameters tensors whose `.grad` to clip (e.g. `model.parameters()`)
 * @param maxNorm the largest total norm allowed
 *
 * @example
 * ```ts
 * const w = tg.tensor([3, 4], { requiresGrad: true });
 * w.mul(w).sum().div(2).backward();              // w.grad = [3, 4]
 * tg.nn.utils.clipGradNorm_([w], 1).item();      // 5
 * w.grad!.toArray();                             // ≈ [0.6, 0.8]
 * ```
 */
export function clipGradNorm_(parameters: Tensors, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  const normType = options.normType ?? 2;
  const grads = asArray(parameters).flatMap((p) => (p.grad === null ? [] : [p.grad]));
  if (grads.length === 0) return scalarOf(0, 'float32');
  return noGrad(() => {
    const dtype = grads.map((g) => g.dtype).reduce(promoteTypes);
    const total = stack(grads.map((g) => g.norm(normType).to(dtype))).norm(normType);
    if (options.errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new TensorError(
        `clipGradNorm_: the total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it ` +
          `cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set ` +
          `errorIfNonfinite: false`,
      );
    }
    const coef = div(maxNorm, total.add(1e-6)).clamp(undefined, 1);
    for (const g of grads) g.mul_(coef.to(g.dtype));
    return total;
  });
}

/**
 * Clamps every gradient in place to `[-clipValue, clipValue]`.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, 2], { requiresGrad: true });
 * w.mul(tg.tensor([-5, 0.5])).sum().backward();
 * tg.nn.utils.clipGradValue_([w], 1);
 * w.grad!.toArray(); // [-1, 0.5]
 * ```
 */
export function clipGradValue_(parameters: Tensors, clipValue: number): void {
  for (const p of asArray(parameters)) {
    const g = p.grad;
    if (g !== null) noGrad(() => g.clamp_(-clipValue, clipValue));
  }
}

/**
 * All parameters flattened and concatenated into one 1-d tensor (differentiable).
 *
 * @example
 * ```ts
 * tg.nn.utils.parametersToVector([tg.ones([2, 2]), tg.zeros([3])]).shape; // [7]
 * ```
 */
export function parametersToVector(parameters: Tensors): Tensor {
  const params = asArray(parameters);
  if (params.length === 0) throw new ShapeError('parametersToVector: expected at least one parameter');
  return cat(params.map((p) => p.reshape([-1])));
}

/**
 * Copies consecutive slices of the 1-d `vec` into the parameters (in place, under `noGrad`);
 * the inverse of `parametersToVector`. `vec` must have exactly as many elements as the
 * parameters together.
 *
 * @example
 * ```ts
 * const a = tg.zeros([2]), b = tg.zeros([1, 2]);
 * tg.nn.utils.vectorToParameters(tg.tensor([1, 2, 3, 4]), [a, b]);
 * b.toArray(); // [[3, 4]]
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Tensors): void {
  if (!(vec instanceof Tensor)) throw new TensorError(`vectorToParameters: expected a Tensor, got ${typeof vec}`);
  const params = asArray(parameters);
  const total = params.reduce((n, p) => n + p.numel, 0);
  if (vec.ndim !== 1 || vec.numel !== total) {
    throw new ShapeError(`vectorToParameters: expected a 1-d vector of ${total} elements (the parameters' total), got shape ${fmtShape(vec.shape)}`);
  }
  noGrad(() => {
    let offset = 0;
    for (const p of params) {
      p.copy_(vec.narrow(0, offset, p.numel).reshape(p.shape));
      offset += p.numel;
    }
  });
}
