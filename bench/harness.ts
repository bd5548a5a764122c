/**
 * @file Timing machinery shared by every library: warm up, repeat until a time budget or a
 * repetition cap is reached, and report the median time of one repetition.
 */

/** The libraries compared, in table order. */
export const LIBS = ['tensorgrad', 'tfjs-cpu', 'tfjs-wasm', 'jax-js'] as const;
/** One of the compared libraries. */
export type Lib = (typeof LIBS)[number];

/** Units a measurement is reported in. */
export type Unit = 'GFLOP/s' | 'Melem/s' | 'steps/s' | 'ms' | 'µs/op';

/** Whether a larger value of `unit` is better (throughputs) or worse (times). */
export function higherIsBetter(unit: Unit): boolean {
  return unit === 'GFLOP/s' || unit === 'Melem/s' || unit === 'steps/s';
}

/** How hard to try when timing one case. */
export interface TimingPolicy {
  /** Untimed runs before measuring (JIT warm-up, kernel compilation, buffer growth)... */
  warmup: number;
  /** ...continued until this much time has passed: V8 needs tens of runs of a small-op loop
   * before its optimizing tier kicks in, and a fixed count would time the cold code. */
  warmupSeconds: number;
  /** Keep repeating until this much time has been spent measuring... */
  minSeconds: number;
  /** ...and at least this many repetitions have run... */
  minReps: number;
  /** ...but never more than this many... */
  maxReps: number;
  /** ...and stop once this much time has been spent measuring, even below `minReps` (one
   * repetition always runs). A single warm-up run slower than this ends the warm-up and counts
   * as the only sample (`cold` in the timing): a peer that needs 10 s per training step is
   * timed once instead of holding up the whole run. */
  maxSeconds: number;
  /** Run once, untimed and uncounted, before the warm-up (a library that compiles on first call:
   * its compile time must not become the cold sample). */
  discardFirst?: boolean;
}

/** The timings of one case on one library. */
export interface Timing {
  /** Median seconds of one repetition. */
  median: number;
  /** Fastest repetition, in seconds. */
  min: number;
  /** Mean seconds of one repetition (includes the garbage-collection pauses the median hides). */
  mean: number;
  /** Number of timed repetitions. */
  reps: number;
  /** True when the only sample is a warm-up run (the case was too slow to repeat). */
  cold: boolean;
}

/** One reported number: a JSON line and a cell of the table. */
export interface Measurement {
  bench: string;
  size: number | string;
  lib: Lib;
  value: number;
  unit: Unit;
  /** Median seconds of one repetition the value was derived from. */
  medianSeconds: number;
  /** Mean seconds of one repetition. */
  meanSeconds: number;
  reps: number;
  cold: boolean;
  /** Threads the case asked for (matmul target lines), when it asked. */
  threads?: number;
}

/** One repetition: synchronous, or a promise for libraries whose results are awaited. */
export type Runnable = () => void | Promise<void>;

const now = (): number => performance.now() / 1000;

/** The median of a non-empty list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function summarize(samples: readonly number[], cold: boolean): Timing {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { median: median(samples), min: Math.min(...samples), mean, reps: samples.length, cold };
}

/** Times `run` under `policy`: each call is one repetition, timed on its own. */
export async function time(run: Runnable, policy: TimingPolicy): Promise<Timing> {
  if (policy.discardFirst === true) {
    const p = run();
    if (p !== undefined) await p;
  }
  const warmStart = now();
  for (let i = 0; i < policy.warmup || (i > 0 && now() - warmStart < policy.warmupSeconds); i++) {
    const t0 = now();
    const p = run();
    if (p !== undefined) await p;
    const t = now() - t0;
    if (t > policy.maxSeconds) return summarize([t], true);
  }
  const samples: number[] = [];
  const start = now();
  for (;;) {
    const spent = now() - start;
    if (samples.length >= policy.maxReps) break;
    if (samples.length > 0 && spent >= policy.maxSeconds) break;
    if (samples.length >= policy.minReps && spent >= policy.minSeconds) break;
    const t0 = now();
    const p = run();
    if (p !== undefined) await p;
    samples.push(now() - t0);
  }
  return summarize(samples, false);
}

/** Lets a pending garbage collection happen between cases when node runs with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** The JSON form of one measurement (a line of stdout, an entry of `--json-out`). */
export function toJson(m: Measurement): Record<string, unknown> {
  return {
    bench: m.bench,
    size: m.size,
    lib: m.lib,
    value: Number(m.value.toPrecision(5)),
    unit: m.unit,
    median_ms: Number((m.medianSeconds * 1e3).toPrecision(5)),
    mean_ms: Number((m.meanSeconds * 1e3).toPrecision(5)),
    reps: m.reps,
    ...(m.cold ? { cold: true } : {}),
    ...(m.threads !== undefined ? { threads: m.threads } : {}),
  };
}

/** One measurement as the JSON line printed to stdout. */
export function toJsonLine(m: Measurement): string {
  return JSON.stringify(toJson(m));
}
