/**
 * @file tensorgrad implementations of the benchmark specs. Inputs are built once per case;
 * each returned runnable is one timed repetition and reads a value of its result, so no work
 * can be deferred past the timer (tensorgrad's CPU backend is eager, this only guards that).
 * Training steps use `nn.Sequential`, `F.crossEntropy` and `optim.Adam`/`optim.SGD` as a user
 * would; matmul cases that ask for a thread count set it through `tg.setNumThreads`.
 */
import * as tg from '../src/index.js';
import { CHAIN_CYCLE, CNN, chainValues, cnnInit, fillValues, FIRST_LOSSES, mlpInit, trainBatch, TRAIN, type ChainStep, type LayerInit, type Spec } from './specs.js';

/** A runnable repetition and the cleanup after the case. */
export interface TensorgradCase {
  run: () => void;
  dispose: () => void;
  /** Training cases: the losses of the first steps run (a cross-library consistency check). */
  losses?: number[];
}

/**
 * The thread switch, looked up at run time: it is new (WebAssembly kernels with worker
 * threads) and the benchmark should also run against a tensorgrad without it.
 */
interface ThreadApi {
  setNumThreads?: (n: number) => void;
  getNumThreads?: () => number;
  getKernels?: () => string;
}
const threadApi = tg as unknown as ThreadApi;

/** tensorgrad's kernels and threads, for the run's header. */
export function tensorgradInfo(): string {
  const kernels = threadApi.getKernels?.() ?? 'js (no tg.getKernels)';
  const threads = threadApi.getNumThreads?.() ?? 1;
  return `kernels ${kernels}, default threads ${threads}${threadApi.setNumThreads === undefined ? ' (no tg.setNumThreads: thread-count lines run the default)' : ''}`;
}

/** Sink for values read back, so the reads cannot be optimized away. */
let sink = 0;

/** The sink's current value (printed nowhere; keeps reads observable). */
export function tensorgradSink(): number {
  return sink;
}

/**
 * Reads one element of `t`. `dataSync()` copies the whole tensor on tensorgrad's CPU backend
 * (tfjs hands back its buffer), so a one-element view is read instead to keep timings fair.
 */
function touch(t: tg.Tensor): void {
  sink += t.reshape([-1]).narrow(0, t.numel - 1, 1).item();
}

/** `t.grad`, read through a call so that TypeScript keeps no narrowing from `t.grad = null`. */
function gradOf(t: tg.Tensor): tg.Tensor {
  if (t.grad === null) throw new Error('chain: backward produced no gradient');
  return t.grad;
}

function fromValues(values: Float32Array, shape: readonly number[]): tg.Tensor {
  return tg.tensor(values).reshape(shape);
}

function applyStep(x: tg.Tensor, step: ChainStep, consts: readonly tg.Tensor[]): tg.Tensor {
  switch (step.op) {
    case 'tanh':
      return x.tanh();
    case 'sigmoid':
      return x.sigmoid();
    case 'exp':
      return x.exp();
    default: {
      const other = step.operand === 'scalar' ? step.value : consts[step.which]!;
      return step.op === 'mul' ? x.mul(other) : step.op === 'add' ? x.add(other) : x.sub(other);
    }
  }
}

/** The chain of `ops` small ops from `x`. */
export function tensorgradChain(x: tg.Tensor, ops: number, consts: readonly tg.Tensor[]): tg.Tensor {
  let y = x;
  for (let i = 0; i < ops; i++) y = applyStep(y, CHAIN_CYCLE[i % CHAIN_CYCLE.length]!, consts);
  return y;
}

/** Copies `init` into a Linear or Conv2d layer's parameters. */
function load(layer: tg.nn.Linear | tg.nn.Conv2d, init: LayerInit): void {
  tg.noGrad(() => {
    layer.weight.copy_(fromValues(init.weight, layer.weight.shape));
    layer.bias!.copy_(fromValues(init.bias, layer.bias!.shape));
  });
}

/** One training step of `model` on (`x`, `y`): zero grads, forward, cross-entropy, backward, step. */
function trainStep(model: tg.nn.Sequential, optimizer: tg.optim.Optimizer, x: tg.Tensor, y: tg.Tensor, losses: number[]): () => void {
  return () => {
    optimizer.zeroGrad();
    const loss = tg.F.crossEntropy(model.forward(x), y);
    loss.backward();
    optimizer.step();
    const value = loss.item();
    if (losses.length < FIRST_LOSSES) losses.push(value);
    sink += value;
  };
}

