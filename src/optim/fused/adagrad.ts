/**
 * @file Adagrad's fused update: one pass over a parameter, its gradient and its sum of
 * squares, bitwise equal to the tensor ops of `Adagrad.updateGroup` (see `adagrad.ts`).
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { AdagradGroup, AdagradState } from '../adagrad.js';
import { bump, direct, operand } from './direct.js';
import { kernelsFor, staged } from './stage.js';

/** Flag bits of the `adagrad_f32` kernel. */
const MAXIMIZE = 1, DECAY = 2;

/**
 * One Adagrad step of `p` in one pass, with `s.step` already counting this step:
 * `d = ±g + weightDecay·p`, `sum += d²`, `p -= lr/(1 + (t-1)·lrDecay) · d / (√sum + eps)`.
 * Returns false, having changed nothing, when the tensors cannot take the fused path.
 *
 * @internal
 */
export function fusedAdagrad(p: Tensor, grad: Tensor, s: AdagradState, group: AdagradGroup): boolean {
  const { lr, lrDecay, maximize } = group;
  const weightDecay = operand(group.weightDecay), eps = operand(group.eps);
  const view = direct([p, grad, s.sum]);
  if (view === null) return false;
  const flags = (maximize ? MAXIMIZE : 0) | (weightDecay !== 0 ? DECAY : 0);
  const negClr = operand(-(lr / (1 + (s.step - 1) * lrDecay)));
  const { n, offsets: o } = view;
  if (view.dtype === 'float32') {
    const [P, G, S] = view.data as [Float32Array, Float32Array, Float32Array];
    const rt = kernelsFor(n);
    if (rt !== null) {
      const arrays = [
        { data: P, offset: o[0]!, read: true, write: true },
        { data: G, offset: o[1]!, read: true, write: false },
        { data: S, offset: o[2]!, read: true, write: true },
      ];
      staged(rt, n, arrays, (ptr, len) => {
        rt.exports.adagrad_f32(ptr[0]!, ptr[1]!, ptr[2]!, len, negClr, eps, weightDecay, flags);
      });
    } else {
      adagradF32(P, o[0]!, G, o[1]!, S, o[2]!, n, negClr, eps, weightDecay, flags);
    }
  } else {
    const [P, G, S] = view.data as [Float64Array, Float64Array, Float64Array];
    adagradF64(P, o[0]!, G, o[1]!, S, o[2]!, n, negClr, eps, weightDecay, flags);
  }
  bump(s.sum, 1);
  bump(p, 1);
  return true;
}

/** The float32 update in JS, every operation rounded to float32 as the tensor ops round it. */
function adagradF32(P: Float32Array, po: number, G: Float32Array, go: number, S: Float32Array, so: number, n: number,
  negClr: number, epsilon: number, weightDecay: number, flags: number): void {
  const f = Math.fround;
  const lr = f(negClr), eps = f(epsilon), wd = f(weightDecay);
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (decay) g = f(g + f(pi * wd));
    const s = f(S[so + i]! + f(g * g));
    S[so + i] = s;
    P[po + i] = pi + f(f(g * lr) / f(f(Math.sqrt(s)) + eps));
  }
}

/** The float64 update in JS (double arithmetic is the tensor ops' float64 arithmetic). */
function adagradF64(P: Float64Array, po: number, G: Float64Array, go: number, S: Float64Array, so: number, n: number,
  lr: number, eps: number, wd: number, flags: number): void {
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (decay) g = g + pi * wd;
    const s = S[so + i]! + g * g;
    S[so + i] = s;
    P[po + i] = pi + (g * lr) / (Math.sqrt(s) + eps);
  }
}
