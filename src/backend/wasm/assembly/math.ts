// Vectorised float32 math: exp, log, tanh, sigmoid, erf and exact GELU over arrays, each
// within 2 ulp of the float64 result rounded to float32 (measured maxima in ../exports.ts).
//
// Every kernel is one `@inline` function of an f32x4 vector. The main loop applies it to four
// values at a time; the last n % 4 values go through the same function in a vector padded with
// zeros, so a value's result never depends on its position or its neighbours. No tables, no
// data segments, no state: coefficients are inline constants (the polynomials not credited to
// Cephes or FreeBSD were fitted for this module: minimax in relative error, float32
// coefficients rounded greedily with refits). Sigmoid's quotient and all of GELU are computed
// in float64 lanes, where float32 rounding steps would cost more than 2 ulp.

import {
  splat, isplat, vabs, SIGN, loadTail, storeTail,
  expFastRange4, vexpFast, vexpFastMul, vexp, vlog,
} from './vmath';

// ---------------------------------------------------------------------------------------------
// exp (vexp and helpers in vmath.ts)

/** `y[i] = exp(x[i])`. Sixteen values a step, one range check for all four vectors. */
export function exp_f32(x: usize, y: usize, n: i32): void {
  const end16 = x + (<usize>(n & ~15) << 2);
  for (; x < end16; x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    if (expFastRange4(a, b, c, d)) {
      v128.store(y, vexpFast(a)); v128.store(y, vexpFast(b), 16);
      v128.store(y, vexpFast(c), 32); v128.store(y, vexpFast(d), 48);
    } else {
      v128.store(y, vexp(a)); v128.store(y, vexp(b), 16);
      v128.store(y, vexp(c), 32); v128.store(y, vexp(d), 48);
    }
  }
  const end = x + (<usize>(n & 12) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, vexp(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, vexp(loadTail(x, r)), r);
}

// ---------------------------------------------------------------------------------------------
// log (vlog in vmath.ts)

/** `y[i] = log(x[i])`. */
export function log_f32(x: usize, y: usize, n: i32): void {
  const end = x + (<usize>(n & ~3) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, vlog(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, vlog(loadTail(x, r)), r);
}

// ---------------------------------------------------------------------------------------------
// tanh

/**
 * tanh x: x + x³·P₄(x²) (Cephes) for |x| < 0.625, else ±(1 − 2/(e^{2|x|} + 1)) with |x|
 * clamped to 10 (tanh is ±1 in float32 from 9.01 on).
 */
@inline function vtanh(x: v128): v128 {
  // On a = |x|; x's sign is put back at the end (so tanh(−0) = −0).
  const a = vabs(x);
  const small = f32x4.lt(a, splat(0.625));
  const c = f32x4.pmin(a, splat(10.0));
  const e = vexp(f32x4.add(c, c));
  const big = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  // Both branches always (a data-dependent branch here mispredicts on mixed data).
  const s = f32x4.mul(a, a);
  let p = f32x4.add(f32x4.mul(splat(-5.70498872745e-3), s), splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, s), splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, s), splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, s), splat(-3.33332819422e-1));
  const res = v128.bitselect(f32x4.add(f32x4.mul(f32x4.mul(p, s), a), a), big, small);
  return v128.or(res, v128.and(x, isplat(SIGN)));
}

/** `y[i] = tanh(x[i])`. */
export function tanh_f32(x: usize, y: usize, n: i32): void {
  const end = x + (<usize>(n & ~3) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, vtanh(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, vtanh(loadTail(x, r)), r);
}

// ---------------------------------------------------------------------------------------------
// sigmoid

/**
 * σ(x) = 1/(1 + e^{−|x|}) for x ≥ 0, e^{−|x|}/(1 + e^{−|x|}) for x < 0 (nothing overflows, and
 * σ(x) → eˣ keeps its subnormals). 1 + e and the quotient are taken in float64, so the only
 * errors are exp's and the final rounding.
 */
@inline function vsigmoid(x: v128): v128 {
  const e = vexp(v128.or(x, isplat(SIGN)));
  const neg = f32x4.lt(x, splat(0));
  const elo = f64x2.promote_low_f32x4(e);
  const ehi = f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3));
  const one = f64x2.splat(1.0);
  const qlo = f64x2.div(v128.bitselect(elo, one, i64x2.extend_low_i32x4_s(neg)), f64x2.add(one, elo));
  const qhi = f64x2.div(v128.bitselect(ehi, one, i64x2.extend_high_i32x4_s(neg)), f64x2.add(one, ehi));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(qlo), f32x4.demote_f64x2_zero(qhi), 0, 1, 4, 5);
}

