/**
 * @file The WebAssembly row kernels (`assembly/rows.ts`: row and column sums, row max,
 * softmax / log-softmax and their gradients) against float64 references, over row lengths
 * with every tail, rows of NaN / ±Inf, in-place calls, and the staged wrappers of
 * `elementwise.ts` across block boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROWS_CHUNK, wasmArgmaxRowsF32, wasmCrossEntropyRowsBackwardF32, wasmCrossEntropyRowsF32, wasmMaxRowsF32,
  wasmSoftmaxRowsBackwardF32, wasmSoftmaxRowsF32, wasmSumColsF32, wasmSumRowsF32,
} from '../../../src/backend/wasm/elementwise.js';
import { mark, release, scratch } from '../../../src/backend/wasm/runtime.js';
import { rng, runtime } from '../../helpers/seeded.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);



function randomMatrix(rows: number, cols: number, seed: number, scale = 4): Float32Array {
  const r = rng(seed);
  return new Float32Array(rows * cols).map(() => (r() - 0.5) * 2 * scale);
}

/**
 * Runs a row kernel on copies of `inputs` in scratch memory (each at an odd float offset, so
 * rows are misaligned), with an output of `outLen` floats; returns the output.
 */
function call(inputs: Float32Array[], outLen: number, k: (ptrs: number[], out: number) => void): Float32Array {
  const rt = runtime();
  const m = mark(rt);
  try {
    const ptrs = inputs.map((a) => scratch(rt, (a.length + 1) * 4) + 4);
    const out = scratch(rt, (outLen + 2) * 4) + 4;
    const mem = rt.f32;
    inputs.forEach((a, i) => mem.set(a, ptrs[i]! >> 2));
    mem.fill(12345, (out >> 2) - 1, (out >> 2) + outLen + 1);
    k(ptrs, out);
    expect(mem[(out >> 2) - 1], 'wrote before its output').toBe(12345);
    expect(mem[(out >> 2) + outLen], 'wrote past its output').toBe(12345);
    return mem.slice(out >> 2, (out >> 2) + outLen);
  } finally {
    release(rt, m);
  }
}

const COLS = [1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 33, 64, 100, 1000, 1030, 2100];

/** The first index where a and b differ as bits (NaN equal to NaN), or -1. */
function firstDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** |got − want| ≤ tol·scale, NaN matching NaN and infinities matching exactly. */
function close(got: number, want: number, tol: number, scale: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol * scale;
}

