/**
 * @file The WebAssembly float32 elementwise kernels (`wasmBinaryF32`, `wasmSimpleUnaryF32`)
 * against the JS loops they replace, bitwise (NaN compared as NaN): random shapes with
 * broadcasting, contiguous / transposed / sliced / stepped / expanded / offset layouts, sizes
 * around the WebAssembly threshold and the chunk boundaries, runs longer than a chunk, and
 * values full of NaN, ±Inf, ±0 and ties. Then through tensors with `setKernels`.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { BinaryKernel, UnaryKernel, View } from '../../../src/backend/backend.js';
import { binaryLoops } from '../../../src/backend/cpu/binary.js';
import { cpuBackend } from '../../../src/backend/cpu/cpu-backend.js';
import { planRuns } from '../../../src/backend/cpu/plan.js';
import { unaryLoops } from '../../../src/backend/cpu/unary.js';
import type { DType, TypedArray } from '../../../src/core/dtype.js';
import { CHUNK, WASM_ELEMENTWISE_MIN, WASM_ELEMENTWISE_MIN_RUNS, wasmBinaryF32, wasmSimpleUnaryF32 } from '../../../src/backend/wasm/elementwise-binary.js';
import { setKernels } from '../../../src/backend/settings.js';
import * as tg from '../../../src/index.js';
import { rng, runtime } from '../../helpers/seeded.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);

const ARITH: BinaryKernel[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
const COMPARE: BinaryKernel[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const UNARY: UnaryKernel[] = ['relu', 'neg', 'abs', 'square', 'sqrt', 'reciprocal'];



const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2, 3.4e38, -3.4e38, 1e-45, -1e-45, 1.1754942e-38];

/** Float32 values: mostly normal, with specials and small integers (ties for max/min/eq). */
function values(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    out[i] = u < 0.15 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : u < 0.35 ? Math.floor(r() * 5) - 2 : (r() - 0.5) * 10;
  }
  return out;
}

function bools(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

/** How one operand is laid out: which output dims it broadcasts, dim order in memory, steps, offset. */
interface Layout {
  /** Per output dim: 0 keep, 1 size 1 (broadcast), 2 absent (only leading dims, else treated as 1). */
  readonly bcast: readonly number[];
  /** Memory order of the dims (a permutation seed: sort key per dim). */
  readonly order: readonly number[];
  /** Per dim step (1 = dense, 2 = every other element). */
  readonly step: readonly number[];
  readonly offset: number;
  /** Whether the whole operand is a 0-d scalar. */
  readonly scalar: boolean;
}

/** A view of `shape` (already broadcast) for an operand with this layout, over fresh storage. */
function makeView(shape: readonly number[], lay: Layout, dtype: 'float32' | 'bool', seed: number): View {
  const nd = shape.length;
  const own = shape.map((n, d) => (lay.scalar || lay.bcast[d] !== 0 ? 1 : n));
  const dims = [...Array(nd).keys()].sort((x, y) => lay.order[x]! - lay.order[y]! || x - y);
  const strides = new Array<number>(nd).fill(0);
  let size = 1;
  for (let k = nd - 1; k >= 0; k--) {
    const d = dims[k]!;
    strides[d] = size * lay.step[d]!;
    size *= own[d]! * lay.step[d]!;
  }
  const total = lay.offset + size + 3;
  const data = dtype === 'bool' ? bools(total, seed) : values(total, seed);
  // Broadcast dims (and a scalar's every dim) read stride 0.
  const viewStrides = shape.map((n, d) => (own[d] === 1 && n !== 1 ? 0 : strides[d]!));
  return { storage: cpuBackend.fromArray(data), shape, strides: viewStrides, offset: lay.offset };
}

const dataOf = (v: View): TypedArray => (v.storage as unknown as { data: TypedArray }).data;

function expectBinary(op: BinaryKernel, a: View, b: View, outDtype: DType): TypedArray {
  const plan = planRuns(a.shape, [a.strides, b.strides], [a.offset, b.offset]);
  const n = a.shape.reduce((x, y) => x * y, 1);
  const out = outDtype === 'bool' ? new Uint8Array(n) : new Float32Array(n);
  binaryLoops[op](dataOf(a), plan.starts[0]!, plan.strides[0]!, dataOf(b), plan.starts[1]!, plan.strides[1]!, out, plan.length, plan.count);
  return out;
}

function expectUnary(op: UnaryKernel, x: View): Float32Array {
  const plan = planRuns(x.shape, [x.strides], [x.offset]);
  const out = new Float32Array(x.shape.reduce((p, q) => p * q, 1));
  unaryLoops[op](dataOf(x), plan.starts[0]!, plan.strides[0]!, out, plan.length, plan.count);
  return out;
}

/** Index of the first element that differs (NaN equals NaN, −0 differs from 0), or −1. */
function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return -2;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (!Object.is(g, w) && !(g !== g && w !== w)) return i;
  }
  return -1;
}

