/**
 * @file @tensorflow/tfjs implementations of the benchmark specs, on the pure-JS `cpu` backend.
 * Each repetition runs inside `tf.tidy`, calls `dataSync()` on its result (which hands back the
 * backend's buffer without copying) and frees every intermediate; inputs are kept across reps
 * and released by the returned `dispose`.
 */
import * as tf from '@tensorflow/tfjs';
import { CHAIN_CYCLE, chainValues, fillValues, type ChainStep, type Spec } from './specs.js';

/** A runnable repetition and the cleanup of its inputs. */
export interface TfjsCase {
  run: () => void;
  dispose: () => void;
}

let sink = 0;

/** The sink's current value (keeps reads observable). */
export function tfjsSink(): number {
  return sink;
}

let ready: Promise<void> | null = null;

/** Selects the cpu backend once; must be awaited before building cases. */
export function initTfjs(): Promise<void> {
  ready ??= (async () => {
    const ok = await tf.setBackend('cpu');
    if (!ok) throw new Error('tfjs: could not select the cpu backend');
    await tf.ready();
    if (tf.getBackend() !== 'cpu') throw new Error(`tfjs: expected backend cpu, got ${tf.getBackend()}`);
  })();
  return ready;
}

/** Live tfjs tensors, to check that a case leaked none. */
export function tfjsLiveTensors(): number {
  return tf.memory().numTensors;
}

function touch(t: tf.Tensor): void {
  const data = t.dataSync();
  sink += data[data.length - 1]!;
}

function applyStep(x: tf.Tensor, step: ChainStep, consts: readonly tf.Tensor[]): tf.Tensor {
  switch (step.op) {
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'exp':
      return tf.exp(x);
    default: {
      const other = step.operand === 'scalar' ? step.value : consts[step.which]!;
      return step.op === 'mul' ? tf.mul(x, other) : step.op === 'add' ? tf.add(x, other) : tf.sub(x, other);
    }
  }
}

function chain(x: tf.Tensor, ops: number, consts: readonly tf.Tensor[]): tf.Tensor {
  let y = x;
  for (let i = 0; i < ops; i++) y = applyStep(y, CHAIN_CYCLE[i % CHAIN_CYCLE.length]!, consts);
  return y;
}

/** Runs `fn` in a tidy scope and reads its result. */
function tidyTouch(fn: () => tf.Tensor): () => void {
  return () => {
    tf.tidy(() => touch(fn()));
  };
}

/** Builds the inputs of `spec` (call `initTfjs` first) and returns one repetition of it. */
export function tfjsCase(spec: Spec): TfjsCase {
  const inputs: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    inputs.push(t);
    return t;
  };
  const dispose = (): void => tf.dispose(inputs);
  switch (spec.kind) {
    case 'matmul': {
      const { n } = spec;
      const a = keep(tf.tensor2d(fillValues(n * n, 1), [n, n]));
      const b = keep(tf.tensor2d(fillValues(n * n, 2), [n, n]));
      return { run: tidyTouch(() => tf.matMul(a, b)), dispose };
    }
    case 'binary': {
      const a = keep(tf.tensor1d(fillValues(spec.numel, 3)));
      const b = keep(tf.tensor1d(fillValues(spec.numel, 4)));
      return { run: tidyTouch(spec.op === 'add' ? () => tf.add(a, b) : () => tf.mul(a, b)), dispose };
    }
    case 'unary': {
      const a = keep(tf.tensor1d(fillValues(spec.numel, 5)));
      return { run: tidyTouch(spec.op === 'exp' ? () => tf.exp(a) : () => tf.relu(a)), dispose };
    }
    case 'broadcast-add': {
      const a = keep(tf.tensor2d(fillValues(spec.rows * spec.cols, 6), [spec.rows, spec.cols]));
      const b = keep(tf.tensor1d(fillValues(spec.cols, 7)));
      return { run: tidyTouch(() => tf.add(a, b)), dispose };
    }
    case 'softmax': {
      const a = keep(tf.tensor2d(fillValues(spec.rows * spec.cols, 8), [spec.rows, spec.cols]));
      return { run: tidyTouch(() => tf.softmax(a, -1)), dispose };
    }
    case 'chain': {
      const { ops, width, backward } = spec;
      const x = keep(tf.tensor1d(chainValues(-1, width)));
      const consts = ([0, 1, 2] as const).map((w) => keep(tf.tensor1d(chainValues(w, width))));
      if (!backward) return { run: tidyTouch(() => chain(x, ops, consts)), dispose };
      const grad = tf.grad((v: tf.Tensor) => tf.sum(chain(v, ops, consts)));
      return { run: tidyTouch(() => grad(x)), dispose };
    }
  }
}
