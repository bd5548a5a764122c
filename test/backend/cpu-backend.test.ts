/**
 * @file Backend conformance suite (src/backend/backend.ts): every `Backend` method on small
 * hand-computed examples, including non-contiguous inputs (transposed, offset/stepped,
 * stride-0 broadcast, 0-d and empty views). Written once over `describe.each`, so another
 * backend joins by adding a row to the table.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, BinaryKernel, Storage, UnaryKernel, View } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/cpu-backend.js';
import type { DType, TypedArray } from '../../src/core/dtype.js';
import { IndexError } from '../../src/core/errors.js';

/** Row-major strides of a shape. */
function contiguous(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) { st[d] = s; s *= shape[d]!; }
  return st;
}

/** Elementwise comparison: NaN matches NaN, infinities match exactly, finite values within `tol` (relative). */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void {
  expect(actual.length, 'length').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) expect(a, `element ${i}`).toBe(e);
    else if (Math.abs(a - e) > tol * Math.max(1, Math.abs(e))) expect.fail(`element ${i}: ${a}, expected ${e}`);
  }
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
/**
 * erf independent of the kernel's method: its Maclaurin series for |v| ≤ 2, else 1 - erfc(v)
 * from erfc's continued fraction (both accurate to ~1e-16 there).
 */
const erfRef = (v: number): number => {
  const a = Math.abs(v);
  if (a <= 2) {
    let term = v, sum = v;
    for (let n = 1; n < 80; n++) {
      term *= (-v * v) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let k = a;
  for (let n = 200; n >= 1; n--) k = a + n / 2 / k;
  return Math.sign(v) * (1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * k));
};
const unaryRef: { [K in UnaryKernel]: (v: number) => number } = {
  neg: (v) => -v, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, rsqrt: (v) => 1 / Math.sqrt(v), abs: Math.abs,
  sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sigmoid, relu: (v) => (v > 0 ? v : 0), square: (v) => v * v,
  reciprocal: (v) => 1 / v, log1p: Math.log1p, expm1: Math.expm1, sign: Math.sign, erf: erfRef, gelu: (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2)), logicalNot: (v) => (v === 0 ? 1 : 0),
};

