/**
 * @file The benchmark cases, described once and independently of the library: what to run,
 * how much work one repetition is, which numbers to report from its median time, and the
 * deterministic data (inputs, labels, initial weights) every library starts from.
 * `cases.ts` (tensorgrad), `tfjs-cases.ts` (tfjs-cpu and tfjs-wasm) and `jax-cases.ts`
 * (jax-js) turn each spec into a runnable.
 */
import type { Lib, TimingPolicy, Unit } from './harness.js';

/** Elementwise ops on one tensor. */
export type UnaryOp = 'exp' | 'relu';
/** Elementwise ops on two same-shape tensors. */
export type BinaryOp = 'add' | 'mul';

/** What one case computes. */
export type Spec =
  /** `threads`: the thread count tensorgrad is set to (the peers have no such switch in Node). */
  | { kind: 'matmul'; n: number; threads?: number }
  | { kind: 'unary'; op: UnaryOp; numel: number }
  | { kind: 'binary'; op: BinaryOp; numel: number }
  | { kind: 'broadcast-add'; rows: number; cols: number }
  | { kind: 'softmax'; rows: number; cols: number }
  | { kind: 'chain'; ops: number; width: number; backward: boolean }
  /** One training step of a ReLU MLP with layer widths `sizes` (input first, 10 classes last). */
  | { kind: 'mlp'; sizes: readonly number[]; batch: number; optimizer: TrainOptimizer }
  /** One training step of {@link CNN} on a batch of 1×28×28 images. */
  | { kind: 'cnn'; batch: number; optimizer: TrainOptimizer };

/**
 * A training step is: forward, mean cross-entropy against int labels, backward, optimizer step
 * (gradients zeroed or freshly computed), and one read of the loss to force completion.
 */
export type TrainOptimizer = 'adam' | 'sgd';

/** How many first-step losses each library records, to check they all compute the same thing. */
export const FIRST_LOSSES = 2;

/** Hyperparameters shared by every library (PyTorch's defaults; SGD without momentum). */
export const TRAIN = { adamLr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, sgdLr: 0.01, classes: 10 } as const;

/**
 * The CNN: conv 1→32 3×3, ReLU, maxpool 2, conv 32→64 3×3, ReLU, maxpool 2, linear → 10.
 * Convolutions have stride 1 and no padding (PyTorch's and Keras's defaults, as in Keras's
 * "simple MNIST convnet"): 28 → 26 → 13 → 11 → 5 (pooling floors), so the linear layer sees
 * 64·5·5 = 1600 features.
 */
export const CNN = { image: 28, c1: 32, c2: 64, k: 3, pool: 2, pooled: 5, classes: 10 } as const;
/** Inputs of the CNN's linear layer. */
export const CNN_FLAT = CNN.c2 * CNN.pooled * CNN.pooled;

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

/** A weight and bias in PyTorch layout: Linear `[out, in]`, Conv2d `[out, in, kh, kw]`. */
export interface LayerInit {
  weight: Float32Array;
  bias: Float32Array;
}

/** PyTorch's default init range, U(-1/√fanIn, 1/√fanIn), filled from `seed` deterministically. */
function layerInit(out: number, fanIn: number, seed: number): LayerInit {
  const bound = 1 / Math.sqrt(fanIn);
  const weight = fillValues(out * fanIn, seed).map((v) => v * bound);
  const bias = fillValues(out, seed + 1000).map((v) => v * bound);
  return { weight, bias };
}

/** Initial weights of the MLP with layer widths `sizes` (PyTorch layout, one entry per Linear). */
export function mlpInit(sizes: readonly number[]): LayerInit[] {
  return sizes.slice(1).map((out, i) => layerInit(out, sizes[i]!, 20 + i));
}

/** Initial weights of {@link CNN}: conv1, conv2, linear (PyTorch layout; the linear layer's
 * inputs are in channel-major `[c, h, w]` order, as `nn.Flatten` gives on NCHW). */
export function cnnInit(): { conv1: LayerInit; conv2: LayerInit; fc: LayerInit } {
  const kk = CNN.k * CNN.k;
  return { conv1: layerInit(CNN.c1, kk, 30), conv2: layerInit(CNN.c2, CNN.c1 * kk, 31), fc: layerInit(CNN.classes, CNN_FLAT, 32) };
}

