/**
 * @file Classification losses: `nllLoss` on log-probabilities and `crossEntropy` on logits, with
 * class-index targets (int32, `[N]` or `[N, d1, …]`, classes on dim 1 of the input) or, for
 * `crossEntropy`, probability targets shaped like the input. PyTorch 1.13 semantics: `weight`
 * per class, `ignoreIndex`, weighted means divided by the summed weights of the counted targets,
 * and `labelSmoothing`.
 */
import { crossEntropyRows } from '../ops/cross-entropy.js';
import { DTypeError, IndexError, ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { isFloatingDType } from '../core/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkReduction, requireFloatArg, type Reduction } from './losses.js';

/** Options of `nllLoss`. */
export interface NllLossOptions {
  /** Per-class weights `[C]` (optional). */
  weight?: Tensor | null;
  /** A target value that contributes neither loss nor gradient (default -100). */
  ignoreIndex?: number;
  /** 'mean' (default; divided by the summed weights of the counted targets), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: `(1 - ε) target + ε / C` (default 0). */
  labelSmoothing?: number;
}

/** The class-index target's expected shape for `input`: `[]` for `[C]`, else `[N, d1, …]`. */
const targetShapeFor = (input: Tensor): number[] => (input.ndim === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)]);

function checkWeight(op: string, input: Tensor, weight: Tensor | null): void {
  const c = input.shape[input.ndim === 1 ? 0 : 1]!;
  if (weight !== null && !(weight.ndim === 1 && weight.shape[0] === c)) {
    throw new ShapeError(`${op}: weight must have shape [${c}] (one per class of input ${fmtShape(input.shape)}), got ${fmtShape(weight.shape)}`);
  }
}

/** Validates a class-index target against `input` (`[C]` or `[N, C, d1, …]`). */
function checkClassTarget(op: string, input: Tensor, target: Tensor, ignoreIndex: number): void {
  if (target.dtype !== 'int32') {
    throw new DTypeError(`${op}: target must be an int32 tensor of class indices, got dtype ${target.dtype} (shape ${fmtShape(target.shape)})`);
  }
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dim ([C] or [N, C, …]), got a 0-d tensor`);
  const want = targetShapeFor(input);
  if (want.length !== target.ndim || want.some((s, i) => s !== target.shape[i])) {
    throw new ShapeError(`${op}: expected target of shape ${fmtShape(want)} for input ${fmtShape(input.shape)} (classes on dim ${input.ndim === 1 ? 0 : 1}), got ${fmtShape(target.shape)}`);
  }
  const c = input.shape[input.ndim === 1 ? 0 : 1]!;
  for (const v of target.dataSync()) {
    if (v !== ignoreIndex && !(v >= 0 && v < c)) {
      throw new IndexError(`${op}: target ${v} is out of bounds for ${c} classes (input ${fmtShape(input.shape)}; valid: 0 to ${c - 1} or ignoreIndex ${ignoreIndex})`);
    }
  }
}

/** Parts of the class-index losses: per-element `-w[t] · logp[t]` (0 where ignored) and `w[t]`. */
function pickLogProbs(logp: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): { loss: Tensor; w: Tensor } {
  // Work on [N, C, …]: a 1-d input is one sample.
  const lp = logp.ndim === 1 ? logp.unsqueeze(0) : logp;
  const t = logp.ndim === 1 ? target.reshape([1]) : target;
  const kept = t.ne(ignoreIndex);
  const safe = t.where(kept, 0);
  const picked = lp.gather(1, safe.unsqueeze(1)).squeeze(1);
  const dtype = logp.dtype;
  const w = (weight === null ? kept.to(dtype) : weight.indexSelect(0, safe.reshape([-1])).reshape(safe.shape).where(kept, 0)).to(dtype);
  const loss = picked.mul(w).neg().where(kept, 0);
  return logp.ndim === 1 ? { loss: loss.reshape([]), w: w.reshape([]) } : { loss, w };
}

/** Reduction of class-index losses: the mean divides by the summed weights of counted targets. */
function reduceWeighted(loss: Tensor, w: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? loss : reduction === 'sum' ? loss.sum() : loss.sum().div(w.sum());
}

/**
 * Negative log-likelihood of class-index targets: `-weight[t] · input[n, t, …]`, where `input`
 * holds log-probabilities `[N, C]`, `[N, C, d1, …]` or `[C]` and `target` int32 indices `[N]`,
 * `[N, d1, …]` or `[]`. Targets equal to `ignoreIndex` count nothing; 'mean' divides by the sum
 * of the counted targets' weights (NaN when every target is ignored, like PyTorch).
 *
 * @example
 * ```ts
 * const logp = tg.tensor([[0.25, 0.75], [0.5, 0.5]]).log();
 * tg.F.nllLoss(logp, tg.tensor([1, 0], { dtype: 'int32' })); // 0.4904
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const { weight = null, ignoreIndex = -100, reduction = 'mean' } = options;
  checkReduction('nllLoss', reduction);
  requireFloatArg('nllLoss', 'input', input);
  checkClassTarget('nllLoss', input, target, ignoreIndex);
  checkWeight('nllLoss', input, weight);
  const { loss, w } = pickLogProbs(input, target, weight, ignoreIndex);
  return reduceWeighted(loss, w, reduction);
}