function check(got: TypedArray | null, want: TypedArray, what: string): void {
  expect(got, `${what}: not handled`).not.toBeNull();
  expect(got!.constructor).toBe(want.constructor);
  const i = firstMismatch(got!, want);
  expect(i, i < 0 ? what : `${what}: element ${i} got ${got![i]} want ${want[i]}`).toBe(-1);
}

const DIM_SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 32, 33, 64, 100, 129, 676, 1000, 1025];

const layoutArb = (nd: number): fc.Arbitrary<Layout> => fc.record({
  bcast: fc.array(fc.constantFrom(0, 0, 0, 1), { minLength: nd, maxLength: nd }),
  order: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nd, maxLength: nd }),
  step: fc.array(fc.constantFrom(1, 1, 1, 2), { minLength: nd, maxLength: nd }),
  offset: fc.constantFrom(0, 0, 1, 3, 5),
  scalar: fc.constantFrom(false, false, false, false, false, true),
});

/** A shape with 1..4 dims and between the threshold and a few chunks of elements. */
const shapeArb = fc.array(fc.constantFrom(...DIM_SIZES), { minLength: 1, maxLength: 4 })
  .filter((s) => { const n = s.reduce((x, y) => x * y, 1); return n >= WASM_ELEMENTWISE_MIN_RUNS && n <= 5 * CHUNK; });

const caseArb = shapeArb.chain((shape) => fc.record({
  shape: fc.constant(shape),
  a: layoutArb(shape.length),
  b: layoutArb(shape.length),
  seed: fc.integer({ min: 0, max: 1 << 30 }),
}));

