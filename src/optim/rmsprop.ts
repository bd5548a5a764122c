/**
 * @file `RMSprop` (`torch.optim.RMSprop`, PyTorch 1.13): divides the gradient by a running
 * root mean square, optionally centered and with momentum.
 */
import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './checks.js';
import { fusedRmsprop } from './fused/rmsprop.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Options of `RMSprop` (PyTorch's defaults). */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Smoothing constant of the running averages (default 0.99). */
  alpha?: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalize by the estimated variance (subtract the squared running mean; default false). */
  centered?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

/** A resolved `RMSprop` group's options (plus the scheduler fields of `GroupOptions`). */
export interface RMSpropGroup extends GroupOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

/** `RMSprop`'s per-parameter state. */
export type RMSpropState = {
  /** Steps taken. */
  step: number;
  /** Running average of the squared gradient. */
  squareAvg: Tensor;
  /** With momentum > 0: the momentum buffer. */
  momentumBuffer?: Tensor;
  /** Centered: running average of the gradient. */
  gradAvg?: Tensor;
};

/**
 * RMSprop (`torch.optim.RMSprop`): `v = αv + (1-α)g²`, `avg = √(v - ḡ²) + eps` (centered, with
 * `ḡ = αḡ + (1-α)g`) or `√v + eps`; then `b = momentum·b + g/avg`, `p -= lr·b` (momentum) or
 * `p -= lr·g/avg`.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, -2], { requiresGrad: true });
 * const opt = new tg.optim.RMSprop([w], { lr: 0.01 });
 * w.square().sum().backward();
 * opt.step();
 * w.toArray(); // [0.9, -1.9]
 * ```
 */
export class RMSprop extends Optimizer<RMSpropGroup, RMSpropState> {
  /**
   * `params`: tensors, or groups `{ params, ...options }`.
   *
   * @example
   * ```ts
   * new tg.optim.RMSprop([tg.zeros([2], { requiresGrad: true })], { lr: 1e-3, momentum: 0.9, centered: true });
   * ```
   */
  constructor(params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<RMSpropGroup>>, options: RMSpropOptions = {}) {
    super('RMSprop', params, {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override validate(o: RMSpropGroup, where: string): void {
    checkNonNegative('RMSprop', 'lr', o.lr, where);
    checkNonNegative('RMSprop', 'eps', o.eps, where);
    checkNonNegative('RMSprop', 'momentum', o.momentum, where);
    checkNonNegative('RMSprop', 'weightDecay', o.weightDecay, where);
    checkNonNegative('RMSprop', 'alpha', o.alpha, where);
  }

  protected override updateGroup(group: ParamGroup<RMSpropGroup>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.#stateOf(p, group);
      s.step += 1;
      // One pass over plain CPU tensors; the tensor ops below for anything else.
      if (fusedRmsprop(p, p.grad, s, group)) continue;
      let grad = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      // addcmul_(grad, grad, value) computes (value * grad) * grad
      s.squareAvg.mul_(alpha).add_(grad.mul(1 - alpha).mul(grad));
      let avg: Tensor;
      if (centered) {
        const gradAvg = s.gradAvg!;
        gradAvg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
        avg = s.squareAvg.add(gradAvg.mul(-1).mul(gradAvg)).sqrt();
      } else {
        avg = s.squareAvg.sqrt();
      }
      avg.add_(eps);
      if (momentum > 0) {
        const buf = s.momentumBuffer!;
        buf.mul_(momentum).add_(grad.div(avg));
        p.add_(buf, { alpha: -lr });
      } else {
        p.add_(grad.mul(-lr).div(avg));
      }
    }
  }

  #stateOf(p: Tensor, group: RMSpropGroup): RMSpropState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = { step: 0, squareAvg: zerosLike(p) };
      this.state.set(p, s);
    }
    if (group.momentum > 0 && s.momentumBuffer === undefined) s.momentumBuffer = zerosLike(p);
    if (group.centered && s.gradAvg === undefined) s.gradAvg = zerosLike(p);
    return s;
  }
}
