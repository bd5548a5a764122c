/**
 * @file `OneCycleLR`: the 1cycle policy (PyTorch 1.13's `OneCycleLR`). The learning rate rises
 * from `maxLr / divFactor` to `maxLr` and falls to `initialLr / finalDivFactor`, while the
 * momentum (SGD's and RMSprop's `momentum`, Adam's `betas[0]`) moves the opposite way.
 * Step it after every batch.
 */
import { TensorError } from '../../core/errors.js';
import type { GroupOptions } from '../optimizer.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** Options of `OneCycleLR` (PyTorch's defaults). Give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions extends SchedulerOptions {
  /** Steps in the cycle. */
  totalSteps?: number;
  /** Epochs in the cycle (with `stepsPerEpoch`, when `totalSteps` is not given). */
  epochs?: number;
  /** Steps per epoch (with `epochs`). */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the learning rate (default 0.3). */
  pctStart?: number;
  /** `'cos'` (default) or `'linear'` annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum, reached at the peak learning rate (default 0.85; one per group or one for all). */
  baseMomentum?: number | number[];
  /** Upper momentum, at the start and the end (default 0.95; one per group or one for all). */
  maxMomentum?: number | number[];
  /** `initialLr = maxLr / divFactor` (default 25). */
  divFactor?: number;
  /** `minLr = initialLr / finalDivFactor` (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, down to `initialLr`, then annihilate to `minLr`) instead of two (default false). */
  threePhase?: boolean;
}

/** The momentum options that `OneCycleLR` cycles. */
interface MomentumOptions {
  momentum?: number;
  betas?: [number, number];
}

/** Which group options a phase anneals between. */
type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';

/** One phase of the cycle: it ends at step `endStep`. */
interface Phase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