describe('wasm float32 elementwise kernels', () => {
  const rt = runtime();

  it('binary arithmetic matches the JS loops bitwise on random layouts', () => {
    fc.assert(fc.property(caseArb, fc.constantFrom(...ARITH), ({ shape, a, b, seed }, op) => {
      const va = makeView(shape, a, 'float32', seed), vb = makeView(shape, b, 'float32', seed + 1);
      check(wasmBinaryF32(rt, op, va, vb, 'float32'), expectBinary(op, va, vb, 'float32'), `${op} ${JSON.stringify({ shape, a, b })}`);
    }), { numRuns: 150 });
  });

  it('comparisons match the JS loops bitwise on random layouts', () => {
    fc.assert(fc.property(caseArb, fc.constantFrom(...COMPARE), ({ shape, a, b, seed }, op) => {
      const va = makeView(shape, a, 'float32', seed), vb = makeView(shape, b, 'float32', seed + 1);
      check(wasmBinaryF32(rt, op, va, vb, 'bool'), expectBinary(op, va, vb, 'bool'), `${op} ${JSON.stringify({ shape, a, b })}`);
    }), { numRuns: 100 });
  });

  it('float32 × bool products match the JS loop bitwise, either side', () => {
    fc.assert(fc.property(caseArb, fc.boolean(), ({ shape, a, b, seed }, swap) => {
      const vx = makeView(shape, a, 'float32', seed), vm = makeView(shape, b, 'bool', seed + 1);
      const [va, vb] = swap ? [vm, vx] : [vx, vm];
      check(wasmBinaryF32(rt, 'mul', va, vb, 'float32'), expectBinary('mul', va, vb, 'float32'), `mul f32×bool swap=${swap} ${JSON.stringify({ shape, a, b })}`);
    }), { numRuns: 80 });
  });

  it('unary ops match the JS loops bitwise on random layouts', () => {
    fc.assert(fc.property(caseArb, fc.constantFrom(...UNARY), ({ shape, a, seed }, op) => {
      const vx = makeView(shape, a, 'float32', seed);
      check(wasmSimpleUnaryF32(rt, op, vx), expectUnary(op, vx), `${op} ${JSON.stringify({ shape, a })}`);
    }), { numRuns: 120 });
  });

  it('handles sizes around the threshold and the chunk boundaries, and runs longer than a chunk', () => {
    const flat = { bcast: [0], order: [0], step: [1], offset: 0, scalar: false };
    const sizes = [WASM_ELEMENTWISE_MIN, WASM_ELEMENTWISE_MIN + 1, WASM_ELEMENTWISE_MIN + 3, WASM_ELEMENTWISE_MIN_RUNS, WASM_ELEMENTWISE_MIN_RUNS + 5, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7];
    for (const n of sizes) {
      const layouts = [[flat, flat], [flat, { ...flat, scalar: true }], [{ ...flat, scalar: true }, flat], [{ ...flat, offset: 3 }, { ...flat, offset: 1 }]];
      if (n >= WASM_ELEMENTWISE_MIN_RUNS) layouts.push([{ ...flat, offset: 3 }, { ...flat, step: [2] }]);
      for (const [la, lb] of layouts) {
        const va = makeView([n], la!, 'float32', n), vb = makeView([n], lb!, 'float32', n + 7);
        for (const op of ARITH) check(wasmBinaryF32(rt, op, va, vb, 'float32'), expectBinary(op, va, vb, 'float32'), `${op} [${n}]`);
        for (const op of COMPARE) check(wasmBinaryF32(rt, op, va, vb, 'bool'), expectBinary(op, va, vb, 'bool'), `${op} [${n}]`);
        for (const op of UNARY) check(wasmSimpleUnaryF32(rt, op, vb), expectUnary(op, vb), `${op} [${n}]`);
        const vm = makeView([n], lb!, 'bool', n + 9);
        check(wasmBinaryF32(rt, 'mul', va, vm, 'float32'), expectBinary('mul', va, vm, 'float32'), `mul f32×bool [${n}]`);
      }
    }
    // Runs longer than a chunk (cut into pieces), broadcast per row, transposed, and gathered.
    const shapes: [number[], Layout, Layout][] = [
      [[3, CHUNK + 5], { bcast: [0, 0], order: [0, 1], step: [1, 1], offset: 1, scalar: false }, { bcast: [0, 1], order: [0, 1], step: [1, 1], offset: 0, scalar: false }],
      [[2, 2 * CHUNK + 3], { bcast: [0, 0], order: [0, 1], step: [1, 2], offset: 0, scalar: false }, { bcast: [1, 0], order: [0, 1], step: [1, 1], offset: 2, scalar: false }],
      [[CHUNK + 1, 3], { bcast: [0, 0], order: [1, 0], step: [1, 1], offset: 0, scalar: false }, { bcast: [0, 0], order: [0, 1], step: [1, 1], offset: 0, scalar: false }],
      // A big stride: the operand's span is many times the output, so its runs are gathered.
      [[40, 64], { bcast: [0, 0], order: [0, 1], step: [9, 1], offset: 0, scalar: false }, { bcast: [0, 0], order: [0, 1], step: [7, 3], offset: 0, scalar: false }],
    ];
    for (const [shape, la, lb] of shapes) {
      const va = makeView(shape, la, 'float32', 11), vb = makeView(shape, lb, 'float32', 12), vm = makeView(shape, lb, 'bool', 13);
      for (const op of ARITH) check(wasmBinaryF32(rt, op, va, vb, 'float32'), expectBinary(op, va, vb, 'float32'), `${op} ${shape}`);
      for (const op of COMPARE) check(wasmBinaryF32(rt, op, vb, va, 'bool'), expectBinary(op, vb, va, 'bool'), `${op} ${shape}`);
      for (const op of UNARY) check(wasmSimpleUnaryF32(rt, op, va), expectUnary(op, va), `${op} ${shape}`);
      check(wasmBinaryF32(rt, 'mul', vm, va, 'float32'), expectBinary('mul', vm, va, 'float32'), `mul bool×f32 ${shape}`);
    }
  });

  it('handles negative strides', () => {
    const n = 3000;
    const a = values(n, 21), b = values(2 * n, 22), m = bools(n, 23);
    const rev = (data: Float32Array | Uint8Array, len: number, step: number): View =>
      ({ storage: cpuBackend.fromArray(data), shape: [len], strides: [-step], offset: (len - 1) * step });
    const fwd = (data: Float32Array | Uint8Array, len: number): View => ({ storage: cpuBackend.fromArray(data), shape: [len], strides: [1], offset: 0 });
    const pairs: [View, View][] = [[rev(a, n, 1), fwd(b, n)], [fwd(a, n), rev(b, n, 2)], [rev(a, n, 1), rev(b, n, 2)]];
    // Rows reversed, columns forward: [30, 100] over a [30, 100] block.
    const rows: View = { storage: cpuBackend.fromArray(a), shape: [30, 100], strides: [-100, 1], offset: 2900 };
    pairs.push([rows, { storage: cpuBackend.fromArray(b), shape: [30, 100], strides: [100, 1], offset: 7 }]);
    for (const [va, vb] of pairs) {
      for (const op of ARITH) check(wasmBinaryF32(rt, op, va, vb, 'float32'), expectBinary(op, va, vb, 'float32'), `${op} negative strides`);
      for (const op of COMPARE) check(wasmBinaryF32(rt, op, va, vb, 'bool'), expectBinary(op, va, vb, 'bool'), `${op} negative strides`);
      for (const op of UNARY) check(wasmSimpleUnaryF32(rt, op, va), expectUnary(op, va), `${op} negative strides`);
    }
    const vm = rev(m, n, 1), vx = fwd(a, n);
    check(wasmBinaryF32(rt, 'mul', vx, vm, 'float32'), expectBinary('mul', vx, vm, 'float32'), 'mul f32×bool reversed mask');
  });

  it('leaves other cases to the JS loops', () => {
    const flat = { bcast: [0], order: [0], step: [1], offset: 0, scalar: false };
    const big = makeView([4096], flat, 'float32', 1), small = makeView([WASM_ELEMENTWISE_MIN - 1], flat, 'float32', 2);
    const mask = makeView([4096], flat, 'bool', 3);
    const f64: View = { storage: cpuBackend.fromArray(new Float64Array(4096)), shape: [4096], strides: [1], offset: 0 };
    expect(wasmBinaryF32(rt, 'add', small, small, 'float32')).toBeNull();
    expect(wasmBinaryF32(rt, 'pow', big, big, 'float32')).toBeNull();
    expect(wasmBinaryF32(rt, 'add', big, f64, 'float64')).toBeNull();
    expect(wasmBinaryF32(rt, 'add', big, mask, 'float32')).toBeNull();
    expect(wasmBinaryF32(rt, 'logicalAnd', big, big, 'bool')).toBeNull();
    expect(wasmSimpleUnaryF32(rt, 'exp', big)).toBeNull();
    expect(wasmSimpleUnaryF32(rt, 'relu', small)).toBeNull();
    expect(wasmSimpleUnaryF32(rt, 'relu', f64)).toBeNull();
    // Plans of many runs need more elements to pay for themselves.
    const rows = makeView([8, (WASM_ELEMENTWISE_MIN_RUNS >> 3) - 1], { bcast: [0, 0], order: [1, 0], step: [1, 1], offset: 0, scalar: false }, 'float32', 4);
    expect(wasmBinaryF32(rt, 'add', rows, rows, 'float32')).toBeNull();
    expect(wasmSimpleUnaryF32(rt, 'relu', rows)).toBeNull();
  });
});

