/**
 * @file `ExponentialMovingAverage`: shadow copies of parameters that follow them with
 * exponential decay, for evaluating with averaged weights (the `torch_ema` package's semantics).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { TensorError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of `ExponentialMovingAverage`. */
export interface EMAOptions {
  /** Weight of the old average at each update, in [0, 1]. */
  decay: number;
  /**
   * Warm up the decay as `min(decay, (1 + n) / (10 + n))` after `n` updates (default true, as
   * `torch_ema`); false uses `decay` from the first update.
   */
  useNumUpdates?: boolean;
}

/** What `ExponentialMovingAverage.stateDict` returns. */
export interface EMAStateDict {
  /** The decay. */
  decay: number;
  /** Updates so far, or null without warm-up. */
  numUpdates: number | null;
  /** The averaged values, one per parameter. */
  shadowParams: Tensor[];
  /** Values saved by `store`, or null. */
  collectedParams: Tensor[] | null;
}

/**
 * Exponential moving average of parameters (`torch_ema.ExponentialMovingAverage`): each
 * `update()` moves every shadow toward its parameter, `shadow -= (1 - decay)·(shadow - param)`.
 * `store()` + `copyTo()` swap the averages in for evaluation, `restore()` swaps the weights back.
 *
 * @example
 * ```ts
 * const w = tg.tensor([0], { requiresGrad: true });
 * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.9, useNumUpdates: false });
 * tg.noGrad(() => w.fill_(1));
 * ema.update();
 * ema.store();
 * ema.copyTo();
 * w.toArray(); // [0.1]
 * ema.restore();
 * w.toArray(); // [1]
 * ```
 */
export class ExponentialMovingAverage {
  /** Weight of the old average at each update. */
  readonly decay: number;
  /** Updates so far, or null when the decay does not warm up. */
  numUpdates: number | null;
  /** The averaged values, one per parameter. */
  shadowParams: Tensor[];
  /** Values saved by `store`, or null. */
  collectedParams: Tensor[] | null = null;
  readonly #params: Tensor[];

  /**
   * Starts the averages at the parameters' current values.
   *
   * @example
   * ```ts
   * const w = tg.zeros([3], { requiresGrad: true });
   * new tg.optim.ExponentialMovingAverage([w], { decay: 0.999 });
   * ```
   */
  constructor(params: readonly Tensor[], { decay, useNumUpdates = true }: EMAOptions) {
    if (!(decay >= 0 && decay <= 1)) throw new TensorError(`ExponentialMovingAverage: decay must be between 0 and 1, got ${decay}`);
    if (!Array.isArray(params) || params.some((p) => !(p instanceof Tensor))) {
      throw new TensorError('ExponentialMovingAverage: params must be an array of tensors');
    }
    this.decay = decay;
    this.numUpdates = useNumUpdates ? 0 : null;
    this.#params = [...params];
    this.shadowParams = params.map((p) => p.detach().clone());
  }

  /**
   * Moves every shadow toward its parameter (the ones given at construction, or `params`).
   *
   * @example
   * ```ts
   * const w = tg.tensor([1]);
   * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.5, useNumUpdates: false });
   * w.fill_(3);
   * ema.update();
   * ema.shadowParams[0]!.toArray(); // [2]
   * ```
   */
  update(params?: readonly Tensor[]): void {
    const ps = this.#resolve(params, 'update');
    let decay = this.decay;
    if (this.numUpdates !== null) {
      this.numUpdates += 1;
      decay = Math.min(decay, (1 + this.numUpdates) / (10 + this.numUpdates));
    }
    const oneMinusDecay = 1 - decay;
    noGrad(() => {
      this.shadowParams.forEach((s, i) => {
        s.sub_(s.sub(ps[i]!).mul_(oneMinusDecay));
      });
    });
  }

  /**
   * Copies the averages into the parameters (the ones given at construction, or `params`).
   *
   * @example
   * ```ts
   * const w = tg.tensor([1]);
   * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.5 });
   * w.fill_(5);
   * ema.copyTo();
   * w.toArray(); // [1]
   * ```
   */
  copyTo(params?: readonly Tensor[]): void {
    const ps = this.#resolve(params, 'copyTo');
    noGrad(() => ps.forEach((p, i) => p.copy_(this.shadowParams[i]!)));
  }