describe('wasm row kernels: sums and max', () => {
  it('sum_rows_f32 and sum_cols_f32 against float64 sums', () => {
    const rt = runtime();
    for (const cols of COLS) {
      for (const rows of [1, 3, 17]) {
        const x = randomMatrix(rows, cols, rows * 1000 + cols);
        const rs = call([x], rows, ([p], o) => rt.exports.sum_rows_f32(p!, o, rows, cols));
        for (let r = 0; r < rows; r++) {
          let s = 0, a = 0;
          for (let c = 0; c < cols; c++) { s += x[r * cols + c]!; a += Math.abs(x[r * cols + c]!); }
          expect(close(rs[r]!, s, 2 ** -20, a), `sum_rows ${rows}×${cols} row ${r}: ${rs[r]} vs ${s}`).toBe(true);
        }
        const cs = call([x], cols, ([p], o) => rt.exports.sum_cols_f32(p!, o, rows, cols));
        for (let c = 0; c < cols; c++) {
          let s = 0, a = 0;
          for (let r = 0; r < rows; r++) { s += x[r * cols + c]!; a += Math.abs(x[r * cols + c]!); }
          expect(close(cs[c]!, s, 2 ** -20, a), `sum_cols ${rows}×${cols} col ${c}`).toBe(true);
        }
      }
    }
  });

  it('long sums are blocked: error far below a sequential float32 sum', () => {
    const rt = runtime();
    const n = 1 << 20;
    const r = rng(7);
    const x = new Float32Array(n).map(() => r());
    let exact = 0, seq = 0;
    for (let i = 0; i < n; i++) { exact += x[i]!; seq = Math.fround(seq + x[i]!); }
    const [s] = call([x], 1, ([p], o) => rt.exports.sum_rows_f32(p!, o, 1, n));
    expect(Math.abs(s! - exact) / exact).toBeLessThan(2e-6);
    expect(Math.abs(s! - exact)).toBeLessThan(Math.abs(seq - exact) / 10);
    // Down the columns too: 2^16 rows of 16 columns.
    const cs = call([x], 16, ([p], o) => rt.exports.sum_cols_f32(p!, o, n / 16, 16));
    for (let c = 0; c < 16; c++) {
      let e = 0;
      for (let i = c; i < n; i += 16) e += x[i]!;
      expect(Math.abs(cs[c]! - e) / e).toBeLessThan(2e-6);
    }
  });

  it('sum_cols_f32 gives a column the same bits whichever strip holds it', () => {
    const rt = runtime();
    const rows = 300, x = randomMatrix(rows, 37, 3);
    const all = call([x], 37, ([p], o) => rt.exports.sum_cols_f32(p!, o, rows, 37));
    // The same columns as a 1-column matrix each (the scalar path).
    for (const c of [0, 15, 16, 31, 32, 36]) {
      const col = new Float32Array(rows).map((_, r) => x[r * 37 + c]!);
      const [s] = call([col], 1, ([p], o) => rt.exports.sum_cols_f32(p!, o, rows, 1));
      expect(s).toBe(all[c]);
    }
  });

  it('max_rows_f32: exact, NaN if the row holds one, -Inf for an empty row', () => {
    const rt = runtime();
    for (const cols of COLS) {
      const rows = 5;
      const x = randomMatrix(rows, cols, cols);
      x[cols - 1] = 1000; // row 0: max in the tail
      x[cols + Math.floor(cols / 2)] = NaN; // row 1: NaN
      for (let c = 0; c < cols; c++) x[2 * cols + c] = -Infinity; // row 2: all -Inf
      x[3 * cols] = Infinity; // row 3: +Inf first
      const got = call([x], rows, ([p], o) => rt.exports.max_rows_f32(p!, o, rows, cols));
      for (let r = 0; r < rows; r++) {
        let m = -Infinity;
        for (let c = 0; c < cols; c++) {
          const v = x[r * cols + c]!;
          if (Number.isNaN(v)) { m = NaN; break; }
          if (v > m) m = v;
        }
        expect(Object.is(got[r], m), `max ${cols} cols row ${r}: ${got[r]} vs ${m}`).toBe(true);
      }
    }
    const [e] = call([new Float32Array(1)], 1, ([p], o) => rt.exports.max_rows_f32(p!, o, 1, 0));
    expect(e).toBe(-Infinity);
  });
});

/** float64 softmax or log-softmax of one row, with the JS loop's rule for a -Inf / NaN max. */
function softmax64(row: ArrayLike<number>, log: boolean): number[] {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! > m) m = row[i]!;
  if (m === -Infinity) m = 0;
  let s = 0;
  for (let i = 0; i < row.length; i++) s += Math.exp(row[i]! - m);
  return Array.from(row, (v) => (log ? v - m - Math.log(s) : Math.exp(v - m) / s));
}

