/**
 * @file `CosineAnnealingLR`: cosine annealing from the base rate to `etaMin` over `tMax` epochs,
 * in PyTorch's recursive (chainable) form, which keeps going as a cosine wave after `tMax`.
 */
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Anneals every group's learning rate along a cosine from its base rate to `etaMin` in `tMax`
 * epochs, then back up (period `2·tMax`), as `torch.optim.lr_scheduler.CosineAnnealingLR`:
 * `lr_t = etaMin + (lr_{t-1} - etaMin)·(1 + cos(πt/tMax)) / (1 + cos(π(t-1)/tMax))`.
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.CosineAnnealingLR(opt, 2);
 * sched.step();
 * sched.getLastLr(); // [0.5]
 * sched.step();
 * sched.getLastLr(); // [0]
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half period in epochs. */
  readonly tMax: number;
  /** The lowest learning rate. */
  readonly etaMin: number;

  /**
   * Anneals to `etaMin` over `tMax` epochs.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
   * ```
   */
  constructor(optimizer: AnyOptimizer, tMax: number, { etaMin = 0, lastEpoch = -1 }: CosineAnnealingLROptions = {}) {
    super(optimizer, lastEpoch);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { tMax, etaMin, lastEpoch: t } = this;
    const groups = this.optimizer.paramGroups;
    if (t === 0) return groups.map((g) => g.lr);
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2);
    }
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (g.lr - etaMin) + etaMin,
    );
  }
}
