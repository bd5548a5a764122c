// Fused optimizer updates (signatures in ../exports.ts, `OptimExports`). One pass per parameter:
// each kernel reads the parameter, its gradient and its state once, runs the same float32
// operations in the same order as the tensor-op path in src/optim/*.ts (every f32x4 op rounds
// to float32, and there is no FMA, so the results are bitwise those of the tensor ops), and
// writes the parameter and state back. Scalars arrive already as float32, as the tensor ops
// round a JS number operand to the tensor's dtype.
//
// Every kernel processes ⌈n/4⌉·4 elements: the caller pads its staging buffers to a multiple
// of four and ignores the extra lanes. Flags are bit sets, constant over the loop.

/** `max(x, y)` as tensorgrad's `maximum`: `x > y || x != x ? x : y` (NaN propagates, ties give y). */
// @ts-ignore: decorator
@inline
function maxLikeTensor(x: v128, y: v128): v128 {
  return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
}

/**
 * SGD: `d = ±g (+ p·weightDecay)`; with momentum `b = d` (first step) or
 * `b = b·momentum + d·dampening1`, then `d = d + b·momentum` (Nesterov) or `d = b`;
 * `p = p + d·negLr`. Flags: 1 maximize, 2 weight decay, 4 momentum, 8 first momentum step,
 * 16 Nesterov.
 */
export function sgd_f32(p: usize, g: usize, buf: usize, n: i32, negLr: f32, weightDecay: f32,
  momentum: f32, dampening1: f32, flags: i32): void {
  const maximize = (flags & 1) != 0, decay = (flags & 2) != 0, mom = (flags & 4) != 0;
  const first = (flags & 8) != 0, nesterov = (flags & 16) != 0;
  const vLr = f32x4.splat(negLr), vWd = f32x4.splat(weightDecay);
  const vMom = f32x4.splat(momentum), vDamp = f32x4.splat(dampening1);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (maximize) d = f32x4.neg(d);
    if (decay) d = f32x4.add(d, f32x4.mul(pv, vWd));
    if (mom) {
      const b = first ? d : f32x4.add(f32x4.mul(v128.load(buf + o), vMom), f32x4.mul(d, vDamp));
      v128.store(buf + o, b);
      d = nesterov ? f32x4.add(d, f32x4.mul(b, vMom)) : b;
    }
    v128.store(p + o, f32x4.add(pv, f32x4.mul(d, vLr)));
  }
}

/**
 * Adam / AdamW: `d = ±g (+ p·weightDecay)`, `p = p·decay` (AdamW), `m = m·β₁ + d·c₁`,
 * `v = v·β₂ + (d·c₂)·d`, `vmax = max(vmax, v)` (AMSGrad),
 * `p = p + (m·negStepSize) / (√v / bc2Sqrt + eps)`. Flags: 1 maximize, 2 L2 weight decay,
 * 4 decoupled decay, 8 AMSGrad (`vmax` is only touched then).
 */
export function adam_f32(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  beta1: f32, c1: f32, beta2: f32, c2: f32, negStepSize: f32, bc2Sqrt: f32, eps: f32,
  weightDecay: f32, decay: f32, flags: i32): void {
  const maximize = (flags & 1) != 0, l2 = (flags & 2) != 0, decoupled = (flags & 4) != 0;
  const amsgrad = (flags & 8) != 0;
  const vB1 = f32x4.splat(beta1), vC1 = f32x4.splat(c1), vB2 = f32x4.splat(beta2), vC2 = f32x4.splat(c2);
  const vStep = f32x4.splat(negStepSize), vBc2 = f32x4.splat(bc2Sqrt), vEps = f32x4.splat(eps);
  const vWd = f32x4.splat(weightDecay), vDecay = f32x4.splat(decay);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    let pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (maximize) d = f32x4.neg(d);
    if (l2) d = f32x4.add(d, f32x4.mul(pv, vWd));
    if (decoupled) pv = f32x4.mul(pv, vDecay);
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), vB1), f32x4.mul(d, vC1));
    v128.store(m + o, mv);
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), vB2), f32x4.mul(f32x4.mul(d, vC2), d));
    v128.store(v + o, vv);
    let second = vv;
    if (amsgrad) {
      second = maxLikeTensor(v128.load(vmax + o), vv);
      v128.store(vmax + o, second);
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(second), vBc2), vEps);
    v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(mv, vStep), denom)));
  }
}

/**
 * RMSprop: `d = ±g (+ p·weightDecay)`, `v = v·α + (d·c)·d`; centered: `a = a·α + d·c`,
 * `avg = √(v + (−a)·a) + eps`, else `avg = √v + eps`; with momentum `b = b·momentum + d/avg`,
 * `p = p + b·negLr`, else `p = p + (d·negLr)/avg`. Flags: 1 maximize, 2 weight decay,
 * 4 centered (`ga` is only touched then), 8 momentum (`buf` likewise).
 */
export function rmsprop_f32(p: usize, g: usize, v: usize, ga: usize, buf: usize, n: i32,
  alpha: f32, c: f32, eps: f32, weightDecay: f32, momentum: f32, negLr: f32, flags: i32): void {
  const maximize = (flags & 1) != 0, decay = (flags & 2) != 0, centered = (flags & 4) != 0;
  const mom = (flags & 8) != 0;
  const vAlpha = f32x4.splat(alpha), vC = f32x4.splat(c), vEps = f32x4.splat(eps);
  const vWd = f32x4.splat(weightDecay), vMom = f32x4.splat(momentum), vLr = f32x4.splat(negLr);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (maximize) d = f32x4.neg(d);
    if (decay) d = f32x4.add(d, f32x4.mul(pv, vWd));
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), vAlpha), f32x4.mul(f32x4.mul(d, vC), d));
    v128.store(v + o, vv);
    let avg: v128;
    if (centered) {
      const a = f32x4.add(f32x4.mul(v128.load(ga + o), vAlpha), f32x4.mul(d, vC));
      v128.store(ga + o, a);
      avg = f32x4.sqrt(f32x4.add(vv, f32x4.mul(f32x4.neg(a), a)));
    } else {
      avg = f32x4.sqrt(vv);
    }
    avg = f32x4.add(avg, vEps);
    if (mom) {
      const b = f32x4.add(f32x4.mul(v128.load(buf + o), vMom), f32x4.div(d, avg));
      v128.store(buf + o, b);
      v128.store(p + o, f32x4.add(pv, f32x4.mul(b, vLr)));
    } else {
      v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(d, vLr), avg)));
    }
  }
}

/**
 * Adagrad: `d = ±g (+ p·weightDecay)`, `s = s + d·d`, `p = p + (d·negClr) / (√s + eps)`.
 * Flags: 1 maximize, 2 weight decay.
 */
export function adagrad_f32(p: usize, g: usize, s: usize, n: i32, negClr: f32, eps: f32,
  weightDecay: f32, flags: i32): void {
  const maximize = (flags & 1) != 0, decay = (flags & 2) != 0;
  const vLr = f32x4.splat(negClr), vEps = f32x4.splat(eps), vWd = f32x4.splat(weightDecay);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (maximize) d = f32x4.neg(d);
    if (decay) d = f32x4.add(d, f32x4.mul(pv, vWd));
    const sv = f32x4.add(v128.load(s + o), f32x4.mul(d, d));
    v128.store(s + o, sv);
    v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(d, vLr), f32x4.add(f32x4.sqrt(sv), vEps))));
  }
}
