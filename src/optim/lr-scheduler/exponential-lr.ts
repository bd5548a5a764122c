/**
 * @file `ExponentialLR`: multiplies the learning rate by `gamma` every epoch.
 */
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Multiplies every group's learning rate by `gamma` each epoch
 * (`torch.optim.lr_scheduler.ExponentialLR`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.ExponentialLR(opt, 0.5);
 * sched.step();
 * sched.step();
 * sched.getLastLr(); // [0.25]
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplier per epoch. */
  readonly gamma: number;

  /**
   * Decays by `gamma` per epoch.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.ExponentialLR(opt, 0.95);
   * ```
   */
  constructor(optimizer: AnyOptimizer, gamma: number, { lastEpoch = -1 }: SchedulerOptions = {}) {
    super(optimizer, lastEpoch);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }
}