describe.each([{ name: 'cpu', backend: cpuBackend as Backend }])('$name backend', ({ backend }) => {
  const view = (storage: Storage, shape: number[], strides: number[] = contiguous(shape), offset = 0): View =>
    ({ storage, shape, strides, offset });
  /** A contiguous float64 view (or of the dtype whose array `ctor` builds). */
  const t = (values: number[], shape: number[] = [values.length], ctor: { from(v: number[]): TypedArray } = Float64Array): View =>
    view(backend.fromArray(ctor.from(values)), shape);
  /** A storage's elements (its whole contiguous extent). */
  const vals = (s: Storage): number[] => Array.from(backend.read(view(s, [s.size])));
  const ints = { from: (v: number[]) => Int32Array.from(v) };
  const bools = { from: (v: number[]) => Uint8Array.from(v) };
  const f32 = { from: (v: number[]) => Float32Array.from(v) };
  // [[1, 2, 3], [4, 5, 6]] and its views.
  const m23 = (): View => t([1, 2, 3, 4, 5, 6], [2, 3]);
  /** The transpose of [[1, 2, 3], [4, 5, 6]]: [[1, 4], [2, 5], [3, 6]]. */
  const m32T = (): View => view(m23().storage, [3, 2], [1, 3]);

  describe('alloc and fromArray', () => {
    it('alloc gives a zero-filled storage of the dtype and size', () => {
      const kinds: [DType, unknown][] = [['float32', Float32Array], ['float64', Float64Array], ['int32', Int32Array], ['bool', Uint8Array]];
      for (const [dtype, ctor] of kinds) {
        const s = backend.alloc(dtype, 5);
        expect(s.dtype).toBe(dtype);
        expect(s.size).toBe(5);
        expect(s.backend).toBe(backend);
        expect(s.version).toBe(0);
        const r = backend.read(view(s, [5]));
        expect(r).toBeInstanceOf(ctor);
        expect(Array.from(r)).toEqual([0, 0, 0, 0, 0]);
      }
      expect(backend.alloc('float32', 0).size).toBe(0);
    });

    it('fromArray adopts the array without copying and infers the dtype', () => {
      const data = Float64Array.of(1, 2, 3);
      const s = backend.fromArray(data);
      data[0] = 9;
      expect(vals(s)).toEqual([9, 2, 3]);
      expect(s.dtype).toBe('float64');
      expect(s.size).toBe(3);
      expect(backend.fromArray(new Float32Array(2)).dtype).toBe('float32');
      expect(backend.fromArray(new Int32Array(2)).dtype).toBe('int32');
      expect(backend.fromArray(new Uint8Array(2)).dtype).toBe('bool');
    });
  });

  describe('read and readAsync', () => {
    it('reads contiguous views as a new array of the storage dtype', () => {
      const data = Int32Array.of(1, 2, 3, 4);
      const s = backend.fromArray(data);
      const r = backend.read(view(s, [2, 2]));
      expect(r).toBeInstanceOf(Int32Array);
      expect(Array.from(r)).toEqual([1, 2, 3, 4]);
      r[0] = 100; // a copy: writing it leaves the storage alone
      expect(data[0]).toBe(1);
      expect(backend.read(view(backend.fromArray(Uint8Array.of(1, 0)), [2]))).toBeInstanceOf(Uint8Array);
    });

    it('reads non-contiguous views in row-major order', () => {
      expect(Array.from(backend.read(m32T()))).toEqual([1, 4, 2, 5, 3, 6]);
      const s = t([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).storage;
      expect(Array.from(backend.read(view(s, [2, 2], [4, 2], 1)))).toEqual([1, 3, 5, 7]); // stepped, offset
      expect(Array.from(backend.read(view(s, [3, 2], [0, 1], 7)))).toEqual([7, 8, 7, 8, 7, 8]); // stride-0 rows
      expect(Array.from(backend.read(view(s, [2, 1, 3], [3, 99, 1], 0)))).toEqual([0, 1, 2, 3, 4, 5]); // size-1 dim
      expect(Array.from(backend.read(view(s, [], [], 4)))).toEqual([4]); // 0-d
      expect(backend.read(view(s, [0, 3], [3, 1], 0)).length).toBe(0); // empty
    });

    it('readAsync resolves to what read returns', async () => {
      const r = await backend.readAsync(m32T());
      expect(r).toBeInstanceOf(Float64Array);
      expect(Array.from(r)).toEqual([1, 4, 2, 5, 3, 6]);
    });
  });

  describe('unary', () => {
    const xs = [-2, -0.5, 0, 0.5, 3];
    for (const op of Object.keys(unaryRef) as UnaryKernel[]) {
      it(`${op} matches its definition`, () => {
        const outDtype = op === 'logicalNot' ? 'bool' : 'float64';
        const s = backend.unary(op, t(xs), outDtype);
        expect(s.dtype).toBe(outDtype);
        expectClose(vals(s), xs.map(unaryRef[op]), 1e-15);
      });
    }

    it('hand-checked values', () => {
      expect(vals(backend.unary('neg', t([1, -2]), 'float64'))).toEqual([-1, 2]);
      expect(vals(backend.unary('relu', t([-1, 0, 2]), 'float64'))).toEqual([0, 0, 2]);
      expect(vals(backend.unary('sign', t([-3, 0, 4, NaN]), 'float64'))).toEqual([-1, 0, 1, NaN]);
      expect(vals(backend.unary('sqrt', t([4, 0, -1]), 'float64'))).toEqual([2, 0, NaN]);
      expect(vals(backend.unary('rsqrt', t([4, 0]), 'float64'))).toEqual([0.5, Infinity]);
      expect(vals(backend.unary('log', t([1, 0, -1]), 'float64'))).toEqual([0, -Infinity, NaN]);
      expect(vals(backend.unary('reciprocal', t([4, 0, -0.5]), 'float64'))).toEqual([0.25, Infinity, -2]);
      expect(vals(backend.unary('square', t([-3, 0.5]), 'float64'))).toEqual([9, 0.25]);
      expect(vals(backend.unary('abs', t([-3, 2]), 'float64'))).toEqual([3, 2]);
      expect(vals(backend.unary('logicalNot', t([0, 2, -1], [3], ints), 'bool'))).toEqual([1, 0, 0]);
      expect(vals(backend.unary('sigmoid', t([0]), 'float64'))).toEqual([0.5]);
    });

    it('propagates NaN like torch (relu(NaN) is NaN; logicalNot(NaN) is false)', () => {
      const ops: UnaryKernel[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu', 'square', 'reciprocal'];
      for (const op of ops) expect(vals(backend.unary(op, t([NaN]), 'float64')), op).toEqual([NaN]);
      expect(vals(backend.unary('logicalNot', t([NaN]), 'bool'))).toEqual([0]);
    });

    it('sigmoid and exp stay finite / saturate cleanly at large magnitudes', () => {
      expect(vals(backend.unary('sigmoid', t([1000, -1000, 40]), 'float64'))).toEqual([1, 0, sigmoid(40)]);
      expect(vals(backend.unary('exp', t([1000, -1000]), 'float64'))).toEqual([Infinity, 0]);
      expect(vals(backend.unary('tanh', t([1000, -1000]), 'float64'))).toEqual([1, -1]);
    });

    it('reads non-contiguous inputs and writes a contiguous output of outDtype', () => {
      expect(vals(backend.unary('neg', m32T(), 'float64'))).toEqual([-1, -4, -2, -5, -3, -6]);
      const bcast = view(t([0, 1]).storage, [2, 3], [1, 0]); // [[0,0,0],[1,1,1]]
      expectClose(vals(backend.unary('exp', bcast, 'float64')), [1, 1, 1, Math.E, Math.E, Math.E]);
      const s = backend.unary('exp', t([0.1, 1]), 'float32');
      expect(s.dtype).toBe('float32');
      expectClose(vals(s), [Math.fround(Math.exp(0.1)), Math.fround(Math.E)], 2 ** -23); // float32 exp: within 1 ulp
      expect(backend.unary('abs', view(t([1]).storage, [0, 4]), 'float64').size).toBe(0);
      expect(vals(backend.unary('square', view(t([5, 3]).storage, [], [], 1), 'float64'))).toEqual([9]);
    });
  });

  describe('binary', () => {
    const a = [1, -2, 3, 4, 0, -6]; // [[1, -2, 3], [4, 0, -6]]
    const bRow = [2, -2, 0]; // broadcast over rows
    const A = (): View => t(a, [2, 3]);
    const B = (): View => view(t(bRow).storage, [2, 3], [0, 1]);
    const expected: { [K in BinaryKernel]: number[] } = {
      add: [3, -4, 3, 6, -2, -6],
      sub: [-1, 0, 3, 2, 2, -6],
      mul: [2, 4, 0, 8, -0, -0],
      div: [0.5, 1, Infinity, 2, -0, -Infinity],
      pow: [1, 0.25, 1, 16, Infinity, 1],
      maximum: [2, -2, 3, 4, 0, 0],
      minimum: [1, -2, 0, 2, -2, -6],
      eq: [0, 1, 0, 0, 0, 0],
      ne: [1, 0, 1, 1, 1, 1],
      lt: [1, 0, 0, 0, 0, 1],
      le: [1, 1, 0, 0, 0, 1],
      gt: [0, 0, 1, 1, 1, 0],
      ge: [0, 1, 1, 1, 1, 0],
      logicalAnd: [1, 1, 0, 1, 0, 0],
      logicalOr: [1, 1, 1, 1, 1, 1],
    };
    const bool = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);
    for (const op of Object.keys(expected) as BinaryKernel[]) {
      it(`${op} over a stride-0 broadcast operand`, () => {
        const outDtype: DType = bool.has(op) ? 'bool' : 'float64';
        const s = backend.binary(op, A(), B(), outDtype);
        expect(s.dtype).toBe(outDtype);
        expect(s.size).toBe(6);
        expect(vals(s)).toEqual(expected[op]);
      });
    }

    it('maximum and minimum propagate NaN from either side; 0/0 is NaN', () => {
      const x = t([NaN, 1, 2]), y = t([1, NaN, 3]);
      expect(vals(backend.binary('maximum', x, y, 'float64'))).toEqual([NaN, NaN, 3]);
      expect(vals(backend.binary('minimum', x, y, 'float64'))).toEqual([NaN, NaN, 2]);
      expect(vals(backend.binary('div', t([0, -1]), t([0, 0]), 'float64'))).toEqual([NaN, -Infinity]);
      expect(vals(backend.binary('eq', x, x, 'bool'))).toEqual([0, 1, 1]);
      expect(vals(backend.binary('ne', x, x, 'bool'))).toEqual([1, 0, 0]);
    });

    it('pow follows C / torch.pow at the edges: 1^y = 1, (-1)^±∞ = 1, x^0 = 1', () => {
      const base = t([1, 1, 1, -1, -1, NaN, 2, -8, 0, 4]);
      const exponent = t([NaN, Infinity, -Infinity, Infinity, -Infinity, 0, 0.5, 1 / 3, -1, -0.5]);
      expect(vals(backend.binary('pow', base, exponent, 'float64'))).toEqual([1, 1, 1, 1, 1, 1, Math.SQRT2, NaN, Infinity, 0.5]);
    });

    it('reads transposed, offset and 0-d-expanded operands', () => {
      const scalar = view(t([0, 10]).storage, [3, 2], [0, 0], 1); // 10 everywhere
      expect(vals(backend.binary('sub', m32T(), scalar, 'float64'))).toEqual([-9, -6, -8, -5, -7, -4]);
      const stepped = view(t([9, 1, 9, 2, 9, 3, 9, 4, 9, 5, 9, 6]).storage, [3, 2], [2, 6], 1); // [[1,4],[2,5],[3,6]]
      expect(vals(backend.binary('mul', m32T(), stepped, 'float64'))).toEqual([1, 16, 4, 25, 9, 36]);
      expect(vals(backend.binary('add', t([1], [], ints), t([2], [], ints), 'int32'))).toEqual([3]);
    });

    it('logical ops on bool storages and int comparisons write 0/1 bools', () => {
      const p = t([1, 1, 0, 0], [4], bools), q = t([1, 0, 1, 0], [4], bools);
      expect(vals(backend.binary('logicalAnd', p, q, 'bool'))).toEqual([1, 0, 0, 0]);
      expect(vals(backend.binary('logicalOr', p, q, 'bool'))).toEqual([1, 1, 1, 0]);
      const s = backend.binary('lt', t([1, 5], [2], ints), t([3, 3], [2], ints), 'bool');
      expect(backend.read(view(s, [2]))).toBeInstanceOf(Uint8Array);
      expect(vals(s)).toEqual([1, 0]);
    });

    it('writes float32 outputs rounded', () => {
      const s = backend.binary('add', t([0.1], [1], f32), t([0.2], [1], f32), 'float32');
      expect(vals(s)).toEqual([Math.fround(Math.fround(0.1) + Math.fround(0.2))]);
    });
  });

  describe('where', () => {
    it('selects with a broadcast condition and a stride-0 scalar branch', () => {
      const cond = view(t([1, 0, 1], [3], bools).storage, [2, 3], [0, 1]);
      const other = view(t([-1]).storage, [2, 3], [0, 0]);
      expect(vals(backend.where(cond, m23(), other, 'float64'))).toEqual([1, -1, 3, 4, -1, 6]);
    });

    it('reads a transposed branch and treats any nonzero condition as true', () => {
      const cond = t([0, 5, -1, 0, 0, 2], [3, 2], ints);
      const s = backend.where(cond, m32T(), t([0, 0, 0, 0, 0, 0], [3, 2]), 'float64');
      expect(vals(s)).toEqual([0, 4, 2, 0, 0, 6]);
      expect(s.dtype).toBe('float64');
    });
  });

  describe('cast', () => {
    it('float64 to int32 truncates toward zero; to float32 rounds', () => {
      expect(vals(backend.cast(t([1.7, -1.7, 0, 2.5, -0.2]), 'int32'))).toEqual([1, -1, 0, 2, 0]);
      const s = backend.cast(t([0.1, 1 / 3]), 'float32');
      expect(s.dtype).toBe('float32');
      expect(vals(s)).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
    });

    it('to bool is x != 0 (NaN is true)', () => {
      const s = backend.cast(t([0, -0, 2, -0.5, NaN]), 'bool');
      expect(s.dtype).toBe('bool');
      expect(vals(s)).toEqual([0, 0, 1, 1, 1]);
      expect(vals(backend.cast(t([0, 7, -3], [3], ints), 'bool'))).toEqual([0, 1, 1]);
      expect(vals(backend.cast(view(t([3, 0]).storage, [2, 2], [1, 0]), 'bool'))).toEqual([1, 1, 0, 0]);
    });

    it('from bool and int32, and from non-contiguous or offset views', () => {
      expect(vals(backend.cast(t([1, 0, 1], [3], bools), 'float64'))).toEqual([1, 0, 1]);
      expect(vals(backend.cast(t([2 ** 31 - 1, -(2 ** 31)], [2], ints), 'float64'))).toEqual([2 ** 31 - 1, -(2 ** 31)]);
      expect(vals(backend.cast(m32T(), 'int32'))).toEqual([1, 4, 2, 5, 3, 6]);
      expect(vals(backend.cast(view(t([1, 2]).storage, [2, 2], [0, 1]), 'float32'))).toEqual([1, 2, 1, 2]);
      expect(vals(backend.cast(view(t([9, 9, 1, 2, 3]).storage, [3], [1], 2), 'float64'))).toEqual([1, 2, 3]); // offset, contiguous
      expect(vals(backend.cast(view(t([9, 9, 1.5, 2, 3]).storage, [3], [1], 2), 'int32'))).toEqual([1, 2, 3]);
    });
  });

  describe('reduce', () => {
    // x[i][j][k] = 6i + 2j + k, shape [2, 3, 2].
    const x = (): View => t(Array.from({ length: 12 }, (_, i) => i), [2, 3, 2]);
    // [[3, -1, 7], [2, 9, -4]]
    const z = (): View => t([3, -1, 7, 2, 9, -4], [2, 3]);

    it('sum over one dim, several dims and all dims keeps the kept dims in order', () => {
      expect(vals(backend.reduce('sum', x(), [1], 'float64'))).toEqual([6, 9, 24, 27]);
      expect(vals(backend.reduce('sum', x(), [0, 2], 'float64'))).toEqual([14, 22, 30]);
      expect(vals(backend.reduce('sum', x(), [0], 'float64'))).toEqual([6, 8, 10, 12, 14, 16]);
      expect(vals(backend.reduce('sum', x(), [0, 1, 2], 'float64'))).toEqual([66]);
      expect(vals(backend.reduce('sum', x(), [1, 2], 'float64'))).toEqual([15, 51]);
    });

    it('prod, max, min over one dim and several dims', () => {
      const y = t([1, 2, 3, 4, 5, 6], [2, 3]);
      expect(vals(backend.reduce('prod', y, [1], 'float64'))).toEqual([6, 120]);
      expect(vals(backend.reduce('prod', y, [0], 'float64'))).toEqual([4, 10, 18]);
      expect(vals(backend.reduce('prod', y, [0, 1], 'float64'))).toEqual([720]);
      expect(vals(backend.reduce('max', z(), [1], 'float64'))).toEqual([7, 9]);
      expect(vals(backend.reduce('max', z(), [0], 'float64'))).toEqual([3, 9, 7]);
      expect(vals(backend.reduce('min', z(), [1], 'float64'))).toEqual([-1, -4]);
      expect(vals(backend.reduce('min', z(), [0], 'float64'))).toEqual([2, -1, -4]);
      expect(vals(backend.reduce('max', z(), [0, 1], 'float64'))).toEqual([9]);
      expect(vals(backend.reduce('min', z(), [0, 1], 'float64'))).toEqual([-4]);
      expect(vals(backend.reduce('max', x(), [0, 2], 'float64'))).toEqual([7, 9, 11]);
    });

    it('argmax and argmin over one dim or a flattened input, first index on ties', () => {
      const s = backend.reduce('argmax', z(), [1], 'int32');
      expect(s.dtype).toBe('int32');
      expect(vals(s)).toEqual([2, 1]);
      expect(vals(backend.reduce('argmin', z(), [1], 'int32'))).toEqual([1, 2]);
      expect(vals(backend.reduce('argmax', z(), [0], 'int32'))).toEqual([0, 1, 0]);
      expect(vals(backend.reduce('argmin', z(), [0], 'int32'))).toEqual([1, 0, 1]);
      expect(vals(backend.reduce('argmax', z(), [0, 1], 'int32'))).toEqual([4]);
      expect(vals(backend.reduce('argmin', z(), [0, 1], 'int32'))).toEqual([5]);
      expect(vals(backend.reduce('argmax', t([5, 1, 5]), [0], 'int32'))).toEqual([0]);
      expect(vals(backend.reduce('argmin', t([2, 1, 1]), [0], 'int32'))).toEqual([1]);
      // A flattened transposed view counts positions in the view's row-major order.
      expect(vals(backend.reduce('argmax', view(z().storage, [3, 2], [1, 3]), [0, 1], 'int32'))).toEqual([3]);
    });

    it('max, min, argmax and argmin propagate NaN (NaN counts as the extreme)', () => {
      const n = t([1, NaN, 3, 0]);
      expect(vals(backend.reduce('max', n, [0], 'float64'))).toEqual([NaN]);
      expect(vals(backend.reduce('min', n, [0], 'float64'))).toEqual([NaN]);
      expect(vals(backend.reduce('argmax', n, [0], 'int32'))).toEqual([1]);
      expect(vals(backend.reduce('argmin', n, [0], 'int32'))).toEqual([1]);
      expect(vals(backend.reduce('sum', n, [0], 'float64'))).toEqual([NaN]);
    });

    it('reduces transposed, stride-0 and offset views', () => {
      const zT = view(z().storage, [3, 2], [1, 3]); // [[3, 2], [-1, 9], [7, -4]]
      expect(vals(backend.reduce('sum', zT, [1], 'float64'))).toEqual([5, 8, 3]);
      expect(vals(backend.reduce('max', zT, [0], 'float64'))).toEqual([7, 9]);
      expect(vals(backend.reduce('argmin', zT, [0], 'int32'))).toEqual([1, 2]);
      const rows = view(t([1, 2, 3]).storage, [4, 3], [0, 1]);
      expect(vals(backend.reduce('sum', rows, [0], 'float64'))).toEqual([4, 8, 12]);
      expect(vals(backend.reduce('prod', rows, [0, 1], 'float64'))).toEqual([1296]);
      const inner = view(x().storage, [2, 2], [6, 1], 2); // [[2, 3], [8, 9]]
      expect(vals(backend.reduce('sum', inner, [1], 'float64'))).toEqual([5, 17]);
      // x permuted to [2(k), 2(i), 3(j)], reducing the non-adjacent dims k and j.
      const perm = view(x().storage, [2, 2, 3], [1, 6, 2]);
      expect(vals(backend.reduce('sum', perm, [0, 2], 'float64'))).toEqual([15, 51]);
    });

    it('writes outDtype and handles empty reductions (sum 0, prod 1)', () => {
      const s = backend.reduce('sum', t([1, 0, 1, 1], [4], bools), [0], 'int32');
      expect(s.dtype).toBe('int32');
      expect(vals(s)).toEqual([3]);
      expect(vals(backend.reduce('sum', t([0.1, 0.2]), [0], 'float32'))).toEqual([Math.fround(0.1 + 0.2)]);
      const empty = view(t([1]).storage, [2, 0], [0, 1]);
      expect(vals(backend.reduce('sum', empty, [1], 'float64'))).toEqual([0, 0]);
      expect(vals(backend.reduce('prod', empty, [1], 'float64'))).toEqual([1, 1]);
      expect(backend.reduce('sum', empty, [0], 'float64').size).toBe(0);
    });
  });

  describe('softmax', () => {
    const softmaxRef = (row: number[], log: boolean): number[] => {
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      return row.map((v) => (log ? v - lse : Math.exp(v - lse)));
    };

    it('along the last dim and along dim 0', () => {
      const x = t([1, 2, 3, 1, 1, 1], [2, 3]);
      expectClose(vals(backend.softmax(x, 1, false)), [...softmaxRef([1, 2, 3], false), 1 / 3, 1 / 3, 1 / 3]);
      expectClose(vals(backend.softmax(x, 1, true)), [...softmaxRef([1, 2, 3], true), -Math.log(3), -Math.log(3), -Math.log(3)]);
      const e = 1 / (1 + Math.E); // softmax([1, 2]) = [e, 1 - e]
      expectClose(vals(backend.softmax(x, 0, false)), [0.5, 1 - e, 1 / (1 + Math.exp(-2)), 0.5, e, 1 / (1 + Math.exp(2))]);
      const sums = vals(backend.softmax(t([0.3, -2, 5, 7, 1, 0], [3, 2]), 0, false));
      expectClose([sums[0]! + sums[2]! + sums[4]!, sums[1]! + sums[3]! + sums[5]!], [1, 1]);
    });

    it('is stable for large inputs (1000) and handles -Infinity', () => {
      const d = 2 + Math.exp(-1);
      expectClose(vals(backend.softmax(t([1000, 1000, 999]), 0, false)), [1 / d, 1 / d, Math.exp(-1) / d]);
      expectClose(vals(backend.softmax(t([1000, 1000, 999]), 0, true)), [-Math.log(d), -Math.log(d), -1 - Math.log(d)]);
      expectClose(vals(backend.softmax(t([-1000, -1000]), 0, false)), [0.5, 0.5]);
      expectClose(vals(backend.softmax(t([-1000, -1000]), 0, true)), [-Math.LN2, -Math.LN2]);
      expectClose(vals(backend.softmax(t([0, -Infinity]), 0, false)), [1, 0]);
      expectClose(vals(backend.softmax(t([0, -Infinity]), 0, true)), [0, -Infinity]);
    });

    it('reads transposed and stride-0 inputs; output is contiguous in the view shape', () => {
      // m32T = [[1, 4], [2, 5], [3, 6]]; softmax over dim 1: each row is [a, a + 3].
      const p = 1 / (1 + Math.exp(3));
      expectClose(vals(backend.softmax(m32T(), 1, false)), [p, 1 - p, p, 1 - p, p, 1 - p]);
      expectClose(vals(backend.softmax(m32T(), 0, true)), [...softmaxRef([1, 2, 3], true), ...softmaxRef([4, 5, 6], true)]
        .map((_, i, all) => all[(i % 2) * 3 + (i >> 1)]!));
      const bcast = view(t([0, Math.log(3)]).storage, [2, 2, 2], [0, 1, 0]); // along dim 1: [0, log 3]
      expectClose(vals(backend.softmax(bcast, 1, false)), [0.25, 0.25, 0.75, 0.75, 0.25, 0.25, 0.75, 0.75]);
    });

    it('keeps float32 storage', () => {
      const s = backend.softmax(t([0, 0], [2], f32), 0, false);
      expect(s.dtype).toBe('float32');
      expect(vals(s)).toEqual([0.5, 0.5]);
    });
  });

  describe('matmul', () => {
    const A = [1, 2, 3, 4, 5, 6, 1, 0, -1, 2, 1, 0]; // [[[1,2,3],[4,5,6]], [[1,0,-1],[2,1,0]]]
    const B = [1, 0, 0, 1, 1, 1, 2, 1, 1, 2, 0, 3]; // [[[1,0],[0,1],[1,1]], [[2,1],[1,2],[0,3]]]

    it('multiplies batched [2, 2, 3] @ [2, 3, 2]', () => {
      const s = backend.matmul(t(A, [2, 2, 3]), t(B, [2, 3, 2]));
      expect(s.dtype).toBe('float64');
      expect(vals(s)).toEqual([4, 5, 10, 11, 2, -2, 5, 4]);
    });

    it('broadcasts a stride-0 batch, reads transposed and offset operands', () => {
      const b0 = view(t(B, [2, 3, 2]).storage, [2, 3, 2], [0, 2, 1]); // B[0] for both batches
      expect(vals(backend.matmul(t(A, [2, 2, 3]), b0))).toEqual([4, 5, 10, 11, 0, -1, 2, 1]);
      const b0T = view(t([1, 0, 1, 0, 1, 1]).storage, [3, 2], [1, 3]); // storage holds B[0]ᵀ
      expect(vals(backend.matmul(t(A.slice(0, 6), [2, 3]), b0T))).toEqual([4, 5, 10, 11]);
      const padded = view(t([9, 1, 2, 3, 9, 4, 5, 6, 9]).storage, [2, 3], [4, 1], 1); // A[0] with gaps
      expect(vals(backend.matmul(padded, t(B.slice(0, 6), [3, 2])))).toEqual([4, 5, 10, 11]);
      const aT = view(t([1, 4, 2, 5, 3, 6]).storage, [1, 2, 3], [6, 1, 2]); // A[0] as a transposed batch of 1
      expect(vals(backend.matmul(aT, t(B.slice(0, 6), [1, 3, 2])))).toEqual([4, 5, 10, 11]);
    });

    it('keeps float32 and int32 dtypes; K = 0 gives zeros; empty M gives nothing', () => {
      const s = backend.matmul(t([1, 2], [1, 2], f32), t([3, 4], [2, 1], f32));
      expect(s.dtype).toBe('float32');
      expect(vals(s)).toEqual([11]);
      const i = backend.matmul(t([1, 2, 3, 4], [2, 2], ints), t([5, 6, 7, 8], [2, 2], ints));
      expect(i.dtype).toBe('int32');
      expect(vals(i)).toEqual([19, 22, 43, 50]);
      const k0 = backend.matmul(view(t([1]).storage, [2, 0], [0, 1]), view(t([1]).storage, [0, 3], [3, 1]));
      expect(vals(k0)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(backend.matmul(view(t([1]).storage, [0, 2], [2, 1]), t([1, 2, 3, 4], [2, 2])).size).toBe(0);
    });

    it('matches a naive product on a larger batched, transposed case', () => {
      const [bs, M, K, N] = [2, 37, 41, 35];
      const av = Array.from({ length: bs * M * K }, (_, i) => ((i * 7919) % 23) / 8 - 1.4);
      const bv = Array.from({ length: bs * N * K }, (_, i) => ((i * 104729) % 19) / 4 - 2.2);
      const a = t(av, [bs, M, K]);
      const b = view(t(bv).storage, [bs, K, N], [N * K, 1, K]); // each batch stored as Bᵀ
      const got = vals(backend.matmul(a, b));
      const want: number[] = [];
      for (let q = 0; q < bs; q++) {
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += av[q * M * K + i * K + k]! * bv[q * N * K + j * K + k]!;
            want.push(s);
          }
        }
      }
      expectClose(got, want, 1e-12);
    });
  });

  describe('assign and fill', () => {
    it('assign copies a stride-0 source into a strided destination column', () => {
      const dst = t([0, 0, 0, 0, 0, 0], [2, 3]);
      backend.assign(view(dst.storage, [2], [3], 1), view(t([5]).storage, [2], [0]));
      expect(vals(dst.storage)).toEqual([0, 5, 0, 0, 5, 0]);
    });

    it('assign reads transposed sources and converts dtype (int truncation, bool x != 0)', () => {
      const dst = t([0, 0, 0, 0, 0, 0], [3, 2]);
      backend.assign(dst, m32T());
      expect(vals(dst.storage)).toEqual([1, 4, 2, 5, 3, 6]);
      const di = t([0, 0], [2], ints);
      backend.assign(di, t([1.9, -1.9]));
      expect(vals(di.storage)).toEqual([1, -1]);
      const db = t([7, 7, 7], [3], bools);
      backend.assign(db, t([0, 2, NaN]));
      expect(vals(db.storage)).toEqual([0, 1, 1]);
      const df = t([0], [1], f32);
      backend.assign(df, t([0.1]));
      expect(vals(df.storage)).toEqual([Math.fround(0.1)]);
    });

    it('fill writes every element of a strided view, converting to the dtype', () => {
      const s = t([0, 0, 0, 0, 0, 0, 0, 0]);
      backend.fill(view(s.storage, [2, 2], [4, 2], 1), 7);
      expect(vals(s.storage)).toEqual([0, 7, 0, 7, 0, 7, 0, 7]);
      const b = t([0, 0], [2], bools);
      backend.fill(b, 3);
      expect(vals(b.storage)).toEqual([1, 1]);
      const i = t([0, 0], [2], ints);
      backend.fill(i, -2.5);
      expect(vals(i.storage)).toEqual([-2, -2]);
      const z = t([1, 2, 3]);
      backend.fill(view(z.storage, [], [], 2), -1);
      backend.fill(view(z.storage, [0], [1], 0), 9);
      expect(vals(z.storage)).toEqual([1, 2, -1]);
    });
  });

  describe('gather', () => {
    const idx = (values: number[], shape: number[]): View => t(values, shape, ints);

    it('gathers along dim 1 and dim 0; the output has index shape and x dtype', () => {
      expect(vals(backend.gather(m23(), 1, idx([2, 0, 1, 1], [2, 2])))).toEqual([3, 1, 5, 5]);
      expect(vals(backend.gather(m23(), 0, idx([1, 0, 1], [1, 3])))).toEqual([4, 2, 6]);
      expect(vals(backend.gather(m23(), 1, idx([1, 2], [1, 2])))).toEqual([2, 3]); // index smaller than x
      const s = backend.gather(t([1, 2, 3], [3], ints), 0, idx([2, 2, 0, 1], [4]));
      expect(s.dtype).toBe('int32');
      expect(vals(s)).toEqual([3, 3, 1, 2]);
    });

    it('reads a transposed x and a stride-0 index', () => {
      const index = view(idx([2, 0], [2]).storage, [3, 2], [0, 1]); // every row [2, 0]; dim 0 of m32T
      expect(vals(backend.gather(m32T(), 0, index))).toEqual([3, 4, 3, 4, 3, 4]);
    });

    it('rejects out-of-range indices and misfit index shapes', () => {
      expect(() => backend.gather(m23(), 1, idx([3], [1, 1]))).toThrow(IndexError);
      expect(() => backend.gather(m23(), 0, idx([0, 0, 0, 0], [1, 4]))).toThrow(IndexError); // 4 columns > 3
      expect(() => backend.gather(m23(), 0, idx([0], [1]))).toThrow(IndexError); // ndim differs
    });
  });

  describe('scatter', () => {
    const idx = (values: number[], shape: number[]): View => t(values, shape, ints);

    it('writes src at index along a dim into a copy of x', () => {
      const x = m23();
      const s = backend.scatter(x, 1, idx([0, 2], [1, 2]), t([10, 20], [1, 2]), false);
      expect(vals(s)).toEqual([10, 2, 20, 4, 5, 6]);
      expect(vals(x.storage)).toEqual([1, 2, 3, 4, 5, 6]); // x untouched
      const s0 = backend.scatter(m23(), 0, idx([1, 0, 1], [1, 3]), t([7, 8, 9], [1, 3]), false);
      expect(vals(s0)).toEqual([1, 8, 3, 7, 5, 9]);
    });

    it('accumulates duplicate indices when accumulate is true', () => {
      const s = backend.scatter(m23(), 1, idx([0, 0, 1, 2, 2, 2], [2, 3]), t([1, 2, 3, 10, 20, 30], [2, 3]), true);
      expect(vals(s)).toEqual([4, 5, 3, 4, 5, 66]);
      const z = backend.scatter(t([0, 0, 0]), 0, idx([1, 1, 1, 0], [4]), t([1, 1, 1, 5]), true);
      expect(vals(z)).toEqual([5, 3, 0]);
    });

    it('reads transposed x, stride-0 src and a src larger than index; output is contiguous in x shape', () => {
      const src = view(t([0, 9]).storage, [2, 2], [0, 0], 1); // 9 everywhere
      const s = backend.scatter(m32T(), 0, idx([2, 0], [1, 2]), src, false); // m32T = [[1,4],[2,5],[3,6]]
      expect(vals(s)).toEqual([1, 9, 2, 5, 9, 6]);
      const big = t([1, 2, 3, 4, 5, 6], [2, 3]);
      const a = backend.scatter(t([0, 0, 0, 0], [2, 2]), 1, idx([1], [1, 1]), big, true);
      expect(vals(a)).toEqual([0, 1, 0, 0]);
      expect(backend.scatter(m23(), 1, idx([1], [1, 1]), big, false).dtype).toBe('float64');
    });

    it('rejects out-of-range indices and a src smaller than index', () => {
      expect(() => backend.scatter(m23(), 1, idx([5], [1, 1]), t([1], [1, 1]), false)).toThrow(IndexError);
      expect(() => backend.scatter(m23(), 1, idx([0, 1], [1, 2]), t([1], [1, 1]), true)).toThrow(IndexError);
    });
  });
});