/** A batch of inputs in [0, 1) (`features` per example) and int labels in [0, classes). */
export function trainBatch(batch: number, features: number, classes: number = TRAIN.classes): { x: Float32Array; labels: Int32Array } {
  const x = fillValues(batch * features, 40).map((v) => (v + 1) / 2);
  const labels = Int32Array.from(fillValues(batch, 41), (v) => Math.min(classes - 1, Math.floor(((v + 1) / 2) * classes)));
  return { x, labels };
}

/** `w` `[rows, cols]` transposed to `[cols, rows]` (PyTorch Linear weight → `x @ W` layout). */
export function transposed(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  return out;
}

const melem = (numel: number): Metric => ({ unit: 'Melem/s', fromSeconds: (s) => numel / s / 1e6 });
const ms: Metric = { unit: 'ms', fromSeconds: (s) => s * 1e3 };

/** Every case of a full run (`quick`: a smaller, faster selection for smoke testing). */
export function allCases(quick: boolean): Case[] {
  const cases: Case[] = [];
  // The target lines: N=512 on one thread and N=1024 on two (tensorgrad's thread count is set
  // where it has a switch; the peers run single-threaded in Node whatever is asked).
  const threadsFor = (n: number): number | undefined => (n === 512 ? 1 : n === 1024 ? 2 : undefined);
  for (const n of quick ? [128, 512] : [128, 256, 512, 1024]) {
    const threads = threadsFor(n);
    cases.push({
      bench: 'matmul',
      size: n,
      spec: threads === undefined ? { kind: 'matmul', n } : { kind: 'matmul', n, threads },
      metrics: [{ unit: 'GFLOP/s', fromSeconds: (s) => (2 * n ** 3) / s / 1e9 }],
    });
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
  const steps: Metric = { unit: 'steps/s', fromSeconds: (s) => 1 / s };
  const div = quick ? 4 : 1;
  for (const sizes of [[784, 128, 10], [784, 512, 512, 10]]) {
    const batch = (sizes.length === 3 ? 128 : 256) / div;
    cases.push({ bench: 'mlp', size: `${sizes.join('-')} b${batch} adam`, spec: { kind: 'mlp', sizes, batch, optimizer: 'adam' }, metrics: [steps] });
  }
  const cnnBatch = 64 / div;
  cases.push({ bench: 'cnn', size: `b${cnnBatch} sgd`, spec: { kind: 'cnn', batch: cnnBatch, optimizer: 'sgd' }, metrics: [steps] });
  return cases;
}

/**
 * How long to time `spec` on `lib`. Every policy has a time cap (`maxSeconds`), so a slow peer
 * (tfjs-cpu's pure-JS matmul at N=1024, its CNN step) costs a few seconds, not minutes.
 */
export function policyFor(spec: Spec, lib: Lib, quick: boolean): TimingPolicy {
  const policy = basePolicy(spec, lib, quick);
  // jax-js compiles a kernel (and traces a jitted function) on the first call of each shape.
  return lib === 'jax-js' ? { ...policy, discardFirst: true } : policy;
}

function basePolicy(spec: Spec, lib: Lib, quick: boolean): TimingPolicy {
  if (quick) return { warmup: 1, warmupSeconds: 0.05, minSeconds: 0.05, minReps: 1, maxReps: 5, maxSeconds: 0.5 };
  if (spec.kind === 'matmul' && lib === 'tfjs-cpu') {
    // Warm-up at the smaller sizes already compiled the kernel; one rep of N=1024 takes seconds.
    if (spec.n >= 1024) return { warmup: 0, warmupSeconds: 0, minSeconds: 0, minReps: 1, maxReps: 1, maxSeconds: 10 };
    if (spec.n >= 512) return { warmup: 1, warmupSeconds: 0, minSeconds: 0, minReps: 3, maxReps: 3, maxSeconds: 3 };
  }
  if (spec.kind === 'matmul' && spec.n >= 1024) return { warmup: 1, warmupSeconds: 0, minSeconds: 0, minReps: 3, maxReps: 3, maxSeconds: 3 };
  if (spec.kind === 'mlp' || spec.kind === 'cnn') {
    // Two warm-up steps (jax-js compiles its jitted step on the first call, optimizers create
    // their state); then about 1.5 s of steps, at most 3 s.
    return { warmup: 2, warmupSeconds: 0.3, minSeconds: 1.5, minReps: 3, maxReps: 500, maxSeconds: 3 };
  }
  // The small-op chains need a long warm-up: each run is only a few ms but V8 tiers up slowly.
  const warmupSeconds = spec.kind === 'chain' ? 1 : 0.2;
  return { warmup: 3, warmupSeconds, minSeconds: 0.5, minReps: 5, maxReps: 2000, maxSeconds: 3 };
}
