/**
 * @file SGD's fused update: one pass over a parameter, its gradient and its momentum buffer,
 * bitwise equal to the tensor ops of `SGD.updateGroup` (see `sgd.ts`).
 */
import { zerosLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SGDGroup } from '../sgd.js';
import { arrayOf, bump, direct, operand } from './direct.js';
import { kernelsFor, staged } from './stage.js';

/** Flag bits of the `sgd_f32` kernel. */
const MAXIMIZE = 1, DECAY = 2, MOMENTUM = 4, FIRST = 8, NESTEROV = 16;

/**
 * Updates `p` in one pass from `grad` and the momentum buffer `prev` (null before the first
 * step with momentum), as the tensor ops would: `d = ±g + weightDecay·p`; with momentum
 * `b = d` (a new buffer) or `b = momentum·b + (1 - dampening)·d`, `d = d + momentum·b`
 * (Nesterov) or `b`; `p = p - lr·d`. Returns the buffer to keep (null without momentum), or
 * `undefined`, having changed nothing, when the tensors cannot take the fused path.
 *
 * @internal
 */
export function fusedSgd(p: Tensor, grad: Tensor, prev: Tensor | null, group: SGDGroup): Tensor | null | undefined {
  const { momentum, dampening, weightDecay, nesterov, maximize } = group;
  const negLr = operand(-group.lr);
  const hasMomentum = momentum !== 0;
  const view = direct(hasMomentum && prev !== null ? [p, grad, prev] : [p, grad]);
  if (view === null) return undefined;
  const first = hasMomentum && prev === null;
  const buf = hasMomentum ? (prev ?? zerosLike(p)) : null;
  const flags = (maximize ? MAXIMIZE : 0) | (weightDecay !== 0 ? DECAY : 0) | (hasMomentum ? MOMENTUM : 0) |
    (first ? FIRST : 0) | (nesterov ? NESTEROV : 0);
  // `add_(d, { alpha: 1 - dampening })` skips the multiply when alpha is 1; multiplying by 1 is exact.
  const damp1 = operand(1 - dampening);
  const { n } = view;
  // A new buffer is contiguous from element 0 of its own storage.
  const bufData = buf === null ? null : first ? arrayOf(buf) : view.data[2]!;
  const bufOff = buf === null || first ? 0 : view.offsets[2]!;
  if (view.dtype === 'float32') {
    const [P, G] = view.data as [Float32Array, Float32Array];
    const [po, go] = view.offsets as [number, number];
    const B = bufData as Float32Array | null;
    const rt = kernelsFor(n);
    if (rt !== null) {
      const arrays = [
        { data: P, offset: po, read: true, write: true },
        { data: G, offset: go, read: true, write: false },
        ...(B === null ? [] : [{ data: B, offset: bufOff, read: !first, write: true }]),
      ];
      staged(rt, n, arrays, (ptr, len) => {
        rt.exports.sgd_f32(ptr[0]!, ptr[1]!, ptr[2] ?? 0, len, negLr, weightDecay, momentum, damp1, flags);
      });
    } else {
      sgdF32(P, po, G, go, B, bufOff, n, negLr, weightDecay, momentum, damp1, flags);
    }
  } else {
    const [P, G] = view.data as [Float64Array, Float64Array];
    const [po, go] = view.offsets as [number, number];
    sgdF64(P, po, G, go, bufData as Float64Array | null, bufOff, n, negLr, weightDecay, momentum, damp1, flags);
  }
  bump(p, 1);
  if (buf !== null && !first) bump(buf, 2);
  return buf;
}

/** The float32 update in JS, every operation rounded to float32 as the tensor ops round it. */
function sgdF32(P: Float32Array, po: number, G: Float32Array, go: number, B: Float32Array | null, bo: number, n: number,
  negLr: number, weightDecay: number, momentum: number, damp1: number, flags: number): void {
  const f = Math.fround;
  const lr = f(negLr), wd = f(weightDecay), mom = f(momentum), damp = f(damp1);
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0, first = (flags & FIRST) !== 0;
  const nesterov = (flags & NESTEROV) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let d = G[go + i]!;
    if (maximize) d = -d;
    if (decay) d = f(d + f(pi * wd));
    if (B !== null) {
      const b = first ? d : f(f(B[bo + i]! * mom) + f(d * damp));
      B[bo + i] = b;
      d = nesterov ? f(d + f(b * mom)) : b;
    }
    P[po + i] = pi + f(d * lr);
  }
}

/** The float64 update in JS (double arithmetic is the tensor ops' float64 arithmetic). */
function sgdF64(P: Float64Array, po: number, G: Float64Array, go: number, B: Float64Array | null, bo: number, n: number,
  lr: number, wd: number, mom: number, damp: number, flags: number): void {
  const maximize = (flags & MAXIMIZE) !== 0, decay = (flags & DECAY) !== 0, first = (flags & FIRST) !== 0;
  const nesterov = (flags & NESTEROV) !== 0;
  for (let i = 0; i < n; i++) {
    const pi = P[po + i]!;
    let d = G[go + i]!;
    if (maximize) d = -d;
    if (decay) d = d + pi * wd;
    if (B !== null) {
      const b = first ? d : B[bo + i]! * mom + d * damp;
      B[bo + i] = b;
      d = nesterov ? d + b * mom : b;
    }
    P[po + i] = pi + d * lr;
  }
}
