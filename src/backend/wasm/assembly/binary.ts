// Float32 elementwise kernels of one and two inputs (signatures in ../exports.ts,
// `BinaryExports`), bitwise equal to the JS loops of src/backend/cpu/{binary,unary}.ts: those
// compute in float64 and round to float32 on store, which for + − × ÷ and √ of float32 inputs
// is the correctly rounded float32 result, i.e. what f32x4 computes; maximum/minimum, the
// comparisons and relu are written with the same comparisons as the JS loops.
//
// Every two-input kernel walks `count` runs of `len` elements and writes them contiguously to
// `out`. Run `r` of operand `a` starts at element `load<i32>(as + 4r)` counted from `a` (the
// TypeScript side may pass a base below the staged data, so the start plus the base lands on
// it; the arithmetic wraps) and advances by `sa` elements; likewise `b`. Inner strides 1
// (streaming) and 0 (a broadcast value) run in SIMD, any other stride runs scalar.
//
// Op codes, arithmetic: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum; comparisons:
// 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge; unary: 0 relu, 1 neg, 2 abs, 3 square, 4 sqrt,
// 5 reciprocal. Every per-op body is inlined with its op code constant, so the inner loops
// carry no dispatch.

// ---------------------------------------------------------------------------------------------
// Per-element operations.

// @ts-ignore: decorator
@inline
function arithV(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  if (op == 3) return f32x4.div(x, y);
  // NaN propagates and ties give y, as `x > y || x !== x ? x : y` (no f32x4.max: its −0/+0 order differs).
  if (op == 4) return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
}

// @ts-ignore: decorator
@inline
function arithS(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  if (op == 3) return x / y;
  if (op == 4) return x > y || x != x ? x : y;
  return x < y || x != x ? x : y;
}

/** All-ones lanes where the comparison holds (NaN: only `ne` holds, as in JS). */
// @ts-ignore: decorator
@inline
function cmpV(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.eq(x, y);
  if (op == 1) return f32x4.ne(x, y);
  if (op == 2) return f32x4.lt(x, y);
  if (op == 3) return f32x4.le(x, y);
  if (op == 4) return f32x4.gt(x, y);
  return f32x4.ge(x, y);
}

// @ts-ignore: decorator
@inline
function cmpS(op: i32, x: f32, y: f32): u8 {
  let t: bool;
  if (op == 0) t = x == y;
  else if (op == 1) t = x != y;
  else if (op == 2) t = x < y;
  else if (op == 3) t = x <= y;
  else if (op == 4) t = x > y;
  else t = x >= y;
  return <u8>t;
}

// @ts-ignore: decorator
@inline
function unaryV(op: i32, x: v128): v128 {
  // relu: `x > 0 || x !== x ? x : 0` (−0 gives +0, NaN stays).
  if (op == 0) return v128.and(x, v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x)));
  if (op == 1) return f32x4.neg(x);
  if (op == 2) return f32x4.abs(x);
  if (op == 3) return f32x4.mul(x, x);
  if (op == 4) return f32x4.sqrt(x);
  return f32x4.div(f32x4.splat(1), x);
}

// @ts-ignore: decorator
@inline
function unaryS(op: i32, x: f32): f32 {
  if (op == 0) return x > 0 || x != x ? x : 0;
  if (op == 1) return -x;
  if (op == 2) return Mathf.abs(x);
  if (op == 3) return x * x;
  if (op == 4) return Mathf.sqrt(x);
  return 1 / x;
}

/** Sixteen comparison masks (four vectors of i32 lanes) as sixteen 0/1 bytes. */
// @ts-ignore: decorator
@inline
function packMasks(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(bytes, i8x16.splat(1));
}

/** Float32 lanes of the 0/1 (or any u8) bytes `b`: the low, second, third or high quarter. */
// @ts-ignore: decorator
@inline
function bytesToF32(b: v128, quarter: i32): v128 {
  const h = quarter < 2 ? i16x8.extend_low_i8x16_u(b) : i16x8.extend_high_i8x16_u(b);
  return f32x4.convert_i32x4_u((quarter & 1) == 0 ? i32x4.extend_low_i16x8_u(h) : i32x4.extend_high_i16x8_u(h));
}