describe('wasm row kernels: softmax', () => {
  it('softmax and log-softmax rows against float64', () => {
    const rt = runtime();
    const bad: string[] = [];
    for (const cols of COLS) {
      for (const log of [0, 1]) {
        const rows = 6;
        const x = randomMatrix(rows, cols, cols * 7 + log, 8);
        for (let c = 0; c < cols; c++) x[cols + c] = x[cols + c]! * 30; // row 1: wide (exp underflows)
        x[2 * cols + (cols >> 1)] = NaN; // row 2: NaN
        for (let c = 0; c < cols; c++) x[3 * cols + c] = -Infinity; // row 3: all -Inf
        x[4 * cols] = -Infinity; // row 4: one -Inf
        for (let c = 0; c < cols; c++) x[5 * cols + c] = 1e30 * (c % 3); // row 5: huge
        const got = call([x], rows * cols, ([p], o) => rt.exports.softmax_rows_f32(p!, o, rows, cols, log));
        for (let r = 0; r < rows; r++) {
          const want = softmax64(x.subarray(r * cols, (r + 1) * cols), log === 1);
          let m = -Infinity;
          for (let c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]!);
          for (let c = 0; c < cols; c++) {
            const g = got[r * cols + c]!, w = want[c]!;
            // x − max is rounded to float32 (as in PyTorch): e^(x − max) carries a relative
            // error up to |x − max|·2⁻²⁴ on top of a few ulps. Log-softmax: absolute error,
            // scaled by the magnitude.
            const d = Number.isFinite(m) ? Math.abs(x[r * cols + c]! - m) : 0;
            const ok = log ? close(g, w, 4e-7, Math.abs(w) + 1)
              : close(g, w, 3e-7 + d * 2 ** -24, Math.abs(w)) || Math.abs(g - w) < 1e-44;
            if (!ok) bad.push(`${log ? 'log-' : ''}softmax ${rows}×${cols} [${r},${c}]: ${g} vs ${w} (x=${x[r * cols + c]})`);
          }
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('softmax rows sum to 1 and are in place safe', () => {
    const rt = runtime();
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.boolean(), fc.integer(),
      (rows, cols, log, seed) => {
        const x = randomMatrix(rows, cols, seed, 10);
        const out = call([x], rows * cols, ([p], o) => rt.exports.softmax_rows_f32(p!, o, rows, cols, log ? 1 : 0));
        const buf = x.slice();
        wasmSoftmaxRowsF32(rt, buf, 0, rows, cols, buf, log);
        for (let i = 0; i < rows * cols; i++) if (!Object.is(buf[i], out[i])) return false;
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let c = 0; c < cols; c++) s += log ? Math.exp(out[r * cols + c]!) : out[r * cols + c]!;
          if (Math.abs(s - 1) > 1e-5) return false;
        }
        return true;
      }), { numRuns: 150 });
  });

  it('the staged wrappers match the kernel across block boundaries, with offsets', () => {
    const rt = runtime();
    for (const cols of [3, 1000, ROWS_CHUNK + 5]) {
      const rows = cols > ROWS_CHUNK ? 3 : Math.ceil((2.5 * ROWS_CHUNK) / cols);
      const x = randomMatrix(rows, cols, cols, 6);
      const src = new Float32Array(x.length + 7);
      src.set(x, 7);
      for (const log of [false, true]) {
        const want = call([x], rows * cols, ([p], o) => rt.exports.softmax_rows_f32(p!, o, rows, cols, log ? 1 : 0));
        const out = new Float32Array(rows * cols + 2);
        wasmSoftmaxRowsF32(rt, src, 7, rows, cols, out, log, 1);
        expect(firstDiff(out.subarray(1, 1 + rows * cols), want)).toBe(-1);
        expect(out[0]).toBe(0);
        expect(out[rows * cols + 1]).toBe(0);
        // Backward through the wrapper against the kernel.
        const gy = randomMatrix(rows, cols, cols + 1, 1);
        const gwant = call([want, gy], rows * cols, ([py, pg], o) => rt.exports.softmax_rows_backward_f32(py!, pg!, o, rows, cols, log ? 1 : 0));
        const gx = new Float32Array(rows * cols);
        wasmSoftmaxRowsBackwardF32(rt, want, 0, gy, 0, rows, cols, gx, log);
        expect(firstDiff(gx, gwant)).toBe(-1);
      }
    }
  });

  it('softmax backward against the float64 gradient and finite differences', () => {
    const rt = runtime();
    for (const cols of [1, 3, 5, 16, 17, 100, 1030]) {
      for (const log of [0, 1]) {
        const rows = 3;
        const x = randomMatrix(rows, cols, cols + 50 * log, 3);
        const gy = randomMatrix(rows, cols, cols + 99, 1);
        const y = call([x], rows * cols, ([p], o) => rt.exports.softmax_rows_f32(p!, o, rows, cols, log));
        const gx = call([y, gy], rows * cols, ([py, pg], o) => rt.exports.softmax_rows_backward_f32(py!, pg!, o, rows, cols, log));
        for (let r = 0; r < rows; r++) {
          const xr = Array.from(x.subarray(r * cols, (r + 1) * cols));
          const g = Array.from(gy.subarray(r * cols, (r + 1) * cols));
          const y64 = softmax64(xr, log === 1);
          // Analytic float64 gradient.
          const dot = log ? g.reduce((a, b) => a + b, 0) : g.reduce((a, b, i) => a + b * y64[i]!, 0);
          const want = y64.map((v, i) => (log ? g[i]! - Math.exp(v) * dot : v * (g[i]! - dot)));
          let scale = 0;
          for (const w of want) scale = Math.max(scale, Math.abs(w));
          for (let c = 0; c < cols; c++) {
            expect(close(gx[r * cols + c]!, want[c]!, 1e-5, scale + 1e-3), `backward ${cols} log=${log} [${r},${c}]`).toBe(true);
          }
          // Central differences of L = Σ gy·f(x) for a few columns.
          for (const c of [0, cols >> 1, cols - 1]) {
            const h = 1e-4;
            const f = (d: number): number => {
              const xs = xr.slice();
              xs[c] = xs[c]! + d;
              return softmax64(xs, log === 1).reduce((a, v, i) => a + v * g[i]!, 0);
            };
            const fd = (f(h) - f(-h)) / (2 * h);
            expect(Math.abs(gx[r * cols + c]! - fd)).toBeLessThan(1e-4 * (Math.abs(fd) + 1));
          }
        }
      }
    }
  });

  it('softmax backward in place over gy or y', () => {
    const rt = runtime();
    const rows = 4, cols = 37;
    for (const log of [0, 1]) {
      const y = call([randomMatrix(rows, cols, 1)], rows * cols, ([p], o) => rt.exports.softmax_rows_f32(p!, o, rows, cols, log));
      const gy = randomMatrix(rows, cols, 2, 1);
      const want = call([y, gy], rows * cols, ([py, pg], o) => rt.exports.softmax_rows_backward_f32(py!, pg!, o, rows, cols, log));
      const m = mark(rt);
      try {
        const r = runtime();
        const py = scratch(r, rows * cols * 4), pg = scratch(r, rows * cols * 4);
        r.f32.set(y, py >> 2);
        r.f32.set(gy, pg >> 2);
        r.exports.softmax_rows_backward_f32(py, pg, pg, rows, cols, log);
        expect(firstDiff(r.f32.slice(pg >> 2, (pg >> 2) + rows * cols), want)).toBe(-1);
        r.f32.set(gy, pg >> 2);
        r.exports.softmax_rows_backward_f32(py, pg, py, rows, cols, log);
        expect(firstDiff(r.f32.slice(py >> 2, (py >> 2) + rows * cols), want)).toBe(-1);
      } finally {
        release(rt, m);
      }
    }
  });
});

