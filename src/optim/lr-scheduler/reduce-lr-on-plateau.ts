/**
 * @file `ReduceLROnPlateau`: cuts the learning rate when a watched metric stops improving
 * (PyTorch 1.13's `ReduceLROnPlateau`, which is not an epoch-based `LRScheduler`).
 */
import { TensorError } from '../../core/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AnyOptimizer } from './scheduler.js';

/** Options of `ReduceLROnPlateau` (PyTorch's defaults). */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: the metric should go down (default); `'max'`: up. */
  mode?: 'min' | 'max';
  /** Multiplier of the learning rate at each reduction, < 1 (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** How much better counts as an improvement (default 1e-4). */
  threshold?: number;
  /** `'rel'`: better than `best·(1 ∓ threshold)` (default); `'abs'`: than `best ∓ threshold`. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound of the learning rate, one for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/** What `ReduceLROnPlateau.stateDict` returns. */
export interface ReduceLROnPlateauStateDict {
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** Bad epochs counted since the last improvement or reduction. */
  numBadEpochs: number;
  /** Cooldown epochs left. */
  cooldownCounter: number;
  /** Steps taken. */
  lastEpoch: number;
  /** Each group's learning rate after the last step. */
  lastLr: number[];
}

/**
 * Multiplies every group's learning rate by `factor` (not below `minLr`) once the metric
 * passed to `step` has not improved for more than `patience` epochs
 * (`torch.optim.lr_scheduler.ReduceLROnPlateau`).
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new tg.optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
 * for (const loss of [1, 0.5, 0.5, 0.5]) sched.step(loss);
 * sched.getLastLr(); // [0.5]
 * ```
 */
export class ReduceLROnPlateau {
  /** The optimizer whose learning rates this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** Whether lower (`'min'`) or higher (`'max'`) is better. */
  readonly mode: 'min' | 'max';
  /** Multiplier at each reduction. */
  readonly factor: number;
  /** Bad epochs tolerated. */
  readonly patience: number;
  /** Improvement threshold. */
  readonly threshold: number;
  /** Whether `threshold` is relative or absolute. */
  readonly thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction. */
  readonly cooldown: number;
  /** Each group's lower bound. */
  readonly minLrs: number[];
  /** Smallest reduction applied. */
  readonly eps: number;
  /** The best metric so far. */
  best: number;
  /** Bad epochs since the last improvement. */
  numBadEpochs = 0;
  /** Cooldown epochs left. */
  cooldownCounter = 0;
  /** Steps taken. */
  lastEpoch = 0;
  #lastLr: number[];

  /**
   * Watches a metric for `optimizer`.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.ReduceLROnPlateau(opt, { mode: 'max', patience: 5 });
   * ```
   */
  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    if (!(factor < 1)) throw new TensorError(`ReduceLROnPlateau: factor must be < 1, got ${factor}`);
    if (mode !== 'min' && mode !== 'max') throw new TensorError(`ReduceLROnPlateau: mode must be 'min' or 'max', got ${String(mode)}`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new TensorError(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`);
    }
    const groups = optimizer.paramGroups.length;
    if (Array.isArray(minLr) && minLr.length !== groups) {
      throw new TensorError(`ReduceLROnPlateau: expected ${groups} minLr values (one per param group), got ${minLr.length}`);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : new Array<number>(groups).fill(minLr);
    this.eps = eps;
    this.best = this.#worst();
    this.#lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Whether a reduction happened within the last `cooldown` epochs.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new tg.optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0, cooldown: 2 });
   * sched.step(1);
   * sched.step(2);
   * sched.inCooldown; // true
   * ```
   */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Records this epoch's metric (a number or a one-element tensor) and reduces the learning
   * rates when it has not improved for more than `patience` epochs.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new tg.optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0 });
   * sched.step(tg.tensor(1));
   * sched.step(2);
   * opt.paramGroups[0]!.lr; // 0.1
   * ```
   */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.#reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Whether metric `a` improves on `best` by more than the threshold.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 1 });
   * new tg.optim.lrScheduler.ReduceLROnPlateau(opt).isBetter(0.5, 1); // true
   * ```
   */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /**
   * Each group's learning rate after the last step (the optimizer's before the first).
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.ReduceLROnPlateau(opt).getLastLr(); // [0.1]
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The counters to resume from (build the scheduler with the same options, then `loadStateDict`).
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new tg.optim.lrScheduler.ReduceLROnPlateau(opt).stateDict().best; // Infinity
   * ```
   */
  stateDict(): ReduceLROnPlateauStateDict {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr: [...this.#lastLr] };
  }

  /**
   * Restores counters saved by `stateDict`.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const a = new tg.optim.lrScheduler.ReduceLROnPlateau(opt);
   * a.step(3);
   * const b = new tg.optim.lrScheduler.ReduceLROnPlateau(opt);
   * b.loadStateDict(a.stateDict());
   * b.best; // 3
   * ```
   */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict): void {
    if (stateDict.lastLr.length !== this.optimizer.paramGroups.length) {
      throw new TensorError(
        `ReduceLROnPlateau.loadStateDict: the state dict has ${stateDict.lastLr.length} learning rates, the optimizer has ${this.optimizer.paramGroups.length} param groups`,
      );
    }
    this.best = stateDict.best;
    this.numBadEpochs = stateDict.numBadEpochs;
    this.cooldownCounter = stateDict.cooldownCounter;
    this.lastEpoch = stateDict.lastEpoch;
    this.#lastLr = [...stateDict.lastLr];
  }

  #worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  #reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }
}