/** Cosine annealing from `start` to `end` as `pct` goes from 0 to 1. */
const annealCos = (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
/** Linear annealing from `start` to `end` as `pct` goes from 0 to 1. */
const annealLinear = (start: number, end: number, pct: number): number => (end - start) * pct + start;

/**
 * The 1cycle learning-rate policy (`torch.optim.lr_scheduler.OneCycleLR`): warm up to
 * `maxLr` over `pctStart` of the steps, then anneal far below the start; with
 * `cycleMomentum` the momentum goes from `maxMomentum` down to `baseMomentum` and back.
 *
 * @example
 * ```ts
 * const opt = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const sched = new tg.optim.lrScheduler.OneCycleLR(opt, 1, { totalSteps: 10 });
 * sched.getLastLr(); // [0.04]
 * for (let i = 0; i < 2; i++) sched.step();
 * sched.getLastLr(); // [1]
 * opt.paramGroups[0]!.momentum; // 0.85
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Steps in the cycle. */
  readonly totalSteps: number;
  /** Whether momentum is cycled. */
  readonly cycleMomentum: boolean;
  /** Whether the momentum cycled is Adam's `betas[0]`. */
  readonly useBeta1: boolean;
  readonly #phases: Phase[];
  readonly #anneal: (start: number, end: number, pct: number) => number;

  /**
   * A cycle peaking at `maxLr` (one per group or one for all).
   *
   * @example
   * ```ts
   * const opt = new tg.optim.Adam([tg.zeros([1], { requiresGrad: true })]);
   * new tg.optim.lrScheduler.OneCycleLR(opt, 0.01, { epochs: 10, stepsPerEpoch: 100 });
   * ```
   */
  constructor(optimizer: AnyOptimizer, maxLr: number | number[], options: OneCycleLROptions = {}) {
    const { pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, divFactor = 25, finalDivFactor = 1e4 } = options;
    const { threePhase = false, lastEpoch = -1 } = options;
    super(optimizer, lastEpoch);
    const groups = optimizer.paramGroups;
    this.totalSteps = OneCycleLR.#totalSteps(options);
    const total = this.totalSteps;
    this.#phases = threePhase
      ? [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    if (!(pctStart >= 0 && pctStart <= 1)) throw new TensorError(`OneCycleLR: pctStart must be between 0 and 1, got ${pctStart}`);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new TensorError(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got ${String(annealStrategy)}`);
    }
    this.#anneal = annealStrategy === 'cos' ? annealCos : annealLinear;
    const maxLrs = perGroup('maxLr', maxLr, groups.length);
    if (lastEpoch === -1) {
      groups.forEach((group, i) => {
        group.initialLr = maxLrs[i]! / divFactor;
        group.maxLr = maxLrs[i]!;
        group.minLr = group.initialLr / finalDivFactor;
      });
    }
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = 'betas' in optimizer.defaults;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !this.useBeta1) {
        throw new TensorError(`OneCycleLR: cycleMomentum needs an optimizer with momentum or betas; ${optimizer.name} has neither (pass cycleMomentum: false)`);
      }
      const maxMomentums = perGroup('maxMomentum', options.maxMomentum ?? 0.95, groups.length);
      const baseMomentums = perGroup('baseMomentum', options.baseMomentum ?? 0.85, groups.length);
      if (lastEpoch === -1) {
        groups.forEach((group, i) => {
          this.#setMomentum(group, maxMomentums[i]!);
          group.maxMomentum = maxMomentums[i]!;
          group.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    this.initialStep();
  }

  protected override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new TensorError(`OneCycleLR: tried to step ${stepNum + 1} times; the schedule has ${this.totalSteps} total steps`);
    }
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      for (let i = 0; i < this.#phases.length; i++) {
        const phase = this.#phases[i]!;
        if (stepNum <= phase.endStep || i === this.#phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          const lr = this.#anneal(need(group, phase.startLr), need(group, phase.endLr), pct);
          if (this.cycleMomentum) {
            this.#setMomentum(group, this.#anneal(need(group, phase.startMomentum), need(group, phase.endMomentum), pct));
          }
          return lr;
        }
        startStep = phase.endStep;
      }
      return group.lr;
    });
  }

  #setMomentum(group: GroupOptions & MomentumOptions, momentum: number): void {
    if (this.useBeta1) group.betas = [momentum, group.betas?.[1] ?? 0.999];
    else group.momentum = momentum;
  }

  static #totalSteps({ totalSteps, epochs, stepsPerEpoch }: OneCycleLROptions): number {
    if (totalSteps !== undefined) {
      if (!(Number.isInteger(totalSteps) && totalSteps > 0)) throw new TensorError(`OneCycleLR: expected a positive integer totalSteps, got ${totalSteps}`);
      return totalSteps;
    }
    if (epochs === undefined || stepsPerEpoch === undefined) {
      throw new TensorError('OneCycleLR: give either totalSteps or both epochs and stepsPerEpoch');
    }
    if (!(Number.isInteger(epochs) && epochs > 0)) throw new TensorError(`OneCycleLR: expected a positive integer epochs, got ${epochs}`);
    if (!(Number.isInteger(stepsPerEpoch) && stepsPerEpoch > 0)) {
      throw new TensorError(`OneCycleLR: expected a positive integer stepsPerEpoch, got ${stepsPerEpoch}`);
    }
    return epochs * stepsPerEpoch;
  }
}

/** One value per group: the list as given (its length checked) or `value` repeated. */
function perGroup(name: string, value: number | number[], groups: number): number[] {
  if (!Array.isArray(value)) return new Array<number>(groups).fill(value);
  if (value.length !== groups) throw new TensorError(`OneCycleLR: expected ${groups} values for ${name} (one per param group), got ${value.length}`);
  return value;
}

/** A group option `OneCycleLR` set up, or a clear error when it is missing (a resume without the optimizer's state). */
function need(group: GroupOptions, key: LrKey | MomentumKey): number {
  const value = group[key];
  if (value === undefined) throw new TensorError(`OneCycleLR: param group has no ${key}; restore the optimizer's state dict before resuming`);
  return value;
}
