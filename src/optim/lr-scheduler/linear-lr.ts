/**
 * @file `LinearLR`: scales the learning rate by a factor that moves linearly from
 * `startFactor` to `endFactor` over `totalIters` epochs.
 */
import { TensorError } from '../../core/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** Options of `LinearLR` (PyTorch's defaults). */
export interface LinearLROptions extends SchedulerOptions {
  /** Factor of the first epoch, in [0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached after `totalIters` epochs, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs to get from `startFactor` to `endFactor` (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay) of every group's learning rate: `base · startFactor` at epoch 0 to
 * `base · endFactor` at epoch `totalIters`, then constant (`torch.optim.lr_scheduler.LinearLR`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
 * sched.getLastLr(); // [0.5]
 * sched.step();
 * sched.getLastLr(); // [0.75]
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  readonly startFactor: number;
  /** Factor from epoch `totalIters` on. */
  readonly endFactor: number;
  /** Length of the ramp in epochs. */
  readonly totalIters: number;

  /**
   * Ramps from `startFactor` to `endFactor` over `totalIters` epochs.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
   * ```
   */
  constructor(optimizer: AnyOptimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1 }: LinearLROptions = {}) {
    super(optimizer, lastEpoch);
    if (!(startFactor >= 0 && startFactor <= 1)) {
      throw new TensorError(`LinearLR: startFactor must be between 0 and 1, got ${startFactor}`);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new TensorError(`LinearLR: endFactor must be between 0 and 1, got ${endFactor}`);
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.startFactor);
    if (this.lastEpoch > this.totalIters) return lrs;
    const delta = this.endFactor - this.startFactor;
    const factor = 1 + delta / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * delta);
    return lrs.map((lr) => lr * factor);
  }
}
