/**
 * @file @tensorflow/tfjs implementations of the benchmark specs, on its pure-JS `cpu` backend
 * and on `@tensorflow/tfjs-backend-wasm` (XNNPACK kernels; both share one tfjs engine, so the
 * backend is switched per case with {@link useTfjsBackend}). Each repetition runs inside
 * `tf.tidy`, reads one value of its result and frees every intermediate; inputs are kept across
 * reps and released by the returned `dispose`. Training steps use `tf.variable`s and `optimizer.minimize`.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  CHAIN_CYCLE, CNN, CNN_FLAT, chainValues, cnnInit, fillValues, FIRST_LOSSES, mlpInit, trainBatch, transposed, TRAIN,
  type ChainStep, type Spec,
} from './specs.js';

/** The tfjs backends compared. */
export type TfjsBackend = 'cpu' | 'wasm';

/** A runnable repetition and the cleanup of its inputs. */
export interface TfjsCase {
  run: () => void;
  dispose: () => void;
  /** Training cases: the losses of the first steps run. */
  losses?: number[];
}

let sink = 0;

/** The sink's current value (keeps reads observable). */
export function tfjsSink(): number {
  return sink;
}

/**
 * Selects `backend` (initializing it on first use); must be awaited before building a case.
 * Returns a description of the backend for the run's header.
 */
