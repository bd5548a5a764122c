/**
 * @file `Adagrad` (`torch.optim.Adagrad`, PyTorch 1.13): per-element learning rates from the
 * running sum of squared gradients. As in PyTorch, state is created when a parameter joins.
 */
import { fullLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './checks.js';
import { fusedAdagrad } from './fused/adagrad.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Options of `Adagrad` (PyTorch's defaults). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay: step t uses `lr / (1 + (t-1)·lrDecay)` (default 0). */
  lrDecay?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squares (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps?: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

/** A resolved `Adagrad` group's options (plus the scheduler fields of `GroupOptions`). */
export interface AdagradGroup extends GroupOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/** `Adagrad`'s per-parameter state. */
export type AdagradState = {
  /** Steps taken. */
  step: number;
  /** Running sum of squared gradients. */
  sum: Tensor;
};

/**
 * Adagrad (`torch.optim.Adagrad`): `s += g²`, `p -= lr/(1 + (t-1)·lrDecay) · g / (√s + eps)`.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, -2], { requiresGrad: true });
 * const opt = new tg.optim.Adagrad([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w.toArray(); // [0.9, -1.9]
 * ```
 */
export class Adagrad extends Optimizer<AdagradGroup, AdagradState> {
  /**
   * `params`: tensors, or groups `{ params, ...options }`.
   *
   * @example
   * ```ts
   * new tg.optim.Adagrad([tg.zeros([2], { requiresGrad: true })], { lr: 0.1, lrDecay: 1e-3 });
   * ```
   */
  constructor(params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<AdagradGroup>>, options: AdagradOptions = {}) {
    super('Adagrad', params, {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Adds a group and creates its parameters' state (`sum` filled with `initialAccumulatorValue`).
   *
   * @example
   * ```ts
   * const opt = new tg.optim.Adagrad([tg.zeros([2], { requiresGrad: true })]);
   * opt.addParamGroup({ params: [tg.zeros([3], { requiresGrad: true })], lr: 0.1 });
   * ```
   */
  override addParamGroup(group: ParamGroupInput<AdagradGroup>): void {
    super.addParamGroup(group);
    const added = this.paramGroups[this.paramGroups.length - 1]!;
    for (const p of added.params) this.state.set(p, { step: 0, sum: fullLike(p, added.initialAccumulatorValue) });
  }

  protected override validate(o: AdagradGroup, where: string): void {
    checkNonNegative('Adagrad', 'lr', o.lr, where);
    checkNonNegative('Adagrad', 'lrDecay', o.lrDecay, where);
    checkNonNegative('Adagrad', 'weightDecay', o.weightDecay, where);
    checkNonNegative('Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue, where);
    checkNonNegative('Adagrad', 'eps', o.eps, where);
  }

  protected override updateGroup(group: ParamGroup<AdagradGroup>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      let s = this.state.get(p);
      if (s === undefined) {
        s = { step: 0, sum: fullLike(p, group.initialAccumulatorValue) };
        this.state.set(p, s);
      }
      s.step += 1;
      // One pass over plain CPU tensors; the tensor ops below for anything else.
      if (fusedAdagrad(p, p.grad, s, group)) continue;
      let grad = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const clr = lr / (1 + (s.step - 1) * lrDecay);
      s.sum.add_(grad.mul(grad));
      const std = s.sum.sqrt().add_(eps);
      // addcdiv_(grad, std, value) computes (value * grad) / std
      p.add_(grad.mul(-clr).div(std));
    }
  }
}
