/**
 * @file `AdamW`: Adam with decoupled weight decay (`torch.optim.AdamW`, PyTorch 1.13).
 */
import type { Tensor } from '../tensor/tensor.js';
import { adamDefaults, adamState, adamUpdate, validateAdam, type AdamGroup, type AdamOptions, type AdamState } from './adam.js';
import { fusedAdam } from './fused/adam.js';
import { Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/**
 * AdamW (`torch.optim.AdamW`): before the Adam update each parameter decays as
 * `p *= 1 - lr·weightDecay` (default weightDecay 0.01) instead of adding an L2 term to the gradient.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, -2], { requiresGrad: true });
 * const opt = new tg.optim.AdamW([w], { lr: 0.1, weightDecay: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w.toArray(); // [0.89, -1.88]
 * ```
 */
export class AdamW extends Optimizer<AdamGroup, AdamState> {
  /**
   * `params`: tensors, or groups `{ params, ...options }`.
   *
   * @example
   * ```ts
   * new tg.optim.AdamW([tg.zeros([2], { requiresGrad: true })], { lr: 3e-4 });
   * ```
   */
  constructor(params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<AdamGroup>>, options: AdamOptions = {}) {
    super('AdamW', params, adamDefaults(options, 1e-2));
  }

  protected override validate(o: AdamGroup, where: string): void {
    validateAdam('AdamW', o, where);
  }

  protected override updateGroup(group: ParamGroup<AdamGroup>): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = adamState(this.state, p, group.amsgrad);
      s.step += 1;
      // One pass over plain CPU tensors; the tensor ops below for anything else.
      if (fusedAdam(p, p.grad, s, group, true)) continue;
      const grad = group.maximize ? p.grad.neg() : p.grad;
      p.mul_(1 - group.lr * group.weightDecay);
      adamUpdate(p, grad, s, group);
    }
  }
}
