/**
 * @file `Adam` (`torch.optim.Adam`, PyTorch 1.13's single-tensor path) and the moment update
 * it shares with `AdamW`, which differs only in how weight decay is applied.
 */
import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkUnitInterval } from './checks.js';
import { fusedAdam } from './fused/adam.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Options of `Adam` and `AdamW` (PyTorch's defaults; AdamW's `weightDecay` defaults to 0.01). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0); AdamW: decoupled decay `p *= 1 - lr·weightDecay` (default 0.01). */
  weightDecay?: number;
  /** Use the AMSGrad variant (the maximum of past squared averages; default false). */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

/** A resolved `Adam` / `AdamW` group's options (plus the scheduler fields of `GroupOptions`). */
export interface AdamGroup extends GroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** `Adam`'s and `AdamW`'s per-parameter state. */
export type AdamState = {
  /** Steps taken. */
  step: number;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Running average of the squared gradient. */
  expAvgSq: Tensor;
  /** AMSGrad: the largest `expAvgSq` so far. */
  maxExpAvgSq?: Tensor;
};

/** Resolves Adam-style options into a group's defaults. */
export function adamDefaults(options: AdamOptions, weightDecay: number): Omit<AdamGroup, 'lr'> & { lr: number } {
  return {
    lr: options.lr ?? 1e-3,
    betas: options.betas ?? [0.9, 0.999],
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? weightDecay,
    amsgrad: options.amsgrad ?? false,
    maximize: options.maximize ?? false,
  };
}

/** Checks Adam-style options. */
export function validateAdam(name: string, o: AdamGroup, where: string): void {
  checkNonNegative(name, 'lr', o.lr, where);
  checkNonNegative(name, 'eps', o.eps, where);
  checkUnitInterval(name, 'betas[0]', o.betas[0], where);
  checkUnitInterval(name, 'betas[1]', o.betas[1], where);
  checkNonNegative(name, 'weightDecay', o.weightDecay, where);
}

/** The state of `p`, created on its first step. */
export function adamState(state: Map<Tensor, AdamState>, p: Tensor, amsgrad: boolean): AdamState {
  let s = state.get(p);
  if (s === undefined) {
    s = { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
    state.set(p, s);
  }
  if (amsgrad && s.maxExpAvgSq === undefined) s.maxExpAvgSq = zerosLike(p);
  return s;
}

/**
 * One Adam moment update and parameter step (`grad` already has any L2 term added):
 * `m = β₁m + (1-β₁)g`, `v = β₂v + (1-β₂)g²`, `p -= lr/(1-β₁ᵗ) · m / (√v/√(1-β₂ᵗ) + eps)`.
 */
export function adamUpdate(p: Tensor, grad: Tensor, s: AdamState, group: AdamGroup): void {
  const { lr, eps, amsgrad } = group;
  const [beta1, beta2] = group.betas;
  s.expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  // addcmul_(grad, grad, value) computes (value * grad) * grad
  s.expAvgSq.mul_(beta2).add_(grad.mul(1 - beta2).mul(grad));
  const biasCorrection1 = 1 - beta1 ** s.step;
  const biasCorrection2 = 1 - beta2 ** s.step;
  const stepSize = lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let second = s.expAvgSq;
  if (amsgrad) {
    const max = s.maxExpAvgSq!;
    max.copy_(max.maximum(s.expAvgSq));
    second = max;
  }
  const denom = second.sqrt().div(biasCorrection2Sqrt).add_(eps);
  // addcdiv_(m, denom, value) computes (value * m) / denom
  p.add_(s.expAvg.mul(-stepSize).div(denom));
}

/**
 * Adam (`torch.optim.Adam`): adaptive moment estimation with bias correction; `weightDecay`
 * adds an L2 term to the gradient, `amsgrad` keeps the maximum second moment.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, -2], { requiresGrad: true });
 * const opt = new tg.optim.Adam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w.toArray(); // [0.9, -1.9]
 * ```
 */
export class Adam extends Optimizer<AdamGroup, AdamState> {
  /**
   * `params`: tensors, or groups `{ params, ...options }`.
   *
   * @example
   * ```ts
   * new tg.optim.Adam([tg.zeros([2], { requiresGrad: true })], { lr: 1e-3, betas: [0.9, 0.99], amsgrad: true });
   * ```
   */
  constructor(params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<AdamGroup>>, options: AdamOptions = {}) {
    super('Adam', params, adamDefaults(options, 0));
  }

  protected override validate(o: AdamGroup, where: string): void {
    validateAdam('Adam', o, where);
  }

  protected override updateGroup(group: ParamGroup<AdamGroup>): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = adamState(this.state, p, group.amsgrad);
      s.step += 1;
      // One pass over plain CPU tensors; the tensor ops below for anything else.
      if (fusedAdam(p, p.grad, s, group, false)) continue;
      let grad = group.maximize ? p.grad.neg() : p.grad;
      if (group.weightDecay !== 0) grad = grad.add(p, { alpha: group.weightDecay });
      adamUpdate(p, grad, s, group);
    }
  }
}