describe('scatter into bool tensors', () => {
  it('stores truth values, as PyTorch', () => {
    const x = cpuBackend.fromArray(new Uint8Array([0, 1, 0]));
    const view = { storage: x, shape: [3], strides: [1], offset: 0 };
    const index = { storage: cpuBackend.fromArray(new Int32Array([0, 0, 1])), shape: [3], strides: [1], offset: 0 };
    const src = { storage: cpuBackend.fromArray(new Uint8Array([1, 1, 1])), shape: [3], strides: [1], offset: 0 };
    expect(Array.from(cpuBackend.read({ ...view, storage: cpuBackend.scatter(view, 0, index, src, true) }))).toEqual([1, 1, 0]);
  });
});

describe('erf kernel', () => {
  it('matches torch.erf (PyTorch 1.13, float64) across its approximation intervals', () => {
    const x = [0, 0.1, 0.5, 0.84375, 1, 1.25, 2, 2.5, -3, 5, 7, -Infinity, NaN];
    const want = [0, 0.1124629160182849, 0.5204998778130465, 0.7672256612323417, 0.8427007929497149, 0.9229001282564583,
      0.9953222650189527, 0.9995930479825550, -0.9999779095030014, 0.9999999999984626, 1, -1, NaN];
    const storage = cpuBackend.fromArray(Float64Array.from(x));
    const out = cpuBackend.read({ storage: cpuBackend.unary('erf', { storage, shape: [x.length], strides: [1], offset: 0 }, 'float64'), shape: [x.length], strides: [1], offset: 0 });
    want.forEach((w, i) => {
      if (Number.isNaN(w)) expect(out[i]).toBeNaN();
      else expect(Math.abs(out[i]! - w)).toBeLessThanOrEqual(2e-16 * Math.max(1, Math.abs(w)));
    });
  });
});