function makeOptimizer(kind: 'adam' | 'sgd', params: tg.nn.Parameter[]): tg.optim.Optimizer {
  return kind === 'adam'
    ? new tg.optim.Adam(params, { lr: TRAIN.adamLr, betas: [TRAIN.beta1, TRAIN.beta2], eps: TRAIN.eps })
    : new tg.optim.SGD(params, { lr: TRAIN.sgdLr });
}

/** Builds the inputs of `spec` and returns one repetition of it. */
export function tensorgradCase(spec: Spec): TensorgradCase {
  if (spec.kind === 'matmul' && spec.threads !== undefined && threadApi.setNumThreads !== undefined && threadApi.getNumThreads !== undefined) {
    const before = threadApi.getNumThreads();
    threadApi.setNumThreads(spec.threads);
    const losses: number[] = [];
    return { run: build(spec, losses), dispose: () => threadApi.setNumThreads!(before), losses };
  }
  const losses: number[] = [];
  return { run: build(spec, losses), dispose: () => {}, losses };
}

function build(spec: Spec, losses: number[]): () => void {
  switch (spec.kind) {
    case 'matmul': {
      const { n } = spec;
      const a = fromValues(fillValues(n * n, 1), [n, n]);
      const b = fromValues(fillValues(n * n, 2), [n, n]);
      return () => touch(a.matmul(b));
    }
    case 'binary': {
      const a = fromValues(fillValues(spec.numel, 3), [spec.numel]);
      const b = fromValues(fillValues(spec.numel, 4), [spec.numel]);
      return spec.op === 'add' ? () => touch(a.add(b)) : () => touch(a.mul(b));
    }
    case 'unary': {
      const a = fromValues(fillValues(spec.numel, 5), [spec.numel]);
      return spec.op === 'exp' ? () => touch(a.exp()) : () => touch(a.relu());
    }
    case 'broadcast-add': {
      const a = fromValues(fillValues(spec.rows * spec.cols, 6), [spec.rows, spec.cols]);
      const b = fromValues(fillValues(spec.cols, 7), [spec.cols]);
      return () => touch(a.add(b));
    }
    case 'softmax': {
      const a = fromValues(fillValues(spec.rows * spec.cols, 8), [spec.rows, spec.cols]);
      return () => touch(a.softmax(-1));
    }
    case 'chain': {
      const { ops, width, backward } = spec;
      const x = tg.tensor(chainValues(-1, width), { requiresGrad: true });
      const consts = ([0, 1, 2] as const).map((w) => tg.tensor(chainValues(w, width)));
      if (!backward) return () => touch(tensorgradChain(x, ops, consts));
      return () => {
        x.grad = null;
        tensorgradChain(x, ops, consts).sum().backward();
        touch(gradOf(x));
      };
    }
    case 'mlp': {
      const { sizes, batch } = spec;
      const layers: tg.nn.Module[] = [];
      mlpInit(sizes).forEach((init, i) => {
        const linear = new tg.nn.Linear(sizes[i]!, sizes[i + 1]!);
        load(linear, init);
        layers.push(linear);
        if (i < sizes.length - 2) layers.push(new tg.nn.ReLU());
      });
      const model = new tg.nn.Sequential(...layers);
      const { x, labels } = trainBatch(batch, sizes[0]!, sizes[sizes.length - 1]!);
      const optimizer = makeOptimizer(spec.optimizer, model.parameters());
      return trainStep(model, optimizer, fromValues(x, [batch, sizes[0]!]), tg.tensor(labels, { dtype: 'int32' }), losses);
    }
    case 'cnn': {
      const init = cnnInit();
      const conv1 = new tg.nn.Conv2d(1, CNN.c1, CNN.k);
      const conv2 = new tg.nn.Conv2d(CNN.c1, CNN.c2, CNN.k);
      const fc = new tg.nn.Linear(CNN.c2 * CNN.pooled * CNN.pooled, CNN.classes);
      load(conv1, init.conv1);
      load(conv2, init.conv2);
      load(fc, init.fc);
      const model = new tg.nn.Sequential(
        conv1, new tg.nn.ReLU(), new tg.nn.MaxPool2d(CNN.pool),
        conv2, new tg.nn.ReLU(), new tg.nn.MaxPool2d(CNN.pool),
        new tg.nn.Flatten(), fc,
      );
      const { x, labels } = trainBatch(spec.batch, CNN.image * CNN.image);
      const optimizer = makeOptimizer(spec.optimizer, model.parameters());
      return trainStep(model, optimizer, fromValues(x, [spec.batch, 1, CNN.image, CNN.image]), tg.tensor(labels, { dtype: 'int32' }), losses);
    }
  }
}