/** `y[i] = sigmoid(x[i])`. */
export function sigmoid_f32(x: usize, y: usize, n: i32): void {
  const end = x + (<usize>(n & ~3) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, vsigmoid(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, vsigmoid(loadTail(x, r)), r);
}

// ---------------------------------------------------------------------------------------------
// erf

/**
 * erf x: for |x| < 1, x + x·R(x²) with R of degree 6; for 1 ≤ |x| ≤ 4, ±(1 − e^{−x²}·G(u)) with
 * G ≈ erfc(a)·e^{a²} of degree 8 in u = (a − 2.5)/(a + 2.5), a = |x| (a − 2.5 is exact there);
 * past 4 erf is ±1 in float32. Fitted (minimax, float32 coefficients) for this module.
 */
@inline function verf(x: v128): v128 {
  const a = vabs(x);
  const small = f32x4.lt(a, splat(1.0));
  // Both branches always (a data-dependent branch here mispredicts on mixed data).
  let res: v128;
  {
    // R by Estrin's scheme in s = x².
    const s = f32x4.mul(x, x);
    const s2 = f32x4.mul(s, s);
    const q0 = f32x4.add(f32x4.mul(splat(-0.376125872), s), splat(0.128379151));
    const q1 = f32x4.add(f32x4.mul(splat(-0.0268421359), s), splat(0.112832449));
    const q2 = f32x4.add(f32x4.mul(splat(-0.000786365708), s), splat(0.00516937394));
    const q3 = f32x4.add(f32x4.mul(splat(7.41866534e-05), s2), q2);
    const p = f32x4.add(f32x4.add(q0, f32x4.mul(q1, s2)), f32x4.mul(q3, f32x4.mul(s2, s2)));
    res = f32x4.add(x, f32x4.mul(x, p));
  }
  {
    const b = f32x4.pmax(f32x4.pmin(a, splat(4.0)), splat(1.0));
    const u = f32x4.div(f32x4.sub(b, splat(2.5)), f32x4.add(b, splat(2.5)));
    const u2 = f32x4.mul(u, u);
    const u4 = f32x4.mul(u2, u2);
    const g0 = f32x4.add(f32x4.mul(splat(-0.371736765), u), splat(0.210806355));
    const g1 = f32x4.add(f32x4.mul(splat(-0.12503098), u), splat(0.251713455));
    const g2 = f32x4.add(f32x4.mul(splat(-0.00402840506), u), splat(0.0399208069));
    const g3 = f32x4.add(f32x4.mul(splat(0.000977446092), u), splat(-0.00268953247));
    const g4 = f32x4.add(f32x4.mul(splat(0.000474649481), u4), f32x4.add(g2, f32x4.mul(g3, u2)));
    const g = f32x4.add(f32x4.add(g0, f32x4.mul(g1, u2)), f32x4.mul(g4, u4));
    // −b² in [−16, −1] and g in (0.1, 0.3): the result is normal, the fast exp scaling applies.
    const erfc = vexpFastMul(f32x4.neg(f32x4.mul(b, b)), g);
    let big = v128.or(f32x4.sub(splat(1.0), erfc), v128.and(x, isplat(SIGN)));
    // NaN lanes: the fast scaling may have turned NaN into a number; put x back.
    big = v128.bitselect(x, big, f32x4.ne(x, x));
    res = v128.bitselect(res, big, small);
  }
  return res;
}

/** `y[i] = erf(x[i])`. */
export function erf_f32(x: usize, y: usize, n: i32): void {
  const end = x + (<usize>(n & ~3) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, verf(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, verf(loadTail(x, r)), r);
}

// ---------------------------------------------------------------------------------------------
// GELU, in float64

@inline function dsplat(c: f64): v128 {
  return f64x2.splat(c);
}

/**
 * x·Φ(x) for two float64 lanes (float32 inputs), to about 1e-9 relative. |x| < 1.5:
 * Φ(x) = ½ + x·Q(x²), Q of degree 7. Otherwise, with a = |x| (clamped to 15, past which the
 * float32 result is x or −0): Φ(−a) = e^{−a²/2}·K(u), K ≈ Φ(−a)·e^{a²/2} of degree 9 in
 * u = (a − 3)/(a + 3), and e^{−a²/2} by a degree-8 polynomial after reduction by ln2
 * (a² is exact in float64). Φ(x) = 1 − Φ(−a) for x > 0, Φ(−a) for x < 0.
 */
@inline function vgelu64(x: v128): v128 {
  const a = f64x2.pmin(v128.and(x, i64x2.splat(0x7FFFFFFFFFFFFFFF)), dsplat(15.0));
  const large = f64x2.ge(a, dsplat(1.5));
  // Both branches always (a data-dependent branch here mispredicts on mixed data).
  let phi: v128;
  {
    // Small: ½ + x·Q(x²), Q by Estrin's scheme.
    const s = f64x2.mul(x, x);
    const s2 = f64x2.mul(s, s);
    const q01 = f64x2.add(f64x2.mul(dsplat(-0.06649037056028853), s), dsplat(0.39894227984441494));
    const q23 = f64x2.add(f64x2.mul(dsplat(-0.0011872010242525144), s), dsplat(0.009973506195310641));
    const q45 = f64x2.add(f64x2.mul(dsplat(-9.305585677693975e-06), s), dsplat(0.00011526055590054802));
    const q67 = f64x2.add(f64x2.mul(dsplat(-2.3892330692120877e-08), s), dsplat(6.00552351629153e-07));
    const q = f64x2.add(f64x2.add(q01, f64x2.mul(q23, s2)), f64x2.mul(f64x2.add(q45, f64x2.mul(q67, s2)), f64x2.mul(s2, s2)));
    phi = f64x2.add(dsplat(0.5), f64x2.mul(x, q));
  }
  {
    // Large: e^{−a²/2}·K(u).
    const t = f64x2.mul(f64x2.mul(a, a), dsplat(-0.5));
    const km = f64x2.add(f64x2.mul(t, dsplat(1.4426950408889634)), dsplat(6755399441055744.0));
    const kf = f64x2.sub(km, dsplat(6755399441055744.0));
    const r = f64x2.sub(f64x2.sub(t, f64x2.mul(kf, dsplat(0.6931471803691238))), f64x2.mul(kf, dsplat(1.9082149292705877e-10)));
    const r2 = f64x2.mul(r, r);
    const r4 = f64x2.mul(r2, r2);
    const e01 = f64x2.add(f64x2.mul(dsplat(0.9999999999806364), r), dsplat(0.9999999999997617));
    const e23 = f64x2.add(f64x2.mul(dsplat(0.1666666688533925), r), dsplat(0.5000000000619061));
    const e45 = f64x2.add(f64x2.mul(dsplat(0.008333267047576046), r), dsplat(0.04166666421639739));
    const e67 = f64x2.add(f64x2.mul(dsplat(0.00019915415891827695), r), dsplat(0.0013889179211877662));
    const e8 = f64x2.add(f64x2.mul(dsplat(2.4726941987836194e-05), r4), f64x2.add(e45, f64x2.mul(e67, r2)));
    let e = f64x2.add(f64x2.add(e01, f64x2.mul(e23, r2)), f64x2.mul(e8, r4));
    // 2^k from the low bits of km (k in [-163, 0]).
    e = f64x2.mul(e, i64x2.shl(i64x2.add(i64x2.sub(km, i64x2.splat(0x4338000000000000)), i64x2.splat(1023)), 52));
    const u = f64x2.div(f64x2.sub(a, dsplat(3.0)), f64x2.add(a, dsplat(3.0)));
    const u2 = f64x2.mul(u, u);
    const u4 = f64x2.mul(u2, u2);
    const k01 = f64x2.add(f64x2.mul(dsplat(-0.20640261016831743), u), dsplat(0.12151394838938097));
    const k23 = f64x2.add(f64x2.mul(dsplat(-0.046213567548069316), u), dsplat(0.12322493959410342));
    const k45 = f64x2.add(f64x2.mul(dsplat(0.0029072526964845965), u), dsplat(0.00613389866457873));
    const k67 = f64x2.add(f64x2.mul(dsplat(-0.0003438461797274832), u), dsplat(-0.0009992975094981758));
    const k89 = f64x2.add(f64x2.mul(dsplat(9.791360350918157e-06), u), dsplat(0.00017086976153245388));
    const k = f64x2.add(f64x2.add(k01, f64x2.mul(k23, u2)),
      f64x2.mul(f64x2.add(f64x2.add(k45, f64x2.mul(k67, u2)), f64x2.mul(k89, u4)), u4));
    const tail = f64x2.mul(e, k);
    const phiLarge = v128.bitselect(f64x2.sub(dsplat(1.0), tail), tail, f64x2.gt(x, dsplat(0)));
    phi = v128.bitselect(phiLarge, phi, large);
  }
  // Below -15 the product is -0 after rounding (clamping x keeps -1e30 from giving -Inf·0);
  // -Inf itself gives NaN, as -Inf·Φ(-Inf) = -Inf·0 does in PyTorch and the TypeScript kernel.
  const y = f64x2.mul(f64x2.pmax(x, dsplat(-15.0)), phi);
  return v128.bitselect(dsplat(NaN), y, f64x2.eq(x, dsplat(-Infinity)));
}

/** Exact GELU x·Φ(x) of four float32 lanes, computed in float64 (within 0.51 ulp). */
@inline function vgelu(x: v128): v128 {
  const lo = vgelu64(f64x2.promote_low_f32x4(x));
  const hi = vgelu64(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** `y[i] = x[i]·Φ(x[i])`. */
export function gelu_f32(x: usize, y: usize, n: i32): void {
  const end = x + (<usize>(n & ~3) << 2);
  for (; x < end; x += 16, y += 16) v128.store(y, vgelu(v128.load(x)));
  const r = n & 3;
  if (r) storeTail(y, vgelu(loadTail(x, r)), r);
}
