// Inline f32x4 helpers shared by the kernels in math.ts and rows.ts: vector exp and friends,
// zero-padded tail loads and stores. This file exports no kernels (index.ts does not re-export
// it), only `@inline` functions that are compiled into their callers.

// ---------------------------------------------------------------------------------------------
// Helpers

@inline export function splat(c: f32): v128 {
  return f32x4.splat(c);
}

@inline export function isplat(c: i32): v128 {
  return i32x4.splat(c);
}

/** 1.5·2²³: adding it to |v| < 2²² rounds v to an integer held in the low mantissa bits. */
// @ts-ignore: decorator
@inline export const ROUND_MAGIC: f32 = 12582912.0;
// @ts-ignore: decorator
@inline export const ROUND_MAGIC_BITS: i32 = 0x4B400000;
// @ts-ignore: decorator
@inline export const SIGN: i32 = 0x80000000;

/** |x| by clearing the sign bits (V8 rebuilds f32x4.abs's mask on every use). */
@inline export function vabs(x: v128): v128 {
  return v128.and(x, isplat(0x7FFFFFFF));
}

/** Loads the `r` (1 to 3) values at `p` into a zero-padded vector. */
@inline export function loadTail(p: usize, r: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `r` (1 to 3) lanes of `v` at `p`. */
@inline export function storeTail(p: usize, v: v128, r: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (r > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (r > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

// ---------------------------------------------------------------------------------------------
// exp
//
// eˣ = 2ᵏ·eʳ with k = round(x·log₂e) and r = x − k·ln2 (Cody–Waite: ln2 = 0.693359375 −
// 2.12194440e-4, the first part 9 significant bits, so k·it and x − k·it are exact), |r| ≤ ln2/2,
// eʳ = 1 + (r + r²·Q(r)) with Q of degree 4 (minimax, fitted for this module; Estrin's scheme).
// 2ᵏ is applied by adding k to the exponent field where every lane is within |x| ≤ 86.5
// (result normal), otherwise as two factors 2^⌊k/2⌋·2^(k−⌊k/2⌋) after clamping x to [-104, 88.8],
// so subnormal results round once and overflow gives Inf. Both ways give the same bits for
// the same input, so results never depend on a value's neighbours.

/** 1 + (r + r²·Q(r)) ≈ eʳ for |r| ≤ ln2/2. */
@inline export function expPoly(r: v128): v128 {
  const z = f32x4.mul(r, r);
  const a = f32x4.add(f32x4.mul(splat(0.166665211), r), splat(0.49999994));
  const b = f32x4.add(f32x4.mul(splat(0.00836868305), r), splat(0.041668389));
  const q = f32x4.add(f32x4.add(a, f32x4.mul(b, z)), f32x4.mul(splat(0.00138144614), f32x4.mul(z, z)));
  return f32x4.add(splat(1.0), f32x4.add(r, f32x4.mul(q, z)));
}

/** x − k·ln2 in two parts (`kf` = k as a float). */
@inline export function expReduce(x: v128, kf: v128): v128 {
  return f32x4.sub(f32x4.sub(x, f32x4.mul(kf, splat(0.693359375))), f32x4.mul(kf, splat(-2.12194440e-4)));
}

/** The bits of 86.5, the largest |x| where eˣ is normal and the fast scaling applies. */
// @ts-ignore: decorator
@inline export const EXP_FAST_BITS: i32 = 0x42AD0000;

/**
 * Whether every lane of x has |x| ≤ 86.5 (NaN fails: its bits are larger than Inf's).
 * Compared as integers: |x|'s bits order like |x|.
 */
@inline export function expFastRange(x: v128): bool {
  return !v128.any_true(i32x4.gt_s(v128.and(x, isplat(0x7FFFFFFF)), isplat(EXP_FAST_BITS)));
}

/** `expFastRange` for four vectors at once (one test on the lane-wise max of the bits). */
@inline export function expFastRange4(a: v128, b: v128, c: v128, d: v128): bool {
  const m = isplat(0x7FFFFFFF);
  const hi = i32x4.max_s(i32x4.max_s(v128.and(a, m), v128.and(b, m)), i32x4.max_s(v128.and(c, m), v128.and(d, m)));
  return !v128.any_true(i32x4.gt_s(hi, isplat(EXP_FAST_BITS)));
}

/** eˣ for |x| ≤ 86.5 (every lane: see `expFastRange`). */
@inline export function vexpFast(x: v128): v128 {
  const t = f32x4.mul(x, splat(1.44269504088896341));
  // t + 1.5·2²³ holds round(t) in its low mantissa bits; shifted by 23, they add k to p's exponent.
  const km = f32x4.add(t, splat(ROUND_MAGIC));
  const kf = f32x4.nearest(t);
  return i32x4.add(expPoly(expReduce(x, kf)), i32x4.shl(km, 23));
}

/** eˣ for any x: NaN stays NaN, overflow gives Inf, underflow subnormals then 0. */
@inline export function vexpAny(x: v128): v128 {
  // Past these bounds float32 results are 0 / Inf anyway (e^-104 < 2^-150, e^88.8 > 2^128);
  // pmin/pmax keep a NaN in their first operand.
  const c = f32x4.pmax(f32x4.pmin(x, splat(88.8)), splat(-104.0));
  const t = f32x4.mul(c, splat(1.44269504088896341));
  const ki = i32x4.sub(f32x4.add(t, splat(ROUND_MAGIC)), isplat(ROUND_MAGIC_BITS));
  const p = expPoly(expReduce(c, f32x4.nearest(t)));
  const k1 = i32x4.shr_s(ki, 1);
  const s1 = i32x4.shl(i32x4.add(k1, isplat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(ki, k1), isplat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** eˣ, fast scaling where it applies. */
@inline export function vexp(x: v128): v128 {
  return expFastRange(x) ? vexpFast(x) : vexpAny(x);
}

/**
 * `m·eˣ` for |x| ≤ 86.5 where the result is normal (m multiplies eʳ before 2ᵏ goes into the
 * exponent field). A NaN x may come out as a number: callers handle NaN.
 */
@inline export function vexpFastMul(x: v128, m: v128): v128 {
  const t = f32x4.mul(x, splat(1.44269504088896341));
  const km = f32x4.add(t, splat(ROUND_MAGIC));
  return i32x4.add(f32x4.mul(expPoly(expReduce(x, f32x4.nearest(t))), m), i32x4.shl(km, 23));
}

/**
 * ln x for normal positive finite x, `eadj` subtracted from the exponent (for subnormals
 * scaled by 2²³). FreeBSD's logf: x = 2ᵉ·(1 + f) with 1 + f in [√½, √2), s = f/(2 + f),
 * ln(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) with R of degree 4 in s², e·ln2 added in two parts.
 */
@inline function logCore(x: v128, eadj: v128): v128 {
  // Bits of x relative to √½: the exponent field is e, the rest a mantissa in [√½, √2).
  const b = i32x4.sub(x, isplat(0x3F3504F3));
  const dk = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(b, 23), eadj));
  const f = f32x4.sub(i32x4.add(v128.and(b, isplat(0x007FFFFF)), isplat(0x3F3504F3)), splat(1.0));
  const s = f32x4.div(f, f32x4.add(splat(2.0), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(splat(0.40000972152), f32x4.mul(w, splat(0.24279078841))));
  const t2 = f32x4.mul(z, f32x4.add(splat(0.66666662693), f32x4.mul(w, splat(0.28498786688))));
  const hfsq = f32x4.mul(f32x4.mul(f, f), splat(0.5));
  let r = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, f32x4.add(t2, t1))), f32x4.mul(dk, splat(9.0580006145e-06)));
  r = f32x4.add(f32x4.sub(r, hfsq), f);
  return f32x4.add(r, f32x4.mul(dk, splat(6.9313812256e-01)));
}

/** ln x: 0 → -Inf, < 0 → NaN, +Inf and NaN → themselves, subnormals exact. */
@inline export function vlog(x: v128): v128 {
  const ok = v128.and(f32x4.ge(x, splat(1.17549435e-38)), f32x4.lt(x, splat(<f32>Infinity)));
  if (i32x4.all_true(ok)) return logCore(x, splat(0));
  const sub = f32x4.lt(x, splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, splat(8388608.0)), x, sub);
  const res = logCore(xs, v128.and(sub, isplat(23)));
  let sp = v128.bitselect(splat(-<f32>Infinity), x, f32x4.eq(x, splat(0)));
  sp = v128.bitselect(splat(<f32>NaN), sp, f32x4.lt(x, splat(0)));
  return v128.bitselect(res, sp, v128.and(f32x4.gt(x, splat(0)), f32x4.lt(x, splat(<f32>Infinity))));
}