/**
 * Cross entropy of logits `input` (`[N, C]`, `[N, C, d1, …]` or `[C]`; classes on dim 1) against
 * either class indices (an int32 `target` `[N]`, `[N, d1, …]` or `[]`; `weight`, `ignoreIndex` as
 * in `nllLoss`) or class probabilities (a float `target` shaped like `input`; 'mean' divides by
 * the number of samples `N · d1 · …`). `labelSmoothing` ε mixes the target with the uniform
 * distribution, as PyTorch 1.13 does.
 *
 * @example
 * ```ts
 * const logits = tg.tensor([[2, 0, 0], [0, 0, 2]]);
 * tg.F.crossEntropy(logits, tg.tensor([0, 2], { dtype: 'int32' }));             // 0.2395
 * tg.F.crossEntropy(logits, tg.tensor([[1, 0, 0], [0, 0.5, 0.5]]));             // 0.7395
 * tg.F.crossEntropy(logits, tg.tensor([0, 2], { dtype: 'int32' }), { labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 } = options;
  checkReduction('crossEntropy', reduction);
  requireFloatArg('crossEntropy', 'input', input);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new TensorError(`crossEntropy: labelSmoothing must be between 0 and 1, got ${labelSmoothing}`);
  }
  if (input.ndim === 0) throw new ShapeError('crossEntropy: input must have a class dim ([C] or [N, C, …]), got a 0-d tensor');
  const classDim = input.ndim === 1 ? 0 : 1;
  const c = input.shape[classDim]!;
  checkWeight('crossEntropy', input, weight);
  const wView = weight === null ? null : weight.reshape(input.shape.map((s, i) => (i === classDim ? s : 1)));
  if (isFloatingDType(target.dtype)) {
    const logp = input.logSoftmax(classDim);
    if (target.ndim !== input.ndim || target.shape.some((s, i) => s !== input.shape[i])) {
      throw new ShapeError(`crossEntropy: a probability target must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)} (class indices need an int32 target)`);
    }
    if (ignoreIndex !== -100) throw new TensorError('crossEntropy: ignoreIndex is not supported for probability (float) targets');
    const t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / c) : target;
    let prod = logp.mul(t);
    if (wView !== null) prod = prod.mul(wView);
    if (reduction === 'none') return prod.sum(classDim).neg();
    const total = prod.sum().neg();
    return reduction === 'sum' ? total : total.div(input.numel / c);
  }
  checkClassTarget('crossEntropy', input, target, ignoreIndex);
  if (input.ndim === 2 && weight === null && labelSmoothing === 0 && !(ignoreIndex >= 0 && ignoreIndex < c)) {
    // The common case as one fused kernel each way (an ignored target lies outside [0, C)).
    const rows = crossEntropyRows(input, target);
    if (reduction === 'none') return rows;
    if (reduction === 'sum') return rows.sum();
    let kept = 0;
    for (const t of target.dataSync()) if (t !== ignoreIndex) kept++;
    return rows.sum().div(kept);
  }
  const logp = input.logSoftmax(classDim);
  const { loss, w } = pickLogProbs(logp, target, weight, ignoreIndex);
  const nll = reduceWeighted(loss, w, reduction);
  if (labelSmoothing === 0) return nll;
  // PyTorch: (1 - ε) nll + ε/C · Σ_c -w_c logp_c, with the same ignoring and normalization.
  const kept = target.ne(ignoreIndex);
  const smooth = (wView === null ? logp : logp.mul(wView)).sum(classDim).neg().where(kept, 0);
  const smoothReduced = reduceWeighted(smooth, w, reduction);
  return nll.mul(1 - labelSmoothing).add(smoothReduced.mul(labelSmoothing / c));
}
