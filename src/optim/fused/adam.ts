/**
 * @file Adam's and AdamW's fused update: one pass over a parameter, its gradient and its
 * moments, bitwise equal to the tensor ops of `Adam` / `AdamW` (see `adam.ts`, `adamw.ts`).
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { AdamGroup, AdamState } from '../adam.js';
import { bump, direct, operand } from './direct.js';
import { kernelsFor, staged } from './stage.js';

/** Flag bits of the `adam_f32` kernel. */
const MAXIMIZE = 1, L2 = 2, DECOUPLED = 4, AMSGRAD = 8;

/** The scalars of one step, as the tensor ops compute them in double before rounding. */
interface AdamScalars {
  beta1: number; c1: number; beta2: number; c2: number;
  negStepSize: number; bc2Sqrt: number; eps: number; weightDecay: number; decay: number;
}

/**
 * One Adam (`decoupled` false) or AdamW (`decoupled` true) step of `p` in one pass, with
 * `s.step` already counting this step: `d = ±g` (`+ weightDecay·p` for Adam), `p *= 1 -
 * lr·weightDecay` (AdamW), then the moments and `p += -lr/(1-β₁ᵗ) · m / (√v̂/√(1-β₂ᵗ) + eps)`.
 * Returns false, having changed nothing, when the tensors cannot take the fused path.
 *
 * @internal
 */
export function fusedAdam(p: Tensor, grad: Tensor, s: AdamState, group: AdamGroup, decoupled: boolean): boolean {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  const tensors = [p, grad, s.expAvg, s.expAvgSq];
  if (amsgrad) tensors.push(s.maxExpAvgSq!);
  const view = direct(tensors);
  if (view === null) return false;
  const flags = (maximize ? MAXIMIZE : 0) | (!decoupled && weightDecay !== 0 ? L2 : 0) |
    (decoupled ? DECOUPLED : 0) | (amsgrad ? AMSGRAD : 0);
  const sc: AdamScalars = {
    beta1: operand(beta1), c1: operand(1 - beta1), beta2: operand(beta2), c2: operand(1 - beta2),
    negStepSize: operand(-(lr / (1 - beta1 ** s.step))), bc2Sqrt: operand(Math.sqrt(1 - beta2 ** s.step)),
    eps: operand(eps), weightDecay: operand(weightDecay), decay: operand(1 - lr * weightDecay),
  };
  const { n, offsets: o } = view;
  if (view.dtype === 'float32') {
    const d = view.data;
    const rt = kernelsFor(n);
    if (rt !== null) {
      const arrays = d.map((data, k) => ({ data, offset: o[k]!, read: true, write: k !== 1 }));
      staged(rt, n, arrays, (ptr, len) => {
        rt.exports.adam_f32(ptr[0]!, ptr[1]!, ptr[2]!, ptr[3]!, ptr[4] ?? 0, len, sc.beta1, sc.c1, sc.beta2, sc.c2,
          sc.negStepSize, sc.bc2Sqrt, sc.eps, sc.weightDecay, sc.decay, flags);
      });
    } else {
      adamF32(d, o, n, sc, flags);
    }
  } else {
    adamF64(view.data, o, n, sc, flags);
  }
  bump(p, decoupled ? 2 : 1);
  bump(s.expAvg, 2);
  bump(s.expAvgSq, 2);
  if (amsgrad) bump(s.maxExpAvgSq!, 1);
  return true;
}

/** The float32 update in JS, every operation rounded to float32 as the tensor ops round it. */
function adamF32(data: Float32Array[], o: number[], n: number, sc: AdamScalars, flags: number): void {
  const f = Math.fround;
  const [P, G, M, V] = data as [Float32Array, Float32Array, Float32Array, Float32Array];
  const X = data[4] ?? null;
  const [po, go, mo, vo] = o as [number, number, number, number];
  const xo = o[4] ?? 0;
  const b1 = f(sc.beta1), c1 = f(sc.c1), b2 = f(sc.beta2), c2 = f(sc.c2), step = f(sc.negStepSize);
  const bc2 = f(sc.bc2Sqrt), eps = f(sc.eps), wd = f(sc.weightDecay), decay = f(sc.decay);
  const maximize = (flags & MAXIMIZE) !== 0, l2 = (flags & L2) !== 0, decoupled = (flags & DECOUPLED) !== 0;
  for (let i = 0; i < n; i++) {
    let pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (l2) g = f(g + f(pi * wd));
    if (decoupled) pi = f(pi * decay);
    const m = f(f(M[mo + i]! * b1) + f(g * c1));
    M[mo + i] = m;
    const v = f(f(V[vo + i]! * b2) + f(f(g * c2) * g));
    V[vo + i] = v;
    let second = v;
    if (X !== null) {
      const x = X[xo + i]!;
      second = x > v || x !== x ? x : v;
      X[xo + i] = second;
    }
    const denom = f(f(f(Math.sqrt(second)) / bc2) + eps);
    P[po + i] = pi + f(f(m * step) / denom);
  }
}

/** The float64 update in JS (double arithmetic is the tensor ops' float64 arithmetic). */
function adamF64(data: Float64Array[], o: number[], n: number, sc: AdamScalars, flags: number): void {
  const [P, G, M, V] = data as [Float64Array, Float64Array, Float64Array, Float64Array];
  const X = data[4] ?? null;
  const [po, go, mo, vo] = o as [number, number, number, number];
  const xo = o[4] ?? 0;
  const { beta1: b1, c1, beta2: b2, c2, negStepSize: step, bc2Sqrt: bc2, eps, weightDecay: wd, decay } = sc;
  const maximize = (flags & MAXIMIZE) !== 0, l2 = (flags & L2) !== 0, decoupled = (flags & DECOUPLED) !== 0;
  for (let i = 0; i < n; i++) {
    let pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (l2) g = g + pi * wd;
    if (decoupled) pi = pi * decay;
    const m = M[mo + i]! * b1 + g * c1;
    M[mo + i] = m;
    const v = V[vo + i]! * b2 + g * c2 * g;
    V[vo + i] = v;
    let second = v;
    if (X !== null) {
      const x = X[xo + i]!;
      second = x > v || x !== x ? x : v;
      X[xo + i] = second;
    }
    P[po + i] = pi + (m * step) / (Math.sqrt(second) / bc2 + eps);
  }
}
