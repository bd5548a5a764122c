/**
 * @file Regression and binary losses: `mseLoss`, `l1Loss`, `smoothL1Loss`, `huberLoss`,
 * `binaryCrossEntropy`, `binaryCrossEntropyWithLogits`, `klDiv`, and the shared `reduction`
 * handling ('mean' | 'sum' | 'none'). Class-index losses are in `losses-classification.ts`.
 */
import { DTypeError, ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { isFloatingDType } from '../core/dtype.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a loss reduces its elementwise values: their mean (default), their sum, or not at all. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by the losses. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Throws unless `reduction` is one of `allowed`. */
export function checkReduction(op: string, reduction: string, allowed: readonly string[] = ['mean', 'sum', 'none']): void {
  if (!allowed.includes(reduction)) {
    throw new TensorError(`${op}: reduction must be ${allowed.map((r) => `'${r}'`).join(', ')}; got '${reduction}'`);
  }
}

/** Applies `reduction` to elementwise losses. */
export function reduce(op: string, loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkReduction(op, reduction);
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

/** Throws unless `t` is a float tensor (`what` names it in the message). */
export function requireFloatArg(op: string, what: string, t: Tensor): void {
  if (!isFloatingDType(t.dtype)) {
    throw new DTypeError(`${op}: ${what} must be a float32 or float64 tensor, got dtype ${t.dtype} (shape ${fmtShape(t.shape)})`);
  }
}

/** Checks dtypes and that input and target broadcast (PyTorch broadcasts regression targets). */
function pair(op: string, input: Tensor, target: Tensor): void {
  requireFloatArg(op, 'input', input);
  requireFloatArg(op, 'target', target);
  try {
    broadcastShapes(op, input.shape, target.shape);
  } catch {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} are not broadcastable (use the same shape)`);
  }
}

/** Checks dtypes and that input and target have the same shape (the binary cross entropies). */
function samePair(op: string, input: Tensor, target: Tensor): void {
  requireFloatArg(op, 'input', input);
  requireFloatArg(op, 'target', target);
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new ShapeError(`${op}: target ${fmtShape(target.shape)} must have the same shape as input ${fmtShape(input.shape)}`);
  }
}

/**
 * Mean squared error, `(input - target)²`, reduced.
 *
 * @example
 * ```ts
 * tg.F.mseLoss(tg.tensor([1, 2]), tg.tensor([0, 0])); // 2.5
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  pair('mseLoss', input, target);
  return reduce('mseLoss', input.sub(target).square(), options.reduction);
}

/**
 * Mean absolute error, `|input - target|`, reduced.
 *
 * @example
 * ```ts
 * tg.F.l1Loss(tg.tensor([1, -2]), tg.tensor([0, 0]), { reduction: 'sum' }); // 3
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  pair('l1Loss', input, target);
  return reduce('l1Loss', input.sub(target).abs(), options.reduction);
}

/** Options of `smoothL1Loss`. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives `l1Loss`). */
  beta?: number;
}

/**
 * Smooth L1 loss: `0.5 d² / beta` where `|d| < beta`, else `|d| - 0.5 beta` (`d = input - target`).
 *
 * @example
 * ```ts
 * tg.F.smoothL1Loss(tg.tensor([0.5, 3]), tg.tensor([0, 0]), { reduction: 'none' }); // [0.125, 2.5]
 * ```
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const { beta = 1, reduction } = options;
  pair('smoothL1Loss', input, target);
  if (!(beta >= 0)) throw new TensorError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  if (beta === 0) return l1Loss(input, target, { reduction: reduction ?? 'mean' });
  const d = input.sub(target), a = d.abs();
  return reduce('smoothL1Loss', d.square().mul(0.5 / beta).where(a.lt(beta), a.sub(0.5 * beta)), reduction);
}

/** Options of `huberLoss`. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1, must be positive). */
  delta?: number;
}

/**
 * Huber loss: `0.5 d²` where `|d| < delta`, else `delta (|d| - 0.5 delta)` (`d = input - target`).
 *
 * @example
 * ```ts
 * tg.F.huberLoss(tg.tensor([0.5, 3]), tg.tensor([0, 0]), { delta: 1, reduction: 'none' }); // [0.125, 2.5]
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const { delta = 1, reduction } = options;
  pair('huberLoss', input, target);
  if (!(delta > 0)) throw new TensorError(`huberLoss: delta must be positive, got ${delta}`);
  const d = input.sub(target), a = d.abs();
  return reduce('huberLoss', d.square().mul(0.5).where(a.lt(delta), a.sub(0.5 * delta).mul(delta)), reduction);
}

/** Options of `binaryCrossEntropy`. */
export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Rescales each element's loss (broadcast to the input's shape). */
  weight?: Tensor | null;
}

