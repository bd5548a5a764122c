/**
 * @file The WebAssembly float32 math kernels (`assembly/math.ts` through `wasmUnaryF32`)
 * against float64 references rounded to float32: ulp errors over dense sweeps of the ranges
 * that matter (subnormals, underflow and overflow edges included), special values, and random
 * bit patterns; then lengths with every tail, in-place calls, offsets, and results that must
 * not depend on a value's position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf } from '../../../src/backend/cpu/erf.js';
import { UNARY_CHUNK, wasmUnaryF32, type WasmUnaryOp } from '../../../src/backend/wasm/elementwise.js';
import { wasm, type WasmRuntime } from '../../../src/backend/wasm/runtime.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);

function runtime(): WasmRuntime {
  const rt = wasm();
  if (rt === null) throw new Error('WebAssembly kernels unavailable');
  return rt;
}

/** erfc(x) for x ≥ 0 with a small relative error: 1 − erf below 2, a continued fraction above. */
function erfc64(x: number): number {
  if (x < 2) return 1 - erf(x);
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

/** float64 references. */
const REF: Record<WasmUnaryOp, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  erf,
  // x·Φ(x), with Φ(−|x|) = erfc(|x|/√2)/2 computed without cancellation; NaN at −Inf (−Inf·0,
  // as PyTorch gives).
  gelu: (x) => {
    if (x === -Infinity) return NaN;
    const q = 0.5 * erfc64(Math.abs(x) / Math.SQRT2);
    return x >= 0 ? x * (1 - q) : x * q;
  },
};

const OPS: WasmUnaryOp[] = ['exp', 'log', 'tanh', 'sigmoid', 'erf', 'gelu'];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A float32 from its bits. */
function fromBits(b: number): number {
  u32[0] = b >>> 0;
  return f32[0]!;
}

/** The float32's position on the number line (so ulp distance is a difference of these). */
function order(v: number): number {
  f32[0] = v;
  const b = u32[0]!;
  return b & 0x80000000 ? -(b & 0x7fffffff) : b;
}

/** ulps between two float32 values; NaN matches only NaN. ±0 are 0 apart. */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(order(a) - order(b));
}

function apply(op: WasmUnaryOp, xs: Float32Array): Float32Array {
  const out = new Float32Array(xs.length);
  wasmUnaryF32(runtime(), op, xs, 0, xs.length, out, 0);
  return out;
}

/** The largest ulp error over xs, with the worst input (for the failure message). */
function worst(op: WasmUnaryOp, xs: Float32Array): { ulps: number; x: number; got: number; want: number } {
  const ys = apply(op, xs);
  const ref = REF[op];
  let w = { ulps: 0, x: 0, got: 0, want: 0 };
  for (let i = 0; i < xs.length; i++) {
    const want = Math.fround(ref(xs[i]!));
    const d = ulps(ys[i]!, want);
    if (d > w.ulps) w = { ulps: d, x: xs[i]!, got: ys[i]!, want };
  }
  return w;
}

/** n float32 values evenly spaced in bit pattern between the bits of a and b (same sign). */
function sweep(a: number, b: number, n: number): number[] {
  const oa = order(a), ob = order(b);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = Math.round(oa + ((ob - oa) * i) / (n - 1));
    out.push(fromBits(o < 0 ? (-o | 0x80000000) >>> 0 : o));
  }
  return out;
}

/** Dense sweeps of each function's interesting ranges, both signs where it matters. */
const RANGES: Record<WasmUnaryOp, [number, number][]> = {
  exp: [[-110, -80], [-80, -1], [-1, -1e-10], [1e-10, 1], [1, 80], [80, 90]],
  log: [[1e-45, 1e-37], [1e-37, 0.5], [0.5, 2], [2, 1e10], [1e10, 3.4e38]],
  tanh: [[1e-30, 1e-4], [1e-4, 0.7], [0.5, 1], [1, 10], [-10, -1e-4]],
  sigmoid: [[-110, -80], [-80, -1], [-1, 1], [1, 20], [-1e-8, -1e-30]],
  erf: [[1e-40, 1e-4], [1e-4, 1.2], [0.9, 4.5], [-4.5, -0.9], [-1.2, -1e-4], [4, 1e4]],
  gelu: [[1e-40, 1e-4], [1e-4, 2], [1.4, 6], [-2, -1e-4], [-16, -1.4], [6, 1e5]],
};

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1, -1, 2 ** -149, -(2 ** -149), 2 ** -126, -(2 ** -126),
  3.4028234663852886e38, -3.4028234663852886e38, 88.72283935546875, 88.7228469848632812, -87.33654022216797,
  -103.97208404541016, -103.9720916748046875, 0.5, -0.5, 0.625, 1.5, -1.5, 3, -3, 9, 15, -15, -14.5];

