// im2col / col2im for one float32 image (the TypeScript side loops over the batch and splits
// it across threads). Strides are in elements; pointers are byte offsets.

// The block columns [lo, hi) whose image column j·sw − pw + b·dw lies in [0, W), packed as lo | hi << 16.
@inline
function columnRange(b: i32, W: i32, ow: i32, sw: i32, pw: i32, dw: i32): i32 {
  const shift = pw - b * dw;
  let first = <i32>Math.ceil(<f64>shift / <f64>sw);
  if (first < 0) first = 0;
  let last = <i32>Math.floor(<f64>(W - 1 + shift) / <f64>sw) + 1;
  if (last > ow) last = ow;
  const lo = first < ow ? first : ow;
  const hi = last > lo ? last : lo;
  return lo | (hi << 16);
}

@inline
function fill(p: usize, n: i32, v: f32): void {
  for (let i = 0; i < n; i++) store<f32>(p + (<usize>i << 2), v);
}

/**
 * One image `[C, H, W]` (strides sC, sH, sW) → `[C·kh·kw, oh·ow]` contiguous at `out`;
 * positions outside the image read `pad`.
 */
export function im2col_f32(x: usize, out: usize, C: i32, H: i32, W: i32, sC: i32, sH: i32, sW: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, pad: f32): void {
  let o: usize = out;
  const rowBytes = <usize>ow << 2;
  for (let c = 0; c < C; c++) {
    const base = x + (<usize>(c * sC) << 2);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const range = columnRange(b, W, ow, sw, pw, dw);
        const lo = range & 0xffff, hi = range >>> 16;
        const colShift = b * dw - pw;
        for (let i = 0; i < oh; i++, o += rowBytes) {
          const ih = i * sh - ph + a * dh;
          if (ih < 0 || ih >= H) {
            fill(o, ow, pad);
            continue;
          }
          fill(o, lo, pad);
          fill(o + (<usize>hi << 2), ow - hi, pad);
          const src = base + (<usize>(ih * sH + (lo * sw + colShift) * sW) << 2);
          if (sw * sW == 1) {
            memory.copy(o + (<usize>lo << 2), src, <usize>(hi - lo) << 2);
          } else {
            const step = <usize>(sw * sW) << 2;
            let p = src;
            for (let j = lo; j < hi; j++, p += step) store<f32>(o + (<usize>j << 2), load<f32>(p));
          }
        }
      }
    }
  }
}

/**
 * One image's columns `[C·kh·kw, oh·ow]` (strides s1, s2) summed into the image `[C, H, W]`
 * contiguous at `out`, which the caller has zeroed.
 */
export function col2im_f32(cols: usize, out: usize, C: i32, H: i32, W: i32, s1: i32, s2: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  for (let c = 0; c < C; c++) {
    const outBase = out + (<usize>(c * H * W) << 2);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const range = columnRange(b, W, ow, sw, pw, dw);
        const lo = range & 0xffff, hi = range >>> 16;
        const colShift = b * dw - pw;
        const rowBase = cols + (<usize>(((c * kh + a) * kw + b) * s1) << 2);
        for (let i = 0; i < oh; i++) {
          const ih = i * sh - ph + a * dh;
          if (ih < 0 || ih >= H) continue;
          const orow = outBase + (<usize>(ih * W + colShift) << 2);
          let p = rowBase + (<usize>((i * ow + lo) * s2) << 2);
          const pStep = <usize>s2 << 2, oStep = <usize>sw << 2;
          let q = orow + (<usize>(lo * sw) << 2);
          if (s2 == 1 && sw == 1) {
            let j = lo;
            for (; j + 4 <= hi; j += 4, p += 16, q += 16) v128.store(q, f32x4.add(v128.load(q), v128.load(p)));
            for (; j < hi; j++, p += 4, q += 4) store<f32>(q, load<f32>(q) + load<f32>(p));
          } else {
            for (let j = lo; j < hi; j++, p += pStep, q += oStep) store<f32>(q, load<f32>(q) + load<f32>(p));
          }
        }
      }
    }
  }
}