/** e⁻¹⁰⁰: logs of smaller values are clamped to -100, as PyTorch does. */
const EXP_MINUS_100 = Math.exp(-100);

/**
 * Binary cross entropy of probabilities: `-w (t log x + (1 - t) log(1 - x))`, each log clamped
 * to ≥ -100 as in PyTorch, so `x = 0` or `1` gives a finite loss. `input` and `target` must have
 * the same shape; `input` in [0, 1]. Gradients are those of this formula; they differ from
 * PyTorch's hand-written ones only where a log is clamped (`x` or `1 - x` below e⁻¹⁰⁰): there the
 * input gradient is 0 (PyTorch: ±t·10¹²) and the target gradient uses the clamped logs.
 * The input range is checked on the CPU (it reads the values).
 *
 * @example
 * ```ts
 * tg.F.binaryCrossEntropy(tg.tensor([0.5, 0.9]), tg.tensor([1, 1])); // 0.3993
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const { weight = null, reduction } = options;
  samePair('binaryCrossEntropy', input, target);
  for (const v of input.dataSync()) {
    if (!(v >= 0 && v <= 1)) throw new TensorError(`binaryCrossEntropy: all elements of input must be between 0 and 1, got ${v}`);
  }
  const logX = input.clamp(EXP_MINUS_100).log();
  const log1mX = input.neg().add(1).clamp(EXP_MINUS_100).log();
  let loss = target.sub(1).mul(log1mX).sub(target.mul(logX));
  if (weight !== null) loss = loss.mul(weight);
  return reduce('binaryCrossEntropy', loss, reduction);
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BinaryCrossEntropyWithLogitsOptions extends LossOptions {
  /** Rescales each element's loss (broadcast to the input's shape). */
  weight?: Tensor | null;
  /** Weight of the positive term, broadcast along the last (class) dim. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross entropy on logits, `-w (p t log σ(x) + (1 - t) log(1 - σ(x)))` with `p = posWeight`,
 * computed in PyTorch's stable form (no overflow for large |x|).
 *
 * @example
 * ```ts
 * tg.F.binaryCrossEntropyWithLogits(tg.tensor([0, 100]), tg.tensor([1, 1])); // 0.3466
 * ```
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const { weight = null, posWeight = null, reduction } = options;
  samePair('binaryCrossEntropyWithLogits', input, target);
  // log(1 + exp(-x)) = m + log(exp(-m) + exp(-x - m)) with m = max(-x, 0).
  const m = input.neg().clamp(0);
  const softplusNeg = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
  const logWeight = posWeight === null ? null : posWeight.sub(1).mul(target).add(1);
  let loss = target.neg().add(1).mul(input).add(logWeight === null ? softplusNeg : logWeight.mul(softplusNeg));
  if (weight !== null) loss = loss.mul(weight);
  return reduce('binaryCrossEntropyWithLogits', loss, reduction);
}

/** Options of `klDiv`. */
export interface KlDivOptions {
  /** 'mean' (default; over all elements), 'batchmean' (sum / batch size, the true KL), 'sum' or 'none'. */
  reduction?: Reduction | 'batchmean';
  /** `target` holds log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence with `input` as log-probabilities: `t (log t - input)` elementwise
 * (0 where `t = 0`), or `exp(t) (t - input)` with `logTarget`. Use `reduction: 'batchmean'` for
 * the mathematical KL divergence per sample.
 *
 * @example
 * ```ts
 * const logQ = tg.tensor([[0.25, 0.75]]).log();
 * tg.F.klDiv(logQ, tg.tensor([[0.5, 0.5]]), { reduction: 'batchmean' }); // 0.1438
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const { reduction = 'mean', logTarget = false } = options;
  pair('klDiv', input, target);
  checkReduction('klDiv', reduction, ['mean', 'batchmean', 'sum', 'none']);
  const loss = logTarget
    ? target.exp().mul(target.sub(input))
    : target.mul(target.where(target.ne(0), 1).log()).sub(target.mul(input));
  if (reduction !== 'batchmean') return reduce('klDiv', loss, reduction);
  const sum = loss.sum();
  return input.ndim === 0 ? sum : sum.div(input.shape[0]!);
}