describe('wasm math kernels: accuracy', () => {
  for (const op of OPS) {
    it(`${op}: ≤ 2 ulp over dense sweeps of its ranges`, () => {
      const xs = new Float32Array(RANGES[op].flatMap(([a, b]) => sweep(a, b, 25000)));
      const w = worst(op, xs);
      expect(w.ulps, `${op}(${w.x}) = ${w.got}, want ${w.want}`).toBeLessThanOrEqual(2);
    });

    it(`${op}: special values`, () => {
      const xs = new Float32Array(SPECIALS);
      const w = worst(op, xs);
      expect(w.ulps, `${op}(${w.x}) = ${w.got}, want ${w.want}`).toBeLessThanOrEqual(2);
    });

    it(`${op}: ≤ 2 ulp on random bit patterns`, () => {
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 64 }), (bits) => {
        const w = worst(op, new Float32Array(bits.map(fromBits)));
        return w.ulps <= 2;
      }), { numRuns: 300 });
    });
  }

  it('special values exactly', () => {
    const at = (op: WasmUnaryOp, x: number): number => apply(op, new Float32Array([x]))[0]!;
    expect(at('exp', Infinity)).toBe(Infinity);
    expect(at('exp', -Infinity)).toBe(0);
    expect(at('exp', 88.8)).toBe(Infinity);
    expect(at('exp', -104)).toBe(0);
    expect(at('exp', -100)).toBe(Math.fround(Math.exp(-100))); // subnormal
    expect(at('exp', 0)).toBe(1);
    expect(at('exp', -0)).toBe(1);
    expect(at('log', 0)).toBe(-Infinity);
    expect(at('log', -0)).toBe(-Infinity);
    expect(at('log', -1)).toBeNaN();
    expect(at('log', -Infinity)).toBeNaN();
    expect(at('log', Infinity)).toBe(Infinity);
    expect(at('log', 1)).toBe(0);
    expect(at('log', 2 ** -149)).toBe(Math.fround(-149 * Math.LN2));
    expect(Object.is(at('tanh', -0), -0)).toBe(true);
    expect(at('tanh', 1e-30)).toBe(Math.fround(1e-30));
    expect(at('tanh', Infinity)).toBe(1);
    expect(at('tanh', -Infinity)).toBe(-1);
    expect(at('sigmoid', Infinity)).toBe(1);
    expect(at('sigmoid', -Infinity)).toBe(0);
    expect(at('sigmoid', 0)).toBe(0.5);
    expect(at('sigmoid', -100)).toBe(Math.fround(Math.exp(-100) / (1 + Math.exp(-100)))); // not flushed
    expect(Object.is(at('erf', -0), -0)).toBe(true);
    expect(at('erf', Infinity)).toBe(1);
    expect(at('erf', -Infinity)).toBe(-1);
    expect(at('gelu', Infinity)).toBe(Infinity);
    expect(at('gelu', -Infinity)).toBeNaN(); // -Inf·Φ(-Inf) = -Inf·0, as in PyTorch
    expect(Object.is(at('gelu', -0), -0)).toBe(true);
    for (const op of OPS) expect(at(op, NaN)).toBeNaN();
  });
});

describe('wasm math kernels: lengths, offsets, in place', () => {
  const rt = runtime();

  it('every tail length gives the same values as one long call (position-independent)', () => {
    const base = new Float32Array(300).map((_, i) => Math.sin(i * 12.9898) * (i % 7 === 0 ? 120 : 6));
    for (const op of OPS) {
      const full = apply(op, base);
      for (const n of [0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 33, 63, 65, 100]) {
        for (const off of [0, 1, 3, 50]) {
          const out = new Float32Array(n + 2).fill(42);
          wasmUnaryF32(rt, op, base, off, n, out, 1);
          let ok = out[0] === 42 && out[n + 1] === 42;
          for (let i = 0; i < n; i++) ok &&= Object.is(out[i + 1], full[off + i]);
          expect(ok, `${op} n=${n} off=${off}`).toBe(true);
        }
      }
    }
  });

  it('an out-of-range value does not change its neighbours (fast and slow exp paths agree)', () => {
    const xs = new Float32Array(64).map((_, i) => (i - 32) * 0.37);
    const plain = apply('exp', xs);
    for (const at of [0, 5, 17, 63]) {
      const ys = xs.slice();
      ys[at] = at % 2 ? -100 : 89;
      const got = apply('exp', ys);
      for (let i = 0; i < 64; i++) if (i !== at) expect(got[i]).toBe(plain[i]);
    }
  });

  it('in place and across chunk boundaries', () => {
    const n = UNARY_CHUNK * 2 + 37;
    const xs = new Float32Array(n).map((_, i) => ((i * 7919) % 2001) / 100 - 10);
    for (const op of OPS) {
      const want = apply(op, xs);
      const buf = xs.slice();
      wasmUnaryF32(rt, op, buf, 0, n, buf, 0);
      let diff = -1;
      for (let i = 0; i < n && diff < 0; i++) if (!Object.is(buf[i], want[i])) diff = i;
      expect(diff, op).toBe(-1);
    }
  });
});
