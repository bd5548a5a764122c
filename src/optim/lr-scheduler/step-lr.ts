/**
 * @file Step decays: `StepLR` (every `stepSize` epochs) and `MultiStepLR` (at given milestones),
 * PyTorch 1.13's chainable forms.
 */
import { TensorError } from '../../core/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** Options of `StepLR` and `MultiStepLR`. */
export interface StepLROptions extends SchedulerOptions {
  /** Multiplier of the learning rate at each decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies every group's learning rate by `gamma` every `stepSize` epochs
 * (`torch.optim.lr_scheduler.StepLR`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new tg.optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 30; epoch++) sched.step();
 * sched.getLastLr(); // [0.01]
 * ```
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Multiplier at each decay. */
  readonly gamma: number;

  /**
   * Decays by `gamma` every `stepSize` epochs.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.StepLR(opt, 5, { gamma: 0.5 });
   * ```
   */
  constructor(optimizer: AnyOptimizer, stepSize: number, { gamma = 0.1, lastEpoch = -1 }: StepLROptions = {}) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) {
      throw new TensorError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}

/**
 * Multiplies every group's learning rate by `gamma` at each milestone epoch; a milestone listed
 * twice decays twice (`torch.optim.lr_scheduler.MultiStepLR`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.MultiStepLR(opt, [2, 4], { gamma: 0.5 });
 * for (let epoch = 0; epoch < 5; epoch++) sched.step();
 * sched.getLastLr(); // [0.25]
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone epoch was listed. */
  readonly milestones: ReadonlyMap<number, number>;
  /** Multiplier at each milestone. */
  readonly gamma: number;

  /**
   * Decays by `gamma` at each epoch in `milestones`.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.MultiStepLR(opt, [30, 80]);
   * ```
   */
  constructor(optimizer: AnyOptimizer, milestones: readonly number[], { gamma = 0.1, lastEpoch = -1 }: StepLROptions = {}) {
    super(optimizer, lastEpoch);
    const counts = new Map<number, number>();
    for (const m of milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
    this.milestones = counts;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return lrs;
    return lrs.map((lr) => lr * this.gamma ** count);
  }
}
