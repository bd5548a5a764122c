/**
 * @file Worker threads for the WebAssembly kernels (Node): each worker instantiates the same
 * module on the same shared memory and waits on a shared control block, so handing it work
 * is a few stores and an `Atomics.notify` — no messages, no copies.
 *
 * A job is one kernel export called `count` times, some arguments advancing by a fixed step
 * between calls (a batch of matrix products, a range of rows). The caller splits its work,
 * starts the helpers' shares with `runShared`, computes its own share, then waits.
 * Workers start asynchronously; until one reports ready, work simply stays on the caller's
 * thread. Browsers (no blocking wait on the main thread) and engines without shared memory
 * run single-threaded.
 */
import { wasmShared, type WasmRuntime } from './runtime.js';

/** One share of work: `fn(...args)` for `count` calls, adding `steps[i]` to `args[i]` after each. */
export interface Job {
  readonly fn: string;
  readonly args: readonly number[];
  readonly count: number;
  readonly steps: readonly number[];
}

const MAX_ARGS = 24;
/** Slot of the args buffer where a worker leaves its last job's duration (ms). */
const SLOT_ELAPSED = 3 + 2 * MAX_ARGS;
/** Control block layout (Int32 slots): per worker [seq, done, ready, worker sleeping, caller sleeping]. */
const SLOT_SEQ = 0, SLOT_DONE = 1, SLOT_READY = 2, SLOT_SLEEPING = 3, SLOT_CALLER_SLEEPING = 4;
const CTRL_INTS = 8;

interface WorkerHandle {
  ctrl: Int32Array;
  /** fn id, count, nargs, then args, then steps, then the job's duration in ms (float64 so byte offsets and floats fit). */
  args: Float64Array;
  seq: number;
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrlBuf, argsBuf, names } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((n) => ex[n]);
const ctrl = new Int32Array(ctrlBuf);
const a = new Float64Array(argsBuf);
const args = [];
Atomics.store(ctrl, ${SLOT_READY}, 1);
let seen = 0;
for (;;) {
  for (let spin = 0; spin < 20000 && Atomics.load(ctrl, ${SLOT_SEQ}) === seen; spin++);
  Atomics.store(ctrl, ${SLOT_SLEEPING}, 1);
  Atomics.wait(ctrl, ${SLOT_SEQ}, seen);
  Atomics.store(ctrl, ${SLOT_SLEEPING}, 0);
  const seq = Atomics.load(ctrl, ${SLOT_SEQ});
  if (seq === seen) continue;
  seen = seq;
  if (seq < 0) break;
  const fn = fns[a[0]], count = a[1], n = a[2];
  args.length = n;
  for (let i = 0; i < n; i++) args[i] = a[3 + i];
  const t0 = performance.now();
  for (let c = 0; c < count; c++) {
    fn.apply(null, args);
    for (let i = 0; i < n; i++) args[i] += a[3 + ${MAX_ARGS} + i];
  }
  a[${SLOT_ELAPSED}] = performance.now() - t0;
  Atomics.store(ctrl, ${SLOT_DONE}, seq);
  if (Atomics.load(ctrl, ${SLOT_CALLER_SLEEPING}) === 1) Atomics.notify(ctrl, ${SLOT_DONE});
}
`;

let workers: WorkerHandle[] | null = null;
let names: string[] = [];
/** Threads asked for with `setNumThreads`, or null for the default (the cores, at most 4). */
let requested: number | null = null;
/** Threads in use once the workers have started (the caller's included). */
let wanted = isNode() ? 2 : 1;
const MAX_DEFAULT_THREADS = 4;

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

/** Threads the kernels may use, the caller's included. */
export function numThreads(): number {
  return wanted;
}

/**
 * The runtime a job runs on: the shared-memory one when the job is `large` enough to split
 * across threads and threads are wanted, else `rt` (whose ordinary memory copies faster).
 */
export function runtimeFor(rt: WasmRuntime, large: boolean): WasmRuntime {
  return large && wanted > 1 ? wasmShared() ?? rt : rt;
}

/** Sets the number of threads (1 = the caller's only); restarts the workers. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected an integer ≥ 1, got ${n}`);
  requested = n;
  if (n === wanted) return;
  wanted = n;
  stopWorkers();
}

function stopWorkers(): void {
  speeds.length = 0;
  for (const w of workers ?? []) {
    Atomics.store(w.ctrl, SLOT_SEQ, -1);
    Atomics.notify(w.ctrl, SLOT_SEQ);
  }
  workers = null;
}

type WorkerThreads = typeof import('node:worker_threads');
type Os = typeof import('node:os');

/** Node's built-in modules, loaded synchronously (a training loop may never yield to an import). */
function builtin<T>(name: string): T | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof p?.getBuiltinModule === 'function' ? (p.getBuiltinModule(name) as T) : null;
}

