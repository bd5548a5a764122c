/**
 * @file `checkOp`: the one test helper for differentiable ops. One call registers one vitest
 * test that runs a fast-check property over generated cases; each case draws shapes (0-d
 * scalars, size-1 dims, broadcasting pairs, empty dims), a memory layout per input
 * (contiguous, transposed, stepped slice with an offset, stride-0 expansion) and float64
 * values, then checks:
 *
 * 1. first derivatives: `tg.autograd.gradcheck` (central finite differences);
 * 2. second derivatives: `tg.autograd.gradgradcheck`;
 * 3. layouts: the op gives the same values on the non-contiguous inputs as on contiguous copies
 *    (stepped slices are cut from tensors whose skipped elements are NaN, so a kernel that reads
 *    the wrong element shows up as NaN);
 * 4. float32, the default dtype: float64 outputs come out float32 (other dtypes unchanged), and
 *    values and input gradients agree with float64 within float32 accuracy.
 *
 * Domains: values are drawn in [-2, 2] (multiples of 2⁻¹⁰); `domain` maps them per input (`positive()`,
 * `avoid(...)` for kinks, `range(lo, hi)`); `distinct` spreads the values of some inputs so
 * that no two share a magnitude (no ties for max/min/amax/norm(Infinity), no zero variance).
 *
 * Reproducible: the fast-check seed is a hash of the test's title (override with the
 * `CHECK_OP_SEED` environment variable, runs with `CHECK_OP_RUNS`); each run also calls
 * `tg.manualSeed` with a drawn seed before gradgradcheck draws its random output gradients.
 * A failure prints fast-check's counterexample (shapes, params, layouts, values) and seed.
 *
 * The meta-test (`test/meta.test.ts`) reads the first argument of every `checkOp('name', …)`
 * call in `test/ops/*.test.ts`; keep it a string literal naming the Tensor method / `tg` function.
 */