describe('tensor ops on the wasm elementwise kernels', () => {
  afterEach(() => setKernels('wasm'));

  const bothWays = (f: () => tg.Tensor): [Float32Array | Uint8Array, Float32Array | Uint8Array] => {
    setKernels('js');
    const js = f().dataSync() as Float32Array | Uint8Array;
    setKernels('wasm');
    const w = f().dataSync() as Float32Array | Uint8Array;
    return [js, w];
  };

  it('bias add, ReLU and its backward agree with the JS kernels', () => {
    const x = tg.tensor(Array.from(values(8 * 16 * 50, 5)), { dtype: 'float32' }).reshape([8, 16, 50]);
    const g = tg.tensor(Array.from(values(8 * 16 * 50, 6)), { dtype: 'float32' }).reshape([8, 16, 50]);
    const bias = tg.tensor(Array.from(values(16, 7)), { dtype: 'float32' }).reshape([1, 16, 1]);
    for (const f of [() => x.add(bias), () => x.relu(), () => g.mul(x.gt(0)), () => x.gt(0), () => x.transpose(1, 2).mul(g.transpose(1, 2)), () => x.transpose(1, 2).contiguous().sub(g.transpose(1, 2)), () => x.maximum(bias)]) {
      const [js, w] = bothWays(f);
      expect(firstMismatch(w, js)).toBe(-1);
    }
  });

  it('gradients through relu and a broadcast add agree with the JS kernels', () => {
    const run = (): Float32Array => {
      const x = tg.tensor(Array.from(values(64 * 40, 8)), { dtype: 'float32' }).reshape([64, 40]).requiresGrad_();
      const b = tg.tensor(Array.from(values(40, 9)), { dtype: 'float32' }).requiresGrad_();
      x.add(b).relu().square().sum().backward();
      return Float32Array.from([...(x.grad!.dataSync() as Float32Array), ...(b.grad!.dataSync() as Float32Array)]);
    };
    setKernels('js');
    const js = run();
    setKernels('wasm');
    const wasm = run();
    // x's gradient is elementwise (bitwise equal); b's sums 64 rows, in float32 blocks on the
    // wasm kernels and in float64 in the JS loop, so it agrees to float32 rounding.
    expect(firstMismatch(wasm.subarray(0, 64 * 40), js.subarray(0, 64 * 40))).toBe(-1);
    for (let i = 64 * 40; i < js.length; i++) {
      const w = wasm[i]!, j = js[i]!;
      if (w === j || (Number.isNaN(w) && Number.isNaN(j))) continue;
      expect(Math.abs(w - j), `b.grad[${i - 64 * 40}]: ${w} vs ${j}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(j)));
    }
  });
});