// ---------------------------------------------------------------------------------------------
// Arithmetic: float32 ∘ float32 → float32.

// @ts-ignore: decorator
@inline
function arithRuns(op: i32, a: usize, sa: i32, as: usize, b: usize, sb: i32, bs: usize, out: usize, len: i32, count: i32): void {
  const tail = <usize>(len & ~3) << 2, end = <usize>len << 2;
  for (let r = 0; r < count; r++) {
    const pa = a + (<usize>load<i32>(as + (<usize>r << 2)) << 2);
    const pb = b + (<usize>load<i32>(bs + (<usize>r << 2)) << 2);
    const po = out + (<usize>r * <usize>len << 2);
    if (sa == 1 && sb == 1) {
      for (let o: usize = 0; o < tail; o += 16) v128.store(po + o, arithV(op, v128.load(pa + o), v128.load(pb + o)));
      for (let o = tail; o < end; o += 4) store<f32>(po + o, arithS(op, load<f32>(pa + o), load<f32>(pb + o)));
    } else if (sa == 0 && sb == 1) {
      const x = load<f32>(pa), vx = f32x4.splat(x);
      for (let o: usize = 0; o < tail; o += 16) v128.store(po + o, arithV(op, vx, v128.load(pb + o)));
      for (let o = tail; o < end; o += 4) store<f32>(po + o, arithS(op, x, load<f32>(pb + o)));
    } else if (sa == 1 && sb == 0) {
      const y = load<f32>(pb), vy = f32x4.splat(y);
      for (let o: usize = 0; o < tail; o += 16) v128.store(po + o, arithV(op, v128.load(pa + o), vy));
      for (let o = tail; o < end; o += 4) store<f32>(po + o, arithS(op, load<f32>(pa + o), y));
    } else {
      const da = <usize>(sa << 2), db = <usize>(sb << 2);
      let qa = pa, qb = pb;
      for (let o: usize = 0; o < end; o += 4, qa += da, qb += db) store<f32>(po + o, arithS(op, load<f32>(qa), load<f32>(qb)));
    }
  }
}

/** `out = a ∘ b` over the runs (op codes above). */
export function binary_f32(op: i32, a: usize, sa: i32, as: usize, b: usize, sb: i32, bs: usize, out: usize, len: i32, count: i32): void {
  switch (op) {
    case 0: arithRuns(0, a, sa, as, b, sb, bs, out, len, count); break;
    case 1: arithRuns(1, a, sa, as, b, sb, bs, out, len, count); break;
    case 2: arithRuns(2, a, sa, as, b, sb, bs, out, len, count); break;
    case 3: arithRuns(3, a, sa, as, b, sb, bs, out, len, count); break;
    case 4: arithRuns(4, a, sa, as, b, sb, bs, out, len, count); break;
    default: arithRuns(5, a, sa, as, b, sb, bs, out, len, count); break;
  }
}

// ---------------------------------------------------------------------------------------------
// Comparisons: float32 ∘ float32 → bool (0/1 bytes).