import fc from 'fast-check';
import { it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** A tensor shape. */
export type Shape = number[];

/** What an input spec draws: one shape per tensor input, and op parameters (dims, indices, …). */
export interface Case<P> {
  shapes: Shape[];
  params: P;
}

/** An arbitrary of cases; build with `unary`, `broadcast`, `reduction`, `alongDim`, `fixed`, `withParams`. */
export type Inputs<P> = fc.Arbitrary<Case<P>>;

/** The op under test: tensor inputs (in the order of `Case.shapes`) and the drawn params. */
export type OpFn<P> = (xs: Tensor[], params: P) => Tensor | Tensor[];

/** How an input is laid out in memory. */
export type Layout = 'contiguous' | 'transposed' | 'strided' | 'expanded';

/** Every layout; the default. */
export const allLayouts: readonly Layout[] = ['contiguous', 'transposed', 'strided', 'expanded'];

/** A map applied to each drawn value (in [-2, 2]) of an input. */
export type ValueMap = (v: number) => number;

/** Options of `checkOp`. */
export interface CheckOpOptions<P> {
  /** Shapes and params (default `unary()`: one tensor of any shape). */
  inputs?: Inputs<P>;
  /** Shown in the test title after the op name ("max (dim form)"). */
  label?: string;
  /** Value map for every input, or one per input (undefined: unrestricted). */
  domain?: ValueMap | readonly (ValueMap | undefined)[];
  /** Spread the values of these inputs (true: all) to distinct magnitudes ≥ 0.1 (no ties); disables `expanded` for them. */
  distinct?: boolean | readonly number[];
  /** Last word on an input's values (after `domain`/`distinct`), given the shape they fill; e.g. put zeros in. */
  prepare?: (values: number[], shape: Shape, input: number, params: P) => number[];
  /** Allowed layouts, for all inputs or per input (default: all). */
  layouts?: readonly Layout[] | readonly (readonly Layout[])[];
  /** Which inputs require grad (default: all). */
  requiresGrad?: readonly boolean[];
  /** Run gradgradcheck too (default true). */
  secondOrder?: boolean;
  /** Compare with a float32 run (default true); turn off for dtype casts. */
  float32?: boolean;
  /** gradcheck tolerances (PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** fast-check runs (default 12, or `CHECK_OP_RUNS`). */
  numRuns?: number;
}

// ---------------------------------------------------------------------------------------------
// Domains

/** Values ≥ `min`: `min + |v|` (log, sqrt, rsqrt, pow's base, …). */
export const positive = (min = 0.3): ValueMap => (v) => min + Math.abs(v);

/** Values at least `margin` away from each of `points` (kinks: 0 for abs/relu/sign, clamp's bounds). */
export const avoid = (points: readonly number[], margin = 0.1): ValueMap => (v) => {
  let out = v;
  for (const p of points) if (Math.abs(out - p) < margin) out = out >= p ? p + margin : p - margin;
  return out;
};

/** Values at least 0.3 away from 0 (denominators). */
export const nonzero: ValueMap = avoid([0], 0.3);

/** Values mapped linearly from [-2, 2] onto [lo, hi]. */
export const range = (lo: number, hi: number): ValueMap => (v) => lo + ((v + 2) / 4) * (hi - lo);

// ---------------------------------------------------------------------------------------------
// Shapes

/** Options of the shape arbitraries. */
export interface ShapeOptions {
  minDims?: number;
  /** At most 3 (default 3). */
  maxDims?: number;
  /** Smallest non-empty size (default 1). */
  minSize?: number;
  /** At most 4 (default 4). */
  maxSize?: number;
  /** Allow size-0 dims (default true). */
  empty?: boolean;
}

/** A shape: 0..3 dims of size 1..4, sometimes 0. */
export function shapeArb(o: ShapeOptions = {}): fc.Arbitrary<Shape> {
  const { minDims = 0, maxDims = 3, minSize = 1, maxSize = 4, empty = true } = o;
  const size = fc.integer({ min: minSize, max: maxSize });
  const dim = empty ? fc.oneof({ arbitrary: size, weight: 8 }, { arbitrary: fc.constant(0), weight: 1 }) : size;
  return fc.array(dim, { minLength: minDims, maxLength: maxDims });
}

const noParams = (shapes: fc.Arbitrary<Shape[]>): Inputs<Record<string, never>> =>
  shapes.map((s) => ({ shapes: s, params: {} }));

/** One tensor of any shape. */
export function unary(o: ShapeOptions = {}): Inputs<Record<string, never>> {
  return noParams(shapeArb(o).map((s) => [s]));
}

/** `n` tensors of one shape. */
export function sameShape(n: number, o: ShapeOptions = {}): Inputs<Record<string, never>> {
  return noParams(shapeArb(o).map((s) => Array.from({ length: n }, () => [...s])));
}

/** A shape that broadcasts to `out`: leading dims dropped and/or dims set to 1. */
export function broadcastableTo(out: Shape): fc.Arbitrary<Shape> {
  const variant = fc
    .record({
      drop: fc.integer({ min: 0, max: out.length }),
      ones: fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    })
    .map(({ drop, ones }) => out.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)));
  const same: fc.Arbitrary<Shape> = fc.constant(out).map((s) => [...s]);
  return fc.oneof({ arbitrary: same, weight: 1 }, { arbitrary: variant, weight: 2 });
}

/** The shape that `shapes` broadcast to (NumPy rules; a size-1 dim takes the other size, 0 included). */
export function broadcastShapeOf(...shapes: Shape[]): Shape {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    const sizes = shapes.map((s) => s[s.length - n + i] ?? 1);
    return sizes.find((d) => d !== 1) ?? 1;
  });
}

/** `n` tensors (default 2) whose shapes broadcast together (ranks and size-1 dims differ). */
export function broadcast(n = 2, o: ShapeOptions = {}): Inputs<Record<string, never>> {
  return noParams(shapeArb(o).chain((out) => fc.tuple(...Array.from({ length: n }, () => broadcastableTo(out)))));
}

/** Fixed shapes. */
export function fixed(...shapes: Shape[]): Inputs<Record<string, never>> {
  return noParams(fc.constant(shapes.map((s) => [...s])));
}

/** Adds params drawn from the shapes: `withParams(unary(), ([s]) => fc.integer(...).map(...))`. */
export function withParams<P, Q>(inputs: Inputs<P>, params: (shapes: Shape[], base: P) => fc.Arbitrary<Q>): Inputs<Q> {
  return inputs.chain((c) => params(c.shapes, c.params).map((q) => ({ shapes: c.shapes, params: q })));
}

