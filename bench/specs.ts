/**
 * @file The benchmark cases, described once and independently of the library: what to run,
 * how much work one repetition is, and which numbers to report from its median time.
 * `cases.ts` (tensorgrad) and `tfjs-cases.ts` (tfjs-cpu) turn each spec into a runnable.
 */
import type { Lib, TimingPolicy, Unit } from './harness.js';

/** Elementwise ops on one tensor. */
export type UnaryOp = 'exp' | 'relu';
/** Elementwise ops on two same-shape tensors. */
export type BinaryOp = 'add' | 'mul';

/** What one case computes. */
export type Spec =
  | { kind: 'matmul'; n: number }
  | { kind: 'unary'; op: UnaryOp; numel: number }
  | { kind: 'binary'; op: BinaryOp; numel: number }
  | { kind: 'broadcast-add'; rows: number; cols: number }
  | { kind: 'softmax'; rows: number; cols: number }
  | { kind: 'chain'; ops: number; width: number; backward: boolean };

/** A number derived from the median time of one repetition. */
export interface Metric {
  unit: Unit;
  fromSeconds: (seconds: number) => number;
}

/** A spec with its name, size label and metrics. */
export interface Case {
  bench: string;
  size: number | string;
  spec: Spec;
  metrics: readonly Metric[];
}

/**
 * One step of the small-op chain. The cycle mixes tensor and scalar operands, binary and
 * unary ops, and keeps values bounded (tanh/sigmoid squash, constants are near 1 or small).
 */
export type ChainStep =
  | { op: 'mul' | 'add' | 'sub'; operand: 'scalar'; value: number }
  | { op: 'mul' | 'add' | 'sub'; operand: 'tensor'; which: 0 | 1 | 2 }
  | { op: 'tanh' | 'sigmoid' | 'exp' };

/** The repeating cycle of the chain; step `i` is `CHAIN_CYCLE[i % 8]`. */
export const CHAIN_CYCLE: readonly ChainStep[] = [
  { op: 'mul', operand: 'tensor', which: 0 },
  { op: 'add', operand: 'scalar', value: 0.1 },
  { op: 'tanh' },
  { op: 'sub', operand: 'tensor', which: 1 },
  { op: 'mul', operand: 'scalar', value: 1.5 },
  { op: 'sigmoid' },
  { op: 'add', operand: 'tensor', which: 2 },
  { op: 'exp' },
];

/** Deterministic values of the chain's input (`which` = -1) and its three constant tensors. */
export function chainValues(which: -1 | 0 | 1 | 2, width: number): Float32Array {
  const out = new Float32Array(width);
  for (let i = 0; i < width; i++) {
    const t = i / width;
    out[i] = which === -1 ? t - 0.5 : which === 0 ? 0.9 + 0.2 * t : which === 1 ? 0.05 * t : 0.1 - 0.1 * t;
  }
  return out;
}

/** Deterministic pseudo-random float32 values in [-1, 1) (same data for both libraries). */
export function fillValues(numel: number, seed = 1): Float32Array {
  const out = new Float32Array(numel);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < numel; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

const melem = (numel: number): Metric => ({ unit: 'Melem/s', fromSeconds: (s) => numel / s / 1e6 });
const ms: Metric = { unit: 'ms', fromSeconds: (s) => s * 1e3 };

/** Every case of a full run (`quick`: a smaller, faster selection for smoke testing). */
export function allCases(quick: boolean): Case[] {
  const cases: Case[] = [];
  for (const n of quick ? [128, 512] : [128, 256, 512, 1024]) {
    cases.push({ bench: 'matmul', size: n, spec: { kind: 'matmul', n }, metrics: [{ unit: 'GFLOP/s', fromSeconds: (s) => (2 * n ** 3) / s / 1e9 }] });
  }
  const numel = quick ? 1 << 18 : 1 << 20;
  for (const op of ['add', 'mul'] as const) cases.push({ bench: op, size: numel, spec: { kind: 'binary', op, numel }, metrics: [melem(numel)] });
  for (const op of ['exp', 'relu'] as const) cases.push({ bench: op, size: numel, spec: { kind: 'unary', op, numel }, metrics: [melem(numel)] });
  const rows = quick ? 250 : 1000;
  cases.push({
    bench: 'broadcast_add',
    size: `${rows}x1000+1000`,
    spec: { kind: 'broadcast-add', rows, cols: 1000 },
    metrics: [melem(rows * 1000)],
  });
  const smRows = quick ? 256 : 1024;
  cases.push({ bench: 'softmax', size: `${smRows}x1000`, spec: { kind: 'softmax', rows: smRows, cols: 1000 }, metrics: [melem(smRows * 1000), ms] });
  const ops = 1000;
  const perOp: Metric = { unit: 'µs/op', fromSeconds: (s) => (s / ops) * 1e6 };
  cases.push({ bench: 'chain_fwd_bwd', size: `${ops}x[16]`, spec: { kind: 'chain', ops, width: 16, backward: true }, metrics: [perOp] });
  cases.push({ bench: 'chain_fwd', size: `${ops}x[16]`, spec: { kind: 'chain', ops, width: 16, backward: false }, metrics: [perOp] });
  return cases;
}

/** How long to time `spec` on `lib`; tfjs-cpu's pure-JS matmul is slow at large N. */
export function policyFor(spec: Spec, lib: Lib, quick: boolean): TimingPolicy {
  if (quick) return { warmup: 1, warmupSeconds: 0.05, minSeconds: 0.05, minReps: 1, maxReps: 5 };
  if (spec.kind === 'matmul' && lib === 'tfjs-cpu') {
    // Warm-up at the smaller sizes already compiled the kernel; one rep of N=1024 takes seconds.
    if (spec.n >= 1024) return { warmup: 0, warmupSeconds: 0, minSeconds: 0, minReps: 1, maxReps: 1 };
    if (spec.n >= 512) return { warmup: 1, warmupSeconds: 0, minSeconds: 0, minReps: 3, maxReps: 3 };
  }
  if (spec.kind === 'matmul' && spec.n >= 1024) return { warmup: 1, warmupSeconds: 0, minSeconds: 0, minReps: 3, maxReps: 3 };
  // The small-op chains need a long warm-up: each run is only a few ms but V8 tiers up slowly.
  const warmupSeconds = spec.kind === 'chain' ? 1 : 0.2;
  return { warmup: 3, warmupSeconds, minSeconds: 0.5, minReps: 5, maxReps: 2000 };
}
