// Max pooling (float32): the forward for 2×2 windows of stride 2 without padding (the common
// case; other geometries run the TypeScript loops of ../../cpu/pool.ts), the backward for any
// geometry. Semantics are PyTorch's CPU kernel, as in cpu/pool.ts: a window keeps the first
// maximum in row-major order, and a NaN replaces the running maximum.

/** `v > best || isnan(v)`, lane-wise: whether `v` replaces `best` in PyTorch's scan. */
// @ts-ignore: decorator
@inline function replaces(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
}

/**
 * 2×2 max pooling of stride 2 over `planes` contiguous `H×W` planes at `x` into `oh×ow` maxima
 * at `y` and their plane indices (int32, `r·W + c`) at `idx` (2·oh ≤ H, 2·ow ≤ W). Four
 * windows at a time: the pairs (a b) of the top row and (c d) of the bottom row are decided
 * first, then their winners, which equals scanning a, b, c, d in order with PyTorch's rule.
 */
export function maxpool2x2_f32(x: usize, y: usize, idx: usize, planes: i32, H: i32, W: i32, oh: i32, ow: i32): void {
  const rowBytes = <usize>W << 2;
  const vW = i32x4.splat(W), one = i32x4.splat(1);
  for (let p = 0; p < planes; p++) {
    const plane = x + <usize>p * <usize>H * rowBytes;
    for (let i = 0; i < oh; i++) {
      const top = plane + <usize>(2 * i) * rowBytes, bottom = top + rowBytes;
      const rowIndex = 2 * i * W;
      let j = 0;
      for (; j + 4 <= ow; j += 4) {
        const o = <usize>(2 * j) << 2;
        const t0 = v128.load(top + o), t1 = v128.load(top + o, 16);
        const b0 = v128.load(bottom + o), b1 = v128.load(bottom + o, 16);
        const a = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6), b = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
        const c = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), d = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        const topMask = replaces(b, a), bottomMask = replaces(d, c);
        const w1 = v128.bitselect(b, a, topMask), w2 = v128.bitselect(d, c, bottomMask);
        const rowMask = replaces(w2, w1);
        v128.store(y, v128.bitselect(w2, w1, rowMask));
        // Index: first column of the window, plus W for the bottom row, plus 1 for the right column.
        const col = v128.and(v128.bitselect(bottomMask, topMask, rowMask), one);
        const base = i32x4.add(i32x4.splat(rowIndex + 2 * j), i32x4(0, 2, 4, 6));
        v128.store(idx, i32x4.add(i32x4.add(base, v128.and(rowMask, vW)), col));
        y += 16;
        idx += 16;
      }
      for (; j < ow; j++) {
        const o = <usize>(2 * j) << 2;
        const a = load<f32>(top + o), b = load<f32>(top + o, 4), c = load<f32>(bottom + o), d = load<f32>(bottom + o, 4);
        const tb = b > a || b != b, bb = d > c || d != d;
        const w1 = tb ? b : a, w2 = bb ? d : c;
        const rb = w2 > w1 || w2 != w2;
        store<f32>(y, rb ? w2 : w1);
        store<i32>(idx, rowIndex + 2 * j + (rb ? W : 0) + ((rb ? bb : tb) ? 1 : 0));
        y += 4;
        idx += 4;
      }
    }
  }
}

/**
 * Max pooling's input gradient for any geometry: for each of `planes` planes, adds the `per`
 * gradients at `g` into the zeroed `HW`-element plane at `out`, each at its plane index from
 * `idx` (int32); index -1 (a window with no in-image position) adds nothing. Returns -1, or the
 * flat position of the first index outside [-1, HW) (the caller then throws; `out` is scratch).
 */
export function maxpool_backward_f32(g: usize, idx: usize, out: usize, planes: i32, per: i32, HW: i32): i32 {
  for (let p = 0; p < planes; p++) {
    const dst = out + (<usize>p * <usize>HW << 2);
    const at = p * per;
    for (let e = 0; e < per; e++) {
      const k = load<i32>(idx + (<usize>(at + e) << 2));
      if (<u32>k < <u32>HW) {
        const q = dst + (<usize>k << 2);
        store<f32>(q, load<f32>(q) + load<f32>(g + (<usize>(at + e) << 2)));
      } else if (k != -1) {
        return at + e;
      }
    }
  }
  return -1;
}