/** A dim index in `[-n, n)` for a tensor of `ndim` dims (0-d tensors take 0 and -1). */
export function dimArb(ndim: number): fc.Arbitrary<number> {
  const n = Math.max(ndim, 1);
  return fc.integer({ min: -n, max: n - 1 });
}

/** Params of reductions. */
export interface ReduceParams {
  dim: number | number[] | undefined;
  keepdim: boolean;
}

/** Dims to reduce: none given (all), one (maybe negative), or a non-empty list in any order. */
export function dimsArb(ndim: number, single = false): fc.Arbitrary<number | number[] | undefined> {
  if (single) return dimArb(ndim);
  if (ndim === 0) return fc.constantFrom<number | number[] | undefined>(undefined, 0, -1, [-1]);
  const all = Array.from({ length: ndim }, (_, i) => i);
  const list = fc
    .tuple(fc.shuffledSubarray(all, { minLength: 1 }), fc.array(fc.boolean(), { minLength: ndim, maxLength: ndim }))
    .map(([ds, neg]) => ds.map((d, i) => (neg[i] ? d - ndim : d)));
  return fc.oneof(fc.constant(undefined), dimArb(ndim), list);
}

/** Number of elements in each reduction group. */
export function groupSize(shape: Shape, dim: number | readonly number[] | undefined): number {
  if (dim === undefined || shape.length === 0) return shape.reduce((a, b) => a * b, 1);
  const dims = (typeof dim === 'number' ? [dim] : dim).map((d) => (d < 0 ? d + shape.length : d));
  return dims.reduce((a, d) => a * shape[d]!, 1);
}

/** One tensor with reduction params; `minGroup` keeps groups at least that large (var/std need 2). */
export function reduction(o: ShapeOptions & { minGroup?: number; single?: boolean } = {}): Inputs<ReduceParams> {
  const minGroup = o.minGroup ?? 0;
  return shapeArb(o)
    .chain((shape) =>
      fc.record({ dim: dimsArb(shape.length, o.single ?? false), keepdim: fc.boolean() }).map((params) => ({ shapes: [shape], params })),
    )
    .filter((c) => groupSize(c.shapes[0]!, c.params.dim) >= minGroup);
}

/** One tensor and one dim (with `keepdim`) — softmax, max(dim), …. */
export function alongDim(o: ShapeOptions = {}): Inputs<{ dim: number; keepdim: boolean }> {
  return shapeArb(o).chain((shape) =>
    fc.record({ dim: dimArb(shape.length), keepdim: fc.boolean() }).map((params) => ({ shapes: [shape], params })),
  );
}

// ---------------------------------------------------------------------------------------------
// Layouts and values

/** How one input is built: its layout and the values of the tensor it is a view of. */
type Plan =
  | { kind: 'contiguous' }
  | { kind: 'transposed'; dims: [number, number] }
  | { kind: 'strided'; dim: number; offset: 0 | 1 }
  | { kind: 'expanded'; base: Shape };

function planArb(shape: Shape, allowed: readonly Layout[]): fc.Arbitrary<Plan> {
  const nd = shape.length;
  const options: fc.Arbitrary<Plan>[] = [fc.constant({ kind: 'contiguous' } as Plan)];
  if (allowed.includes('transposed') && nd >= 2) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < nd; i++) for (let j = i + 1; j < nd; j++) pairs.push([i, j]);
    options.push(fc.constantFrom(...pairs).map((dims): Plan => ({ kind: 'transposed', dims })));
  }
  if (allowed.includes('strided') && nd >= 1) {
    options.push(
      fc.record({ dim: fc.integer({ min: 0, max: nd - 1 }), offset: fc.constantFrom<0 | 1>(0, 1) }).map((r): Plan => ({ kind: 'strided', ...r })),
    );
  }
  const stretchable = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  if (allowed.includes('expanded') && stretchable.length > 0) {
    options.push(
      fc.tuple(fc.subarray(stretchable, { minLength: 1 }), fc.boolean()).map(([dims, dropLeading]): Plan => {
        let base = shape.map((s, i) => (dims.includes(i) ? 1 : s));
        if (dropLeading) {
          let k = 0;
          while (k < base.length && dims.includes(k)) k++;
          base = base.slice(k);
        }
        return { kind: 'expanded', base };
      }),
    );
  }
  return fc.oneof(...options);
}