export async function useTfjsBackend(backend: TfjsBackend): Promise<string> {
  if (tf.getBackend() !== backend || tf.findBackend(backend) === null) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs: could not select the ${backend} backend`);
    await tf.ready();
  }
  if (tf.getBackend() !== backend) throw new Error(`tfjs: expected backend ${backend}, got ${tf.getBackend()}`);
  if (backend === 'cpu') return `tfjs ${tf.version.tfjs}, cpu backend (pure JS, 1 thread)`;
  // The wasm backend picks its binary from these two flags (in Node, threads are never on).
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const binary = simd && threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  return `tfjs-backend-wasm ${tf.version.tfjs}, ${binary} (SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}, ${getThreadsCount()} thread)`;
}

/** Live tfjs tensors, to check that a case leaked none. */
export function tfjsLiveTensors(): number {
  return tf.memory().numTensors;
}

/**
 * Reads the last value of `t`. tfjs runs every kernel when the op is called (cpu and wasm are
 * synchronous), so the read only guards against deferred work; a large result is read through
 * a one-element slice, since the wasm backend's `dataSync()` copies the whole tensor out of
 * its heap (cpu's hands back its buffer).
 */
function touch(t: tf.Tensor): void {
  const data = t.size <= 1024 ? t.dataSync() : tf.slice(tf.reshape(t, [-1]), [t.size - 1], [1]).dataSync();
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

/** Mean cross-entropy of `logits` `[N, C]` against int32 `labels` `[N]`. */
function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const oneHot = tf.oneHot(labels, logits.shape[1]);
  return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
}

function makeOptimizer(kind: 'adam' | 'sgd'): tf.Optimizer {
  return kind === 'adam' ? tf.train.adam(TRAIN.adamLr, TRAIN.beta1, TRAIN.beta2, TRAIN.eps) : tf.train.sgd(TRAIN.sgdLr);
}

/** PyTorch conv weight `[out, in, kh, kw]` → tfjs filter `[kh, kw, in, out]`. */
function convFilter(w: Float32Array, out: number, inC: number, k: number): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(w, [out, inC, k, k]), [2, 3, 1, 0]));
}

/**
 * The CNN's linear weight, PyTorch `[10, c·h·w]` (channel-major flatten of NCHW), reordered to
 * `[h·w·c, 10]` for a flatten of NHWC, so both compute the same function.
 */
function cnnLinearWeight(w: Float32Array): tf.Tensor2D {
  const p = CNN.pooled;
  return tf.tidy(() => tf.reshape(tf.transpose(tf.tensor4d(w, [CNN.classes, CNN.c2, p, p]), [2, 3, 1, 0]), [CNN_FLAT, CNN.classes]));
}

/** A variable holding `t` (which it takes over: `tf.variable` leaves its initial tensor alive). */
function variable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** Builds the inputs of `spec` (select the backend first) and returns one repetition of it. */
export function tfjsCase(spec: Spec): TfjsCase {
  const inputs: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    inputs.push(t);
    return t;
  };
  const optimizers: tf.Optimizer[] = [];
  const losses: number[] = [];
  const dispose = (): void => {
    tf.dispose(inputs);
    for (const o of optimizers) o.dispose();
  };
  /** One training step: `optimizer.minimize` computes the loss and gradients of `vars` and applies them. */
  const trainStep = (kind: 'adam' | 'sgd', vars: tf.Variable[], loss: () => tf.Scalar): (() => void) => {
    const optimizer = makeOptimizer(kind);
    optimizers.push(optimizer);
    return () => {
      const cost = optimizer.minimize(loss, true, vars);
      if (cost === null) throw new Error('tfjs: minimize returned no cost');
      const value = cost.dataSync()[0]!;
      cost.dispose();
      if (losses.length < FIRST_LOSSES) losses.push(value);
      sink += value;
    };
  };
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
    case 'mlp': {
      const { sizes, batch } = spec;
      const layers = mlpInit(sizes).map((init, i) => ({
        w: keep(variable(tf.tensor2d(transposed(init.weight, sizes[i + 1]!, sizes[i]!), [sizes[i]!, sizes[i + 1]!]))),
        b: keep(variable(tf.tensor1d(init.bias))),
      }));
      const data = trainBatch(batch, sizes[0]!, sizes[sizes.length - 1]!);
      const x = keep(tf.tensor2d(data.x, [batch, sizes[0]!]));
      const labels = keep(tf.tensor1d(data.labels, 'int32'));
      const forward = (): tf.Tensor2D => {
        let h: tf.Tensor2D = x;
        layers.forEach(({ w, b }, i) => {
          h = tf.add(tf.matMul(h, w), b);
          if (i < layers.length - 1) h = tf.relu(h);
        });
        return h;
      };
      const vars = layers.flatMap(({ w, b }) => [w, b]) as tf.Variable[];
      return { run: trainStep(spec.optimizer, vars, () => crossEntropy(forward(), labels)), dispose, losses };
    }
    case 'cnn': {
      const init = cnnInit();
      const w1 = keep(variable(convFilter(init.conv1.weight, CNN.c1, 1, CNN.k)));
      const b1 = keep(variable(tf.tensor1d(init.conv1.bias)));
      const w2 = keep(variable(convFilter(init.conv2.weight, CNN.c2, CNN.c1, CNN.k)));
      const b2 = keep(variable(tf.tensor1d(init.conv2.bias)));
      const wf = keep(variable(cnnLinearWeight(init.fc.weight)));
      const bf = keep(variable(tf.tensor1d(init.fc.bias)));
      const data = trainBatch(spec.batch, CNN.image * CNN.image);
      // One input channel: NCHW and NHWC have the same memory layout.
      const x = keep(tf.tensor4d(data.x, [spec.batch, CNN.image, CNN.image, 1]));
      const labels = keep(tf.tensor1d(data.labels, 'int32'));
      const forward = (): tf.Tensor2D => {
        const pool = CNN.pool;
        const block = (h: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D): tf.Tensor4D =>
          tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w, 1, 'valid'), b)) as tf.Tensor4D, pool, pool, 'valid');
        const h = block(block(x, w1 as tf.Tensor4D, b1 as tf.Tensor1D), w2 as tf.Tensor4D, b2 as tf.Tensor1D);
        return tf.add(tf.matMul(tf.reshape(h, [spec.batch, CNN_FLAT]), wf), bf);
      };
      return { run: trainStep(spec.optimizer, [w1, b1, w2, b2, wf, bf], () => crossEntropy(forward(), labels)), dispose, losses };
    }
  }
}