describe('wasm row kernels: argmax and cross-entropy', () => {
  it('argmax_rows_f32: first maximum, NaN counts as largest, -1 for empty rows', () => {
    const rt = runtime();
    for (const cols of COLS) {
      const rows = 4;
      const x = randomMatrix(rows, cols, cols + 3);
      if (cols > 2) { x[cols + 1] = 99; x[cols + cols - 1] = 99; } // row 1: a tie, first wins
      x[2 * cols + cols - 1] = NaN; // row 2: NaN last
      for (let c = 0; c < cols; c++) x[3 * cols + c] = -Infinity; // row 3: all -Inf → 0
      const got = new Int32Array(rows);
      wasmArgmaxRowsF32(rt, x, 0, rows, cols, got);
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let c = 1; c < cols; c++) {
          const v = x[r * cols + c]!, b = x[r * cols + best]!;
          if (Number.isNaN(b)) break;
          if (Number.isNaN(v) || v > b) best = c;
        }
        expect(got[r], `argmax ${cols} row ${r}`).toBe(best);
      }
    }
    const e = new Int32Array(2);
    wasmArgmaxRowsF32(rt, new Float32Array(0), 0, 2, 0, e);
    expect(Array.from(e)).toEqual([-1, -1]);
  });

  it('cross_entropy_rows_f32 and its gradient against float64', () => {
    const rt = runtime();
    for (const cols of [1, 2, 3, 10, 17, 1000, 1030]) {
      const rows = 7;
      const x = randomMatrix(rows, cols, cols + 11, 6);
      const t = new Int32Array(rows).map((_, r) => (r * 7919) % cols);
      t[1] = -100; // ignored
      t[2] = cols; // out of range: ignored
      if (cols > 1) x[3 * cols + ((t[3]! + 1) % cols)] = 60; // a confident wrong row
      x[4 * cols + t[4]!] = -Infinity; // target at -Inf: loss Inf
      x[5 * cols] = NaN; // NaN row
      const losses = new Float32Array(rows);
      wasmCrossEntropyRowsF32(rt, x, 0, t, 0, rows, cols, losses);
      const gl = new Float32Array(rows).map((_, r) => (r + 1) / rows);
      const gx = new Float32Array(rows * cols);
      wasmCrossEntropyRowsBackwardF32(rt, x, 0, t, 0, gl, 0, rows, cols, gx);
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
        const tr = t[r]!;
        if (tr < 0 || tr >= cols) {
          expect(losses[r]).toBe(0);
          for (let c = 0; c < cols; c++) expect(gx[r * cols + c]).toBe(0);
          continue;
        }
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
        const want = lse - row[tr]!;
        if (Number.isNaN(want)) { expect(losses[r]).toBeNaN(); continue; }
        if (!Number.isFinite(want)) { expect(losses[r]).toBe(want); continue; }
        expect(Math.abs(losses[r]! - want), `loss ${cols} row ${r}: ${losses[r]} vs ${want}`).toBeLessThan(1e-6 * (Math.abs(want) + 1));
        const p = softmax64(row, false);
        for (let c = 0; c < cols; c++) {
          const w = gl[r]! * (p[c]! - (c === tr ? 1 : 0));
          expect(Math.abs(gx[r * cols + c]! - w), `grad ${cols} [${r},${c}]`).toBeLessThan(1e-6 * (Math.abs(w) + 1e-3));
        }
      }
    }
  });

  it('the sum and max wrappers across block boundaries', () => {
    const rt = runtime();
    for (const cols of [1, 7, 1000, ROWS_CHUNK + 3]) {
      const rows = cols > ROWS_CHUNK ? 3 : Math.ceil((2.5 * ROWS_CHUNK) / cols);
      const x = randomMatrix(rows, cols, cols + 5);
      const src = new Float32Array(x.length + 3);
      src.set(x, 3);
      const rs = new Float32Array(rows), mx = new Float32Array(rows), cs = new Float32Array(cols);
      wasmSumRowsF32(rt, src, 3, rows, cols, rs);
      wasmMaxRowsF32(rt, src, 3, rows, cols, mx);
      wasmSumColsF32(rt, src, 3, rows, cols, cs);
      const bad: string[] = [];
      for (let r = 0; r < rows; r++) {
        let sum = 0, abs = 0, m = -Infinity;
        for (let c = 0; c < cols; c++) { const v = x[r * cols + c]!; sum += v; abs += Math.abs(v); m = Math.max(m, v); }
        if (!close(rs[r]!, sum, 2 ** -20, abs)) bad.push(`sum_rows ${rows}×${cols} row ${r}`);
        if (mx[r] !== m) bad.push(`max_rows ${rows}×${cols} row ${r}`);
      }
      const sums = new Float64Array(cols), abss = new Float64Array(cols);
      for (let i = 0; i < rows * cols; i++) { sums[i % cols] += x[i]!; abss[i % cols] += Math.abs(x[i]!); }
      for (let c = 0; c < cols; c++) if (!close(cs[c]!, sums[c]!, 2 ** -18, abss[c]!)) bad.push(`sum_cols ${rows}×${cols} col ${c}`);
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });
});