/**
 * A drawn value: a double in [-2, 2] rounded to a multiple of 2⁻¹⁰, so that it is exact in
 * float32 and never subnormal (fast-check likes 5e-324, which overflows 1/x²), while zeros and
 * ties still come up.
 */
const valueArb = fc.double({ min: -2, max: 2, noNaN: true }).map((v) => Math.round(v * 1024) / 1024 + 0);

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const sourceShape = (shape: Shape, plan: Plan): Shape => (plan.kind === 'expanded' ? plan.base : shape);

/** A fully drawn case. */
interface Drawn<P> extends Case<P> {
  plans: Plan[];
  values: number[][];
  seed: number;
}

function drawnArb<P>(o: CheckOpOptions<P>, inputs: Inputs<P>): fc.Arbitrary<Drawn<P>> {
  const distinct = distinctInputs(o);
  return inputs.chain((c) => {
    const plans = c.shapes.map((s, i) => {
      const allowed = layoutsFor(o, i).filter((l) => l !== 'expanded' || !distinct(i));
      return planArb(s, allowed);
    });
    return fc.tuple(...plans).chain((ps) => {
      const values = c.shapes.map((s, i) => {
        const n = sizeOf(sourceShape(s, ps[i]!));
        return fc.array(valueArb, { minLength: n, maxLength: n });
      });
      return fc.record({ values: fc.tuple(...values), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }).map(
        (r): Drawn<P> => ({ shapes: c.shapes, params: c.params, plans: ps, values: r.values, seed: r.seed }),
      );
    });
  });
}

function layoutsFor<P>(o: CheckOpOptions<P>, i: number): readonly Layout[] {
  const l = o.layouts ?? allLayouts;
  return typeof l[0] === 'string' || l.length === 0 ? (l as readonly Layout[]) : ((l as readonly (readonly Layout[])[])[i] ?? allLayouts);
}

function distinctInputs<P>(o: CheckOpOptions<P>): (i: number) => boolean {
  const d = o.distinct ?? false;
  return (i) => (typeof d === 'boolean' ? d : d.includes(i));
}

/** The values each input's source tensor gets, after `domain`, `distinct` and `prepare`. */
function finalValues<P>(o: CheckOpOptions<P>, c: Drawn<P>): number[][] {
  const out = c.values.map((vs, i) => {
    const map = typeof o.domain === 'function' ? o.domain : o.domain?.[i];
    return map ? vs.map(map) : [...vs];
  });
  const isDistinct = distinctInputs(o);
  const slots: { i: number; k: number; v: number }[] = [];
  out.forEach((vs, i) => {
    if (isDistinct(i)) vs.forEach((v, k) => slots.push({ i, k, v }));
  });
  // Rank by value (ties keep their order: sort is stable), then give rank r the magnitude
  // 0.1 + (r + ½)·spacing with the value's sign: all magnitudes differ by at least `spacing`.
  const spacing = Math.min(0.25, 2 / Math.max(slots.length, 1));
  [...slots].sort((a, b) => a.v - b.v).forEach(({ i, k, v }, rank) => {
    out[i]![k] = (v < 0 ? -1 : 1) * (0.1 + (rank + 0.5) * spacing);
  });
  return out.map((vs, i) => (o.prepare ? o.prepare(vs, sourceShape(c.shapes[i]!, c.plans[i]!), i, c.params) : vs));
}