// @ts-ignore: decorator
@inline
function cmpRuns(op: i32, a: usize, sa: i32, as: usize, b: usize, sb: i32, bs: usize, out: usize, len: i32, count: i32): void {
  const tail = <usize>(len & ~15), end = <usize>len;
  for (let r = 0; r < count; r++) {
    const pa = a + (<usize>load<i32>(as + (<usize>r << 2)) << 2);
    const pb = b + (<usize>load<i32>(bs + (<usize>r << 2)) << 2);
    const po = out + <usize>r * <usize>len;
    if (sa == 1 && sb == 1) {
      for (let i: usize = 0; i < tail; i += 16) {
        const qa = pa + (i << 2), qb = pb + (i << 2);
        v128.store(po + i, packMasks(
          cmpV(op, v128.load(qa), v128.load(qb)), cmpV(op, v128.load(qa, 16), v128.load(qb, 16)),
          cmpV(op, v128.load(qa, 32), v128.load(qb, 32)), cmpV(op, v128.load(qa, 48), v128.load(qb, 48))));
      }
      for (let i = tail; i < end; i++) store<u8>(po + i, cmpS(op, load<f32>(pa + (i << 2)), load<f32>(pb + (i << 2))));
    } else if (sa == 0 && sb == 1) {
      const x = load<f32>(pa), vx = f32x4.splat(x);
      for (let i: usize = 0; i < tail; i += 16) {
        const qb = pb + (i << 2);
        v128.store(po + i, packMasks(cmpV(op, vx, v128.load(qb)), cmpV(op, vx, v128.load(qb, 16)),
          cmpV(op, vx, v128.load(qb, 32)), cmpV(op, vx, v128.load(qb, 48))));
      }
      for (let i = tail; i < end; i++) store<u8>(po + i, cmpS(op, x, load<f32>(pb + (i << 2))));
    } else if (sa == 1 && sb == 0) {
      const y = load<f32>(pb), vy = f32x4.splat(y);
      for (let i: usize = 0; i < tail; i += 16) {
        const qa = pa + (i << 2);
        v128.store(po + i, packMasks(cmpV(op, v128.load(qa), vy), cmpV(op, v128.load(qa, 16), vy),
          cmpV(op, v128.load(qa, 32), vy), cmpV(op, v128.load(qa, 48), vy)));
      }
      for (let i = tail; i < end; i++) store<u8>(po + i, cmpS(op, load<f32>(pa + (i << 2)), y));
    } else {
      const da = <usize>(sa << 2), db = <usize>(sb << 2);
      let qa = pa, qb = pb;
      for (let i: usize = 0; i < end; i++, qa += da, qb += db) store<u8>(po + i, cmpS(op, load<f32>(qa), load<f32>(qb)));
    }
  }
}

/** `out = a ∘ b ? 1 : 0` (bytes) over the runs (op codes above). */
export function compare_f32(op: i32, a: usize, sa: i32, as: usize, b: usize, sb: i32, bs: usize, out: usize, len: i32, count: i32): void {
  switch (op) {
    case 0: cmpRuns(0, a, sa, as, b, sb, bs, out, len, count); break;
    case 1: cmpRuns(1, a, sa, as, b, sb, bs, out, len, count); break;
    case 2: cmpRuns(2, a, sa, as, b, sb, bs, out, len, count); break;
    case 3: cmpRuns(3, a, sa, as, b, sb, bs, out, len, count); break;
    case 4: cmpRuns(4, a, sa, as, b, sb, bs, out, len, count); break;
    default: cmpRuns(5, a, sa, as, b, sb, bs, out, len, count); break;
  }
}

// ---------------------------------------------------------------------------------------------
// float32 × bool (bytes) → float32: the ReLU backward `g.mul(x.gt(0))`.

/**
 * `out = a · b` over the runs, `a` float32 and `b` bytes (starts and `sb` in bytes, which
 * for a byte operand are its elements).
 */
