/**
 * @file CPU cross-entropy of logit rows against class indices, forward and backward, in one
 * pass per row (the fused form of log-softmax + pick + negate): float64 arithmetic, any strides.
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import type { View } from '../backend.js';
import type { CpuStorage } from './storage.js';

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

/** The row maximum (0 when it is −Inf or NaN, as the softmax loop) and Σ e^(x − max). */
function rowStats(x: TypedArray, p0: number, st: number, C: number): [number, number] {
  let m = -Infinity;
  for (let j = 0, p = p0; j < C; j++, p += st) { const v = x[p]!; if (v > m || v !== v) m = v; }
  if (m === -Infinity || m !== m) m = m !== m ? m : 0;
  let s = 0;
  for (let j = 0, p = p0; j < C; j++, p += st) s += Math.exp(x[p]! - m);
  return [m, s];
}

/** `losses[r] = log Σ_c e^(x[r,c]) − x[r, t[r]]` for `x` `[N, C]`, 0 where `t[r]` is outside `[0, C)`. */
export function crossEntropyLoop(x: View, target: View): TypedArray {
  const [N, C] = x.shape as [number, number];
  const [sr, sc] = x.strides as [number, number];
  const xd = dataOf(x), td = dataOf(target), ts = target.strides[0]!;
  const out = allocTyped(x.storage.dtype, N);
  for (let r = 0; r < N; r++) {
    const t = td[target.offset + r * ts]!;
    if (!(t >= 0 && t < C)) continue;
    const p0 = x.offset + r * sr;
    const [m, s] = rowStats(xd, p0, sc, C);
    out[r] = m + Math.log(s) - xd[p0 + t * sc]!;
  }
  return out;
}

/** `out[r, c] = g[r]·(softmax(x[r])[c] − [c = t[r]])`, 0 rows where `t[r]` is outside `[0, C)`. */
export function crossEntropyBackwardLoop(x: View, target: View, g: View): TypedArray {
  const [N, C] = x.shape as [number, number];
  const [sr, sc] = x.strides as [number, number];
  const xd = dataOf(x), td = dataOf(target), gd = dataOf(g), ts = target.strides[0]!, gs = g.strides[0]!;
  const out = allocTyped(x.storage.dtype, N * C);
  for (let r = 0; r < N; r++) {
    const t = td[target.offset + r * ts]!;
    if (!(t >= 0 && t < C)) continue;
    const p0 = x.offset + r * sr, gr = gd[g.offset + r * gs]!;
    const [m, s] = rowStats(xd, p0, sc, C);
    const scale = gr / s;
    for (let j = 0, p = p0, o = r * C; j < C; j++, p += sc, o++) out[o] = Math.exp(xd[p]! - m) * scale - (j === t ? gr : 0);
  }
  return out;
}
