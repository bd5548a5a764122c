/**
 * @file `Parameter`: the tensor subclass that marks a module's learnable weights. A module
 * finds its parameters by looking for `Parameter` values among its fields (see `Module`).
 */
import { empty } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A leaf tensor that a `Module` treats as one of its parameters: assigned to a module field,
 * it shows up in `parameters()`, `namedParameters()` and `stateDict()`. It shares storage
 * with `data` (no copy, like PyTorch's `nn.Parameter(t)`), is cut from any graph `data` has,
 * and requires grad unless `requiresGrad` is false (integer and bool data must pass false).
 * Ops on a parameter return plain tensors.
 *
 * @param data the values (default: an empty float32 tensor of shape `[0]`)
 * @param requiresGrad whether autograd tracks it (default true)
 *
 * @example
 * ```ts
 * const w = new tg.nn.Parameter(tg.randn([3, 2]));
 * w instanceof tg.nn.Parameter; // true
 * w instanceof tg.Tensor;       // true
 * w.requiresGrad;               // true
 * w.isLeaf;                     // true
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor = empty([0]), requiresGrad = true) {
    super(data, data.base);
    // Integer parameters (PyTorch allows them with requires_grad=False) simply do not track.
    if (requiresGrad) this.requiresGrad_(true);
  }

  /**
   * PyTorch-style text: `Parameter containing:` above the tensor.
   *
   * @example
   * ```ts
   * String(new tg.nn.Parameter(tg.tensor([1, 2])));
   * // 'Parameter containing:\ntensor([1., 2.], requiresGrad=true)'
   * ```
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/**
 * Points `target` at `source`'s storage, shape and strides, keeping the `target` object
 * (PyTorch's `param.data = new_data`): modules convert their parameters and buffers this way
 * so references held elsewhere (optimizers, layer fields) stay valid.
 * @internal
 */
export function replaceData(target: Tensor, source: Tensor): void {
  target.setData(source);
}
