/**
 * @file Timing machinery shared by both libraries: warm up, repeat until a time budget or a
 * repetition cap is reached, and report the median time of one repetition.
 */

/** The two libraries compared. */
export type Lib = 'tensorgrad' | 'tfjs-cpu';

/** Units a measurement is reported in. */
export type Unit = 'GFLOP/s' | 'Melem/s' | 'ms' | 'µs/op';

/** Whether a larger value of `unit` is better (throughputs) or worse (times). */
export function higherIsBetter(unit: Unit): boolean {
  return unit === 'GFLOP/s' || unit === 'Melem/s';
}

/** How hard to try when timing one case. */
export interface TimingPolicy {
  /** Untimed runs before measuring (JIT warm-up, buffer growth)... */
  warmup: number;
  /** ...continued until this much time has passed: V8 needs tens of runs of a small-op loop
   * before its optimizing tier kicks in, and a fixed count would time the cold code. */
  warmupSeconds: number;
  /** Keep repeating until this much time has been spent measuring... */
  minSeconds: number;
  /** ...and at least this many repetitions have run... */
  minReps: number;
  /** ...but never more than this many. */
  maxReps: number;
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
}

const now = (): number => performance.now() / 1000;

/** The median of a non-empty list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `run` under `policy`: each call is one repetition, timed on its own. */
export function time(run: () => void, policy: TimingPolicy): Timing {
  const warmStart = now();
  for (let i = 0; i < policy.warmup || (i > 0 && now() - warmStart < policy.warmupSeconds); i++) run();
  const samples: number[] = [];
  const start = now();
  while (samples.length < policy.maxReps && (samples.length < policy.minReps || now() - start < policy.minSeconds)) {
    const t0 = now();
    run();
    samples.push(now() - t0);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { median: median(samples), min: Math.min(...samples), mean, reps: samples.length };
}

/** Lets a pending garbage collection happen between cases when node runs with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** One measurement as the JSON line printed to stdout. */
export function toJsonLine(m: Measurement): string {
  const value = Number(m.value.toPrecision(5));
  return JSON.stringify({
    bench: m.bench,
    size: m.size,
    lib: m.lib,
    value,
    unit: m.unit,
    median_ms: Number((m.medianSeconds * 1e3).toPrecision(5)),
    mean_ms: Number((m.meanSeconds * 1e3).toPrecision(5)),
    reps: m.reps,
  });
}