export function mul_f32_u8(a: usize, sa: i32, as: usize, b: usize, sb: i32, bs: usize, out: usize, len: i32, count: i32): void {
  const tail = <usize>(len & ~15), end = <usize>len;
  for (let r = 0; r < count; r++) {
    const pa = a + (<usize>load<i32>(as + (<usize>r << 2)) << 2);
    const pb = b + <usize>load<i32>(bs + (<usize>r << 2));
    const po = out + (<usize>r * <usize>len << 2);
    if (sa == 1 && sb == 1) {
      for (let i: usize = 0; i < tail; i += 16) {
        const m = v128.load(pb + i), qa = pa + (i << 2), qo = po + (i << 2);
        v128.store(qo, f32x4.mul(v128.load(qa), bytesToF32(m, 0)));
        v128.store(qo, f32x4.mul(v128.load(qa, 16), bytesToF32(m, 1)), 16);
        v128.store(qo, f32x4.mul(v128.load(qa, 32), bytesToF32(m, 2)), 32);
        v128.store(qo, f32x4.mul(v128.load(qa, 48), bytesToF32(m, 3)), 48);
      }
      for (let i = tail; i < end; i++) store<f32>(po + (i << 2), load<f32>(pa + (i << 2)) * <f32>load<u8>(pb + i));
    } else if (sa == 0 && sb == 1) {
      const x = load<f32>(pa), vx = f32x4.splat(x);
      for (let i: usize = 0; i < tail; i += 16) {
        const m = v128.load(pb + i), qo = po + (i << 2);
        v128.store(qo, f32x4.mul(vx, bytesToF32(m, 0)));
        v128.store(qo, f32x4.mul(vx, bytesToF32(m, 1)), 16);
        v128.store(qo, f32x4.mul(vx, bytesToF32(m, 2)), 32);
        v128.store(qo, f32x4.mul(vx, bytesToF32(m, 3)), 48);
      }
      for (let i = tail; i < end; i++) store<f32>(po + (i << 2), x * <f32>load<u8>(pb + i));
    } else if (sa == 1 && sb == 0) {
      const y = <f32>load<u8>(pb), vy = f32x4.splat(y);
      const end4 = end << 2, tail4 = (end & ~3) << 2;
      for (let o: usize = 0; o < tail4; o += 16) v128.store(po + o, f32x4.mul(v128.load(pa + o), vy));
      for (let o = tail4; o < end4; o += 4) store<f32>(po + o, load<f32>(pa + o) * y);
    } else {
      const da = <usize>(sa << 2), db = <usize>sb;
      let qa = pa, qb = pb;
      for (let i: usize = 0; i < end; i++, qa += da, qb += db) store<f32>(po + (i << 2), load<f32>(qa) * <f32>load<u8>(qb));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Unary: float32 → float32.

// @ts-ignore: decorator
@inline
function unaryRuns(op: i32, x: usize, sx: i32, xs: usize, out: usize, len: i32, count: i32): void {
  const tail = <usize>(len & ~3) << 2, end = <usize>len << 2;
  for (let r = 0; r < count; r++) {
    const px = x + (<usize>load<i32>(xs + (<usize>r << 2)) << 2);
    const po = out + (<usize>r * <usize>len << 2);
    if (sx == 1) {
      for (let o: usize = 0; o < tail; o += 16) v128.store(po + o, unaryV(op, v128.load(px + o)));
      for (let o = tail; o < end; o += 4) store<f32>(po + o, unaryS(op, load<f32>(px + o)));
    } else if (sx == 0) {
      const y = unaryS(op, load<f32>(px)), vy = f32x4.splat(y);
      for (let o: usize = 0; o < tail; o += 16) v128.store(po + o, vy);
      for (let o = tail; o < end; o += 4) store<f32>(po + o, y);
    } else {
      const dx = <usize>(sx << 2);
      let q = px;
      for (let o: usize = 0; o < end; o += 4, q += dx) store<f32>(po + o, unaryS(op, load<f32>(q)));
    }
  }
}

/** `out = f(x)` over the runs (unary op codes above). */
export function unary_f32(op: i32, x: usize, sx: i32, xs: usize, out: usize, len: i32, count: i32): void {
  switch (op) {
    case 0: unaryRuns(0, x, sx, xs, out, len, count); break;
    case 1: unaryRuns(1, x, sx, xs, out, len, count); break;
    case 2: unaryRuns(2, x, sx, xs, out, len, count); break;
    case 3: unaryRuns(3, x, sx, xs, out, len, count); break;
    case 4: unaryRuns(4, x, sx, xs, out, len, count); break;
    default: unaryRuns(5, x, sx, xs, out, len, count); break;
  }
}