/** Builds an input with `plan` over `values` (of the plan's source shape); a leaf. */
function materialize(shape: Shape, plan: Plan, values: readonly number[], dtype: 'float32' | 'float64'): Tensor {
  return tg.noGrad(() => {
    const src = (s: Shape): Tensor => tg.tensor(Float64Array.from(values), { dtype }).reshape(s).clone();
    switch (plan.kind) {
      case 'contiguous':
        return src(shape);
      case 'transposed': {
        const [i, j] = plan.dims;
        return src(shape).transpose(i, j).clone().transpose(i, j);
      }
      case 'strided': {
        // Interleave with NaNs along `dim` and slice every other element back out.
        const c = src(shape);
        const junk = tg.full(shape, NaN, { dtype });
        const doubled = shape.map((s, k) => (k === plan.dim ? 2 * s : s));
        const stacked = tg.stack(plan.offset === 0 ? [c, junk] : [junk, c], plan.dim + 1).reshape(doubled);
        return stacked.slice(plan.dim, plan.offset, undefined, 2);
      }
      case 'expanded':
        return src(plan.base).expand(shape);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Checks

const asList = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);

function describeMismatch(what: string, i: number, k: number, got: number, want: number): Error {
  return new Error(`${what}: output ${i}, element ${k}: got ${got}, expected ${want}`);
}

/** Throws unless `got` and `want` have equal shapes and values within `atol + rtol·|want|` (NaNs match NaNs). */
function assertClose(what: string, i: number, got: Tensor, want: Tensor, atol: number, rtol: number): void {
  if (got.shape.length !== want.shape.length || got.shape.some((d, k) => d !== want.shape[k])) {
    throw new Error(`${what}: output ${i} has shape [${got.shape.join(',')}], expected [${want.shape.join(',')}]`);
  }
  const a = got.dataSync(), b = want.dataSync();
  for (let k = 0; k < b.length; k++) {
    const x = Number(a[k]), y = Number(b[k]);
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) throw describeMismatch(what, i, k, x, y);
  }
}

/** Deterministic output gradients for the float32 comparison. */
function seedLike(t: Tensor, salt: number): Tensor {
  const v = new Float64Array(t.numel);
  for (let k = 0; k < v.length; k++) v[k] = Math.sin(1.7 * k + salt + 0.3);
  return tg.tensor(v, { dtype: 'float64' }).reshape(t.shape);
}

function gradsOf(outs: Tensor[], ins: Tensor[], dtype: 'float32' | 'float64'): (Tensor | null)[] | null {
  const diffOuts = outs.filter((t) => t.requiresGrad);
  const wrt = ins.filter((t) => t.requiresGrad);
  if (diffOuts.length === 0 || wrt.length === 0) return null;
  const seeds = diffOuts.map((t, i) => seedLike(t, i).to(dtype));
  return tg.autograd.grad(diffOuts, wrt, { gradOutputs: seeds, allowUnused: true });
}

function runCase<P>(fn: OpFn<P>, o: CheckOpOptions<P>, c: Drawn<P>): void {
  tg.manualSeed(c.seed);
  const values = finalValues(o, c);
  const needsGrad = (i: number): boolean => o.requiresGrad?.[i] ?? true;
  const build = (dtype: 'float32' | 'float64', vals: number[][]): Tensor[] =>
    c.shapes.map((s, i) => {
      const x = materialize(s, c.plans[i]!, vals[i]!, dtype);
      return needsGrad(i) ? x.requiresGrad_() : x;
    });
  const call = (xs: Tensor[]): Tensor[] => asList(fn(xs, c.params));
  const xs = build('float64', values);

  // 1-2. First and second derivatives against finite differences.
  const tol = { eps: o.eps ?? 1e-6, atol: o.atol ?? 1e-5, rtol: o.rtol ?? 1e-3 };
  const f = (...ins: Tensor[]): Tensor[] => call(ins);
  if (xs.some((x) => x.requiresGrad)) {
    tg.autograd.gradcheck(f, xs, tol);
    if (o.secondOrder ?? true) tg.autograd.gradgradcheck(f, xs, tol);
  }

  // 3. Non-contiguous inputs give the same values as contiguous copies.
  if (c.plans.some((p) => p.kind !== 'contiguous')) {
    const got = call(xs);
    const want = call(xs.map((x, i) => {
      const copy = tg.noGrad(() => x.detach().clone());
      return needsGrad(i) ? copy.requiresGrad_() : copy;
    }));
    if (got.length !== want.length) throw new Error(`layouts: ${got.length} outputs vs ${want.length} for contiguous inputs`);
    got.forEach((g, i) => assertClose(`layouts (${c.plans.map((p) => p.kind).join(', ')})`, i, g, want[i]!, 1e-12, 1e-12));
  }

  // 4. float32 (the default dtype) against float64 on the same (float32-rounded) values.
  if (o.float32 ?? true) {
    const rounded = values.map((vs) => vs.map((v) => Math.fround(v)));
    const x64 = build('float64', rounded), x32 = build('float32', rounded);
    const y64 = call(x64), y32 = call(x32);
    y64.forEach((y, i) => {
      const want = y.dtype === 'float64' ? 'float32' : y.dtype;
      if (y32[i]!.dtype !== want) throw new Error(`float32: output ${i} has dtype ${y32[i]!.dtype}, expected ${want}`);
      assertClose('float32 forward', i, y32[i]!.to('float64'), y, 1e-4, 1e-3);
    });
    const g64 = gradsOf(y64, x64, 'float64'), g32 = gradsOf(y32, x32, 'float32');
    const wrt = x32.filter((x) => x.requiresGrad);
    g64?.forEach((g, i) => {
      const h = g32![i] ?? null;
      if (g === null || h === null) {
        if (g !== h) throw new Error(`float32 backward: gradient ${i} is ${h === null ? 'missing' : 'present'} in float32 only`);
        return;
      }
      if (h.dtype !== 'float32') throw new Error(`float32 backward: gradient ${i} has dtype ${h.dtype}`);
      if (h.shape.join() !== wrt[i]!.shape.join()) throw new Error(`float32 backward: gradient ${i} has shape [${h.shape.join(',')}]`);
      assertClose('float32 backward', i, h.to('float64'), g, 1e-3, 1e-3);
    });
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Registers a test that checks the op `name` (a Tensor method / `tg` function; the meta-test
 * reads it) by gradcheck, gradgradcheck, layout and float32 properties over drawn cases.
 *
 * @example
 * ```ts
 * checkOp('log', ([x]) => x.log(), { domain: positive() });
 * checkOp('add', ([a, b]) => a.add(b), { inputs: broadcast() });
 * checkOp('sum', ([x], { dim, keepdim }) => x.sum(dim, keepdim), { inputs: reduction() });
 * ```
 */
export function checkOp<P = Record<string, never>>(name: string, fn: OpFn<P>, options: CheckOpOptions<P> = {}): void {
  const title = `${name}${options.label ? ` (${options.label})` : ''}: gradcheck, gradgradcheck, layouts, float32`;
  // Without `inputs`, P is the default (no params), which is what `unary()` draws.
  const inputs = options.inputs ?? (unary() as unknown as Inputs<P>);
  const envSeed = process.env['CHECK_OP_SEED'];
  const envRuns = process.env['CHECK_OP_RUNS'];
  it(title, () => {
    fc.assert(
      fc.property(drawnArb(options, inputs), (c) => runCase(fn, options, c)),
      {
        seed: envSeed !== undefined ? Number(envSeed) : hash(title),
        numRuns: envRuns !== undefined ? Number(envRuns) : (options.numRuns ?? 12),
      },
    );
  }, 120_000);
}

/** Flattens nested arrays of numbers. */
function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [Number(v)];
}

/**
 * Asserts that `t` has the shape of `expected` (nested arrays or a number) and its values are
 * within `tol · max(1, |expected|)` (NaN matches NaN, infinities must be equal).
 */
export function expectClose(t: Tensor, expected: unknown, tol = 1e-12): void {
  const shapeOf = (v: unknown): number[] => (Array.isArray(v) ? [v.length, ...(v.length > 0 ? shapeOf(v[0]) : [])] : []);
  const want = shapeOf(expected);
  if (t.shape.join() !== want.join()) throw new Error(`expected shape [${want.join(',')}], got [${t.shape.join(',')}]`);
  const got = flat(t.toArray()), exp = flat(expected);
  exp.forEach((e, k) => {
    const g = got[k]!;
    const ok = Number.isNaN(e) ? Number.isNaN(g) : g === e || Math.abs(g - e) <= tol * Math.max(1, Math.abs(e));
    if (!ok) throw new Error(`element ${k}: got ${g}, expected ${e} (tolerance ${tol}); got ${JSON.stringify(t.toArray())}`);
  });
}
