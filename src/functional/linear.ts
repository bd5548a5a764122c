/**
 * @file Affine maps: `linear` (`x Wᵀ + b`) and `bilinear` (`x₁ᵀ W x₂ + b`), composed from
 * `matmul`, broadcasting and reductions.
 */
import { ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `x Wᵀ + b`: the affine map of `nn.Linear`.
 *
 * @param x - input `[…, inFeatures]`
 * @param weight - `[outFeatures, inFeatures]`
 * @param bias - `[outFeatures]` (optional)
 * @returns `[…, outFeatures]`
 * @example
 * ```ts
 * const x = tg.ones([2, 3]);
 * const w = tg.tensor([[1, 2, 3], [0, 0, 1]]);
 * tg.F.linear(x, w, tg.tensor([0.5, 0])); // [[6.5, 1], [6.5, 1]]
 * ```
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2) {
    throw new ShapeError(`linear: weight must be 2-d [outFeatures, inFeatures], got shape ${fmtShape(weight.shape)}`);
  }
  const [out, inF] = weight.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: input ${fmtShape(x.shape)} must end in inFeatures = ${inF} (weight ${fmtShape(weight.shape)})`);
  }
  if (bias != null && !(bias.ndim === 1 && bias.shape[0] === out)) {
    throw new ShapeError(`linear: bias must have shape [${out}] (outFeatures of weight ${fmtShape(weight.shape)}), got ${fmtShape(bias.shape)}`);
  }
  const y = x.matmul(weight.transpose(0, 1));
  return bias != null ? y.add(bias) : y;
}

/**
 * `y[…, o] = Σᵢⱼ x₁[…, i] W[o, i, j] x₂[…, j] + b[o]`: the map of `nn.Bilinear`.
 *
 * @param x1 - `[…, in1Features]`
 * @param x2 - `[…, in2Features]` (the same leading dims as `x1`)
 * @param weight - `[outFeatures, in1Features, in2Features]`
 * @param bias - `[outFeatures]` (optional)
 * @returns `[…, outFeatures]`
 * @example
 * ```ts
 * const w = tg.ones([4, 2, 3]);
 * tg.F.bilinear(tg.ones([5, 2]), tg.ones([5, 3]), w).shape; // [5, 4]
 * ```
 */
export function bilinear(x1: Tensor, x2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 3) {
    throw new ShapeError(`bilinear: weight must be 3-d [outFeatures, in1Features, in2Features], got shape ${fmtShape(weight.shape)}`);
  }
  const [out, in1, in2] = weight.shape as [number, number, number];
  const lead1 = x1.shape.slice(0, -1), lead2 = x2.shape.slice(0, -1);
  const ok = x1.ndim >= 1 && x2.ndim === x1.ndim && x1.shape[x1.ndim - 1] === in1 && x2.shape[x2.ndim - 1] === in2
    && lead1.every((s, i) => s === lead2[i]);
  if (!ok) {
    throw new ShapeError(
      `bilinear: inputs ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)} must share their leading dims and end in `
      + `${in1} and ${in2} (weight ${fmtShape(weight.shape)})`,
    );
  }
  if (bias != null && !(bias.ndim === 1 && bias.shape[0] === out)) {
    throw new ShapeError(`bilinear: bias must have shape [${out}] (outFeatures of weight ${fmtShape(weight.shape)}), got ${fmtShape(bias.shape)}`);
  }
  // t[n, o, j] = Σᵢ x₁[n, i] W[o, i, j], then y[n, o] = Σⱼ t[n, o, j] x₂[n, j].
  const a = x1.reshape([-1, in1]), b = x2.reshape([-1, in2]);
  const w = weight.permute([1, 0, 2]).reshape([in1, out * in2]);
  const t = a.matmul(w).reshape([-1, out, in2]);
  const y = t.mul(b.unsqueeze(1)).sum(2).reshape([...lead1, out]);
  return bias != null ? y.add(bias) : y;
}