  /**
   * Saves the parameters' current values, for `restore` after evaluating with the averages.
   *
   * @example
   * ```ts
   * const w = tg.tensor([1]);
   * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.5 });
   * ema.store();
   * ema.collectedParams!.length; // 1
   * ```
   */
  store(params?: readonly Tensor[]): void {
    this.collectedParams = this.#resolve(params, 'store').map((p) => p.detach().clone());
  }

  /**
   * Copies the values saved by `store` back into the parameters.
   *
   * @example
   * ```ts
   * const w = tg.tensor([1]);
   * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.5 });
   * ema.store();
   * w.fill_(9);
   * ema.restore();
   * w.toArray(); // [1]
   * ```
   */
  restore(params?: readonly Tensor[]): void {
    const collected = this.collectedParams;
    if (collected === null) throw new TensorError('ExponentialMovingAverage.restore: nothing to restore; call store() first');
    const ps = this.#resolve(params, 'restore');
    noGrad(() => ps.forEach((p, i) => p.copy_(collected[i]!)));
  }

  /**
   * Runs `fn` with the averages in the parameters and puts the weights back afterwards, even
   * when `fn` throws (`torch_ema`'s `average_parameters()` context).
   *
   * @example
   * ```ts
   * const w = tg.tensor([1]);
   * const ema = new tg.optim.ExponentialMovingAverage([w], { decay: 0.5 });
   * w.fill_(3);
   * ema.averageParameters(() => w.item()); // 1
   * w.item(); // 3
   * ```
   */
  averageParameters<R>(fn: () => R, params?: readonly Tensor[]): R {
    this.store(params);
    this.copyTo(params);
    try {
      return fn();
    } finally {
      this.restore(params);
    }
  }

  /**
   * The averages and counters (tensors shared with this object).
   *
   * @example
   * ```ts
   * const ema = new tg.optim.ExponentialMovingAverage([tg.ones([2])], { decay: 0.9 });
   * ema.stateDict().numUpdates; // 0
   * ```
   */
  stateDict(): EMAStateDict {
    return { decay: this.decay, numUpdates: this.numUpdates, shadowParams: this.shadowParams, collectedParams: this.collectedParams };
  }

  /**
   * Restores averages and counters saved by `stateDict` (copied; shapes must match).
   *
   * @example
   * ```ts
   * const a = new tg.optim.ExponentialMovingAverage([tg.ones([2])], { decay: 0.9 });
   * const b = new tg.optim.ExponentialMovingAverage([tg.zeros([2])], { decay: 0.9 });
   * b.loadStateDict(a.stateDict());
   * b.shadowParams[0]!.toArray(); // [1, 1]
   * ```
   */
  loadStateDict(stateDict: EMAStateDict): void {
    const check = (ts: readonly Tensor[], what: string): void => {
      if (ts.length !== this.#params.length) {
        throw new TensorError(`ExponentialMovingAverage.loadStateDict: ${what} has ${ts.length} tensors, expected ${this.#params.length}`);
      }
      ts.forEach((t, i) => {
        const p = this.#params[i]!;
        if (t.ndim !== p.ndim || t.shape.some((d, j) => d !== p.shape[j])) {
          throw new TensorError(`ExponentialMovingAverage.loadStateDict: ${what}[${i}] has shape [${t.shape.join(',')}], expected [${p.shape.join(',')}]`);
        }
      });
    };
    check(stateDict.shadowParams, 'shadowParams');
    if (stateDict.collectedParams !== null) check(stateDict.collectedParams, 'collectedParams');
    const copy = (ts: readonly Tensor[]): Tensor[] => ts.map((t, i) => t.detach().to(this.#params[i]!.dtype).clone());
    this.shadowParams = copy(stateDict.shadowParams);
    this.collectedParams = stateDict.collectedParams === null ? null : copy(stateDict.collectedParams);
    this.numUpdates = stateDict.numUpdates;
  }

  #resolve(params: readonly Tensor[] | undefined, method: string): readonly Tensor[] {
    if (params === undefined) return this.#params;
    if (params.length !== this.shadowParams.length) {
      throw new TensorError(`ExponentialMovingAverage.${method}: got ${params.length} parameters, the average has ${this.shadowParams.length}`);
    }
    return params;
  }
}