function startWorkers(rt: WasmRuntime): void {
  const wt = builtin<WorkerThreads>('node:worker_threads'), os = builtin<Os>('node:os');
  if (wt === null || os === null) {
    wanted = 1;
    workers = [];
    return;
  }
  if (requested === null) wanted = Math.max(1, Math.min(MAX_DEFAULT_THREADS, os.availableParallelism()));
  names = WebAssembly.Module.exports(rt.module).filter((e) => e.kind === 'function').map((e) => e.name);
  const handles: WorkerHandle[] = [];
  for (let i = 0; i < wanted - 1; i++) {
    const ctrlBuf = new SharedArrayBuffer(CTRL_INTS * 4);
    const argsBuf = new SharedArrayBuffer((SLOT_ELAPSED + 1) * 8);
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module: rt.module, memory: rt.memory, ctrlBuf, argsBuf, names } });
    w.unref();
    handles.push({ ctrl: new Int32Array(ctrlBuf), args: new Float64Array(argsBuf), seq: 0 });
  }
  workers = handles;
}

/**
 * The workers ready to take a share now (possibly none). The first call starts them in the
 * background when threads are wanted and the memory is shared.
 */
export function readyWorkers(rt: WasmRuntime): number {
  if (wanted <= 1 || !rt.shared) return 0;
  if (workers === null) {
    try {
      startWorkers(rt);
    } catch {
      wanted = 1;
      workers = [];
    }
    return 0;
  }
  let n = 0;
  while (n < workers.length && Atomics.load(workers[n]!.ctrl, SLOT_READY) === 1) n++;
  return n;
}

/** Hands `jobs[i]` to worker `i` (at most `readyWorkers()` jobs) and returns at once. */
export function runShared(jobs: readonly Job[]): void {
  for (let i = 0; i < jobs.length; i++) {
    const w = workers![i]!, job = jobs[i]!;
    const a = w.args;
    a[0] = names.indexOf(job.fn);
    a[1] = job.count;
    a[2] = job.args.length;
    for (let k = 0; k < job.args.length; k++) {
      a[3 + k] = job.args[k]!;
      a[3 + MAX_ARGS + k] = job.steps[k] ?? 0;
    }
    w.seq++;
    Atomics.store(w.ctrl, SLOT_SEQ, w.seq);
    // A spinning worker sees the new seq by itself; only a sleeping one needs the (syscall) wake.
    if (Atomics.load(w.ctrl, SLOT_SLEEPING) === 1) Atomics.notify(w.ctrl, SLOT_SEQ);
  }
}

/** Waits until the first `n` workers have finished the jobs `runShared` gave them. */
export function waitShared(n: number): void {
  for (let i = 0; i < n; i++) {
    const w = workers![i]!;
    for (let spin = 0; ; spin++) {
      const done = Atomics.load(w.ctrl, SLOT_DONE);
      if (done === w.seq) break;
      if (spin > 2000) {
        Atomics.store(w.ctrl, SLOT_CALLER_SLEEPING, 1);
        Atomics.wait(w.ctrl, SLOT_DONE, done);
        Atomics.store(w.ctrl, SLOT_CALLER_SLEEPING, 0);
      }
    }
  }
}

/** Speed of each worker relative to the calling thread (1: as fast), learnt from past splits. */
const speeds: number[] = [];
/** Weight of the newest measurement in the running estimate. */
const SPEED_EMA = 0.25;

/**
 * How to split work `helpers` ways plus the caller's: one weight per thread, the caller's first
 * (1), the workers' their measured relative speed. A core that the rest of the machine slows
 * down gets a smaller share (on a shared VM the two cores can differ by 10–30% for seconds).
 */
export function shareWeights(helpers: number): number[] {
  const w = [1];
  for (let i = 0; i < helpers; i++) w.push(speeds[i] ?? 1);
  return w;
}

/**
 * Records how long a split took: the caller's share of `localWork` units took `localMs`; worker
 * `i`'s share of `workerWork[i]` units took what it reported. Updates the speed estimates
 * that `shareWeights` hands out (shares under 0.05 ms are too short to time and are skipped).
 */
export function noteSplit(localMs: number, localWork: number, workerWork: readonly number[]): void {
  if (localMs < 0.05 || localWork <= 0) return;
  for (let i = 0; i < workerWork.length; i++) {
    const ms = workers![i]!.args[SLOT_ELAPSED]!;
    if (ms < 0.05 || workerWork[i]! <= 0) continue;
    const measured = (workerWork[i]! / ms) / (localWork / localMs);
    const old = speeds[i] ?? 1;
    speeds[i] = Math.min(4, Math.max(0.25, old + SPEED_EMA * (measured - old)));
  }
}

/** Runs `job` on the calling thread. */
export function runLocal(rt: WasmRuntime, job: Job): void {
  const fn = (rt.exports as unknown as Record<string, (...a: number[]) => void>)[job.fn]!;
  const args = job.args.slice();
  for (let c = 0; c < job.count; c++) {
    fn(...args);
    for (let i = 0; i < args.length; i++) args[i]! += job.steps[i] ?? 0;
  }
}
