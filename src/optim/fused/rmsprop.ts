/**
 * @file RMSprop's fused update: one pass over a parameter, its gradient and its running
 * averages, bitwise equal to the tensor ops of `RMSprop.updateGroup` (see `rmsprop.ts`).
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { RMSpropGroup, RMSpropState } from '../rmsprop.js';
import { bump, direct, operand } from './direct.js';
import { kernelsFor, staged } from './stage.js';

/** Flag bits of the `rmsprop_f32` kernel. */
const MAXIMIZE = 1, DECAY = 2, CENTERED = 4, MOMENTUM = 8;

/** The scalars of one step. */
interface RMSpropScalars {
  alpha: number; c: number; eps: number; weightDecay: number; momentum: number; negLr: number;
}

/**
 * One RMSprop step of `p` in one pass (state already created for the group's options):
 * `d = ±g + weightDecay·p`, `v = αv + (1-α)d²`, `avg = √(v - ḡ²) + eps` (centered, with
 * `ḡ = αḡ + (1-α)d`) or `√v + eps`; `b = momentum·b + d/avg`, `p -= lr·b` (momentum) or
 * `p -= lr·d/avg`. Returns false, having changed nothing, when the tensors cannot take the
 * fused path.
 *
 * @internal
 */
export function fusedRmsprop(p: Tensor, grad: Tensor, s: RMSpropState, group: RMSpropGroup): boolean {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
  const hasMomentum = momentum > 0;
  const tensors = [p, grad, s.squareAvg];
  if (centered) tensors.push(s.gradAvg!);
  if (hasMomentum) tensors.push(s.momentumBuffer!);
  const view = direct(tensors);
  if (view === null) return false;
  const flags = (maximize ? MAXIMIZE : 0) | (weightDecay !== 0 ? DECAY : 0) | (centered ? CENTERED : 0) |
    (hasMomentum ? MOMENTUM : 0);
  const sc: RMSpropScalars = {
    alpha: operand(alpha), c: operand(1 - alpha), eps: operand(eps), weightDecay: operand(weightDecay),
    momentum: operand(momentum), negLr: operand(-lr),
  };
  const { n, offsets } = view;
  // Positions of the optional arrays in `tensors`: gradAvg (centered) before momentumBuffer.
  const ga = centered ? 3 : -1;
  const mb = hasMomentum ? (centered ? 4 : 3) : -1;
  if (view.dtype === 'float32') {
    const data = view.data;
    const rt = kernelsFor(n);
    if (rt !== null) {
      const arrays = data.map((d, k) => ({ data: d, offset: offsets[k]!, read: true, write: k !== 1 }));
      staged(rt, n, arrays, (ptr, len) => {
        rt.exports.rmsprop_f32(ptr[0]!, ptr[1]!, ptr[2]!, ga < 0 ? 0 : ptr[ga]!, mb < 0 ? 0 : ptr[mb]!, len,
          sc.alpha, sc.c, sc.eps, sc.weightDecay, sc.momentum, sc.negLr, flags);
      });
    } else {
      rmspropF32(data, offsets, ga, mb, n, sc, flags);
    }
  } else {
    rmspropF64(view.data, offsets, ga, mb, n, sc, flags);
  }
  bump(s.squareAvg, 2);
  if (centered) bump(s.gradAvg!, 2);
  if (hasMomentum) bump(s.momentumBuffer!, 2);
  bump(p, 1);
  return true;
}

/** The float32 update in JS, every operation rounded to float32 as the tensor ops round it. */
function rmspropF32(data: Float32Array[], o: number[], ga: number, mb: number, n: number, sc: RMSpropScalars, flags: number): void {
  const f = Math.fround;
  const [P, G, V] = data as [Float32Array, Float32Array, Float32Array];
  const A = ga < 0 ? null : data[ga]!, B = mb < 0 ? null : data[mb]!;
  const [po, go, vo] = o as [number, number, number];
  const ao = ga < 0 ? 0 : o[ga]!, bo = mb < 0 ? 0 : o[mb]!;
  const alpha = f(sc.alpha), c = f(sc.c), eps = f(sc.eps), wd = f(sc.weightDecay), mom = f(sc.momentum), lr = f(sc.negLr);
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (decay) g = f(g + f(pi * wd));
    const v = f(f(V[vo + i]! * alpha) + f(f(g * c) * g));
    V[vo + i] = v;
    let avg: number;
    if (A !== null) {
      const a = f(f(A[ao + i]! * alpha) + f(g * c));
      A[ao + i] = a;
      avg = f(Math.sqrt(f(v + f(-a * a))));
    } else {
      avg = f(Math.sqrt(v));
    }
    avg = f(avg + eps);
    if (B !== null) {
      const b = f(f(B[bo + i]! * mom) + f(g / avg));
      B[bo + i] = b;
      P[po + i] = pi + f(b * lr);
    } else {
      P[po + i] = pi + f(f(g * lr) / avg);
    }
  }
}

/** The float64 update in JS (double arithmetic is the tensor ops' float64 arithmetic). */
function rmspropF64(data: Float64Array[], o: number[], ga: number, mb: number, n: number, sc: RMSpropScalars, flags: number): void {
  const [P, G, V] = data as [Float64Array, Float64Array, Float64Array];
  const A = ga < 0 ? null : data[ga]!, B = mb < 0 ? null : data[mb]!;
  const [po, go, vo] = o as [number, number, number];
  const ao = ga < 0 ? 0 : o[ga]!, bo = mb < 0 ? 0 : o[mb]!;
  const { alpha, c, eps, weightDecay: wd, momentum: mom, negLr: lr } = sc;
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let g = G[go + i]!;
    if (maximize) g = -g;
    if (decay) g = g + pi * wd;
    const v = V[vo + i]! * alpha + g * c * g;
    V[vo + i] = v;
    let avg: number;
    if (A !== null) {
      const a = A[ao + i]! * alpha + g * c;
      A[ao + i] = a;
      avg = Math.sqrt(v + -a * a);
    } else {
      avg = Math.sqrt(v);
    }
    avg = avg + eps;
    if (B !== null) {
      const b = B[bo + i]! * mom + g / avg;
      B[bo + i] = b;
      P[po + i] = pi + b * lr;
    } else {
      P[po + i] = pi + (g * lr) / avg;
    }
  }
}
