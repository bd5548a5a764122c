/**
 * @file `LRScheduler`, the base of the epoch-based learning-rate schedulers (PyTorch 1.13's
 * `_LRScheduler`): it counts steps, asks the subclass for the new learning rates (PyTorch's
 * chainable `get_lr`, computed from each group's current `lr`) and writes them into the groups.
 */
import { TensorError } from '../../core/errors.js';
import type { GroupOptions, Optimizer, ParamState } from '../optimizer.js';

/** Any optimizer, whatever its options and state. */
export type AnyOptimizer = Optimizer<GroupOptions, ParamState>;

/** Options every epoch-based scheduler takes. */
export interface SchedulerOptions {
  /**
   * The index of the last epoch when resuming (default -1: start fresh). Resuming needs
   * `initialLr` in every param group (restore the optimizer's state dict first).
   */
  lastEpoch?: number;
}

/** What `LRScheduler.stateDict` returns: the counters a scheduler resumes from. */
export interface SchedulerStateDict {
  /** Steps taken since the start (0 after construction). */
  lastEpoch: number;
  /** `step` calls, the one made by the constructor included. */
  stepCount: number;
  /** Each group's starting learning rate. */
  baseLrs: number[];
  /** Each group's learning rate after the last step. */
  lastLr: number[];
}

/**
 * Base class of the learning-rate schedulers. A subclass computes the new rates in `getLr`
 * and calls `initialStep()` at the end of its constructor, which sets the rates of epoch 0.
 * Call `scheduler.step()` after `optimizer.step()`, once per epoch (or per batch for `OneCycleLR`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.StepLR(opt, 2, { gamma: 0.5 });
 * const lrs = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   opt.step();
 *   sched.step();
 * }
 * lrs; // [1, 1, 0.5, 0.5, 0.25]
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** Each group's starting learning rate (`initialLr`). */
  baseLrs: number[] = [];
  /** Steps taken (0 after construction). */
  lastEpoch: number;
  /** `step` calls, the constructor's included. */
  protected stepCount = 0;
  #lastLr: number[] = [];

  /**
   * Attaches to `optimizer`; the subclass then calls `initialStep()`.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.ExponentialLR(opt, 0.9).lastEpoch; // 0
   * ```
   */
  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    this.optimizer = optimizer;
    this.lastEpoch = lastEpoch;
  }

  /** The learning rates of epoch `lastEpoch`, one per param group (PyTorch's chainable `get_lr`). */
  protected abstract getLr(): number[];

  /** Records each group's `initialLr` and base rate, then takes the step that sets epoch 0. */
  protected initialStep(): void {
    const groups = this.optimizer.paramGroups;
    groups.forEach((group, i) => {
      if (this.lastEpoch === -1) group.initialLr ??= group.lr;
      else if (group.initialLr === undefined) {
        throw new TensorError(
          `${this.constructor.name}: param group ${i} has no initialLr; resuming with lastEpoch ${this.lastEpoch} needs the optimizer's state dict restored first`,
        );
      }
    });
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advances one epoch and sets every group's learning rate.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new tg.optim.lrScheduler.ExponentialLR(opt, 0.5);
   * sched.step();
   * opt.paramGroups[0]!.lr; // 0.5
   * ```
   */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this.#lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The learning rates the last `step` set, one per param group.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.LinearLR(opt).getLastLr(); // [0.0333…]
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The counters to resume from (build the scheduler with the same arguments, then `loadStateDict`).
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const sched = new tg.optim.lrScheduler.StepLR(opt, 10);
   * sched.stateDict().lastEpoch; // 0
   * ```
   */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: [...this.baseLrs], lastLr: [...this.#lastLr] };
  }

  /**
   * Restores counters saved by `stateDict`. The learning rates themselves live in the
   * optimizer's param groups: restore the optimizer's state dict too.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const a = new tg.optim.lrScheduler.StepLR(opt, 10);
   * a.step();
   * const b = new tg.optim.lrScheduler.StepLR(opt, 10);
   * b.loadStateDict(a.stateDict());
   * b.lastEpoch; // 1
   * ```
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const groups = this.optimizer.paramGroups.length;
    if (stateDict.baseLrs.length !== groups || stateDict.lastLr.length !== groups) {
      throw new TensorError(
        `${this.constructor.name}.loadStateDict: the state dict has ${stateDict.baseLrs.length} base learning rates, the optimizer has ${groups} param groups`,
      );
    }
    this.lastEpoch = stateDict.lastEpoch;
    this.stepCount = stateDict.stepCount;
    this.baseLrs = [...stateDict.baseLrs];
    this.#lastLr = [...stateDict.lastLr];
  }
}
