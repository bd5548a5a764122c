/**
 * @file @jax-js/jax implementations of the benchmark specs, on its `wasm` device (kernels it
 * generates as WebAssembly; single-threaded in Node, where it finds no Web `Worker`).
 *
 * jax-js counts references: every function consumes its array arguments, so inputs kept
 * across repetitions are passed as `x.ref` and released by the case's `dispose`. Results are
 * realized and awaited without copying them out (see `settle`) and then disposed; the chain,
 * whose result is 16 floats, reads it with `dataSync()`.
 *
 * Single primitives (matmul, exp, add, …) run eagerly; softmax and the training steps are
 * `jit`-compiled (fused), as jax-js is meant to be used; the small-op chain runs eagerly,
 * since it measures per-op dispatch (jit would fuse the 1000 ops into one kernel).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultDevice, grad, init, jit, lax, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import type { Runnable } from './harness.js';
import {
  CHAIN_CYCLE, CNN, CNN_FLAT, chainValues, cnnInit, fillValues, FIRST_LOSSES, mlpInit, trainBatch, transposed, TRAIN,
  type ChainStep, type Spec, type TrainOptimizer,
} from './specs.js';

type Arr = np.Array;

/** A runnable repetition and the cleanup of its inputs. */
export interface JaxCase {
  run: Runnable;
  dispose: () => void;
  /** Training cases: the losses of the first steps run. */
  losses?: number[];
}

let sink = 0;

/** The sink's current value (keeps reads observable). */
export function jaxSink(): number {
  return sink;
}

let ready: Promise<string> | null = null;

/** Starts jax-js's wasm device once; must be awaited before building cases. Returns a description. */
export function initJax(): Promise<string> {
  ready ??= (async () => {
    // Plain `init()` also probes WebGPU, which touches `navigator` and throws in Node 20.
    const devices = await init('wasm');
    if (!devices.includes('wasm')) throw new Error(`jax-js: no wasm device (got ${devices.join(', ')})`);
    defaultDevice('wasm');
    let version = '?';
    try {
      const entry = createRequire(import.meta.url).resolve('@jax-js/jax');
      version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // The version is only informative.
    }
    const threads = typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' ? '1 thread (no Web Worker in Node)' : 'worker pool';
    return `@jax-js/jax ${version}, ${defaultDevice()} device, ${threads}`;
  })();
  return ready;
}

/**
 * Waits for `y` to be computed, then frees it. Eager elementwise results are lazy expressions
 * in jax-js, which `blockUntilReady()` alone leaves unevaluated; `_realizeSource()` (what
 * `dataSync()` does first) schedules their kernel into a buffer, without copying the result out.
 */
async function settle(y: Arr): Promise<void> {
  y._realizeSource();
  await y.blockUntilReady();
  y.dispose();
}

/** Reads the last value of a small `y` (consumes it). */
function touchSmall(y: Arr): void {
  const data = y.dataSync();
  sink += Number(data[data.length - 1]);
}

function applyStep(x: Arr, step: ChainStep, consts: readonly Arr[]): Arr {
  switch (step.op) {
    case 'tanh':
      return np.tanh(x);
    case 'sigmoid':
      return nn.sigmoid(x);
    case 'exp':
      return np.exp(x);
    default: {
      const other = step.operand === 'scalar' ? step.value : consts[step.which]!.ref;
      return step.op === 'mul' ? x.mul(other) : step.op === 'add' ? x.add(other) : x.sub(other);
    }
  }
}

function chain(x: Arr, ops: number, consts: readonly Arr[]): Arr {
  let y = x;
  for (let i = 0; i < ops; i++) y = applyStep(y, CHAIN_CYCLE[i % CHAIN_CYCLE.length]!, consts);
  return y;
}

/** Model parameters, as a jax-js tree (a `type`, not an `interface`, as jax-js asks). */
type Params = { w: Arr[]; b: Arr[] };

/** Mean cross-entropy of `logits` `[N, C]` against int32 `labels` `[N]` (consumes both). */
function crossEntropy(logits: Arr, labels: Arr, batch: number, classes: number): Arr {
  return nn.logSoftmax(logits, -1).mul(nn.oneHot(labels, classes)).sum().mul(-1 / batch);
}

/**
 * A jit-compiled training step around `loss(params, x, y)`: value and gradient, then the
 * optimizer update (Adam written out, as jax-js ships no optimizers; optax is a separate
 * package). Returns the loss and the new parameters and moments.
 */
function trainer(kind: TrainOptimizer, loss: (p: Params, x: Arr, y: Arr) => Arr) {
  const { beta1: b1, beta2: b2, eps } = TRAIN;
  if (kind === 'sgd') {
    return jit((p: Params, x: Arr, y: Arr): [Arr, Params] => {
      const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y);
      const upd = (ps: Arr[], gs: Arr[]): Arr[] => ps.map((pi, i) => pi.sub(gs[i]!.mul(TRAIN.sgdLr)));
      return [value, { w: upd(p.w, g.w), b: upd(p.b, g.b) }];
    });
  }
  // `stepSize` = lr / (1 - b1^t) and `vScale` = 1 / sqrt(1 - b2^t) (PyTorch's bias correction),
  // passed as arrays so one compiled step serves every t.
  return jit((p: Params, m: Params, v: Params, x: Arr, y: Arr, stepSize: Arr, vScale: Arr): [Arr, Params, Params, Params] => {
    const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y);
    const upd = (ps: Arr[], ms: Arr[], vs: Arr[], gs: Arr[]): [Arr[], Arr[], Arr[]] => {
      const np_: Arr[] = [], nm: Arr[] = [], nv: Arr[] = [];
      ps.forEach((pi, i) => {
        const gi = gs[i]!;
        const mi = ms[i]!.mul(b1).add(gi.ref.mul(1 - b1));
        const vi = vs[i]!.mul(b2).add(gi.ref.mul(gi).mul(1 - b2));
        const denom = np.sqrt(vi.ref).mul(vScale.ref).add(eps);
        np_.push(pi.sub(mi.ref.mul(stepSize.ref).div(denom)));
        nm.push(mi);
        nv.push(vi);
      });
      return [np_, nm, nv];
    };
    const [pw, mw, vw] = upd(p.w, m.w, v.w, g.w);
    const [pb, mb, vb] = upd(p.b, m.b, v.b, g.b);
    stepSize.dispose();
    vScale.dispose();
    return [value, { w: pw, b: pb }, { w: mw, b: mb }, { w: vw, b: vb }];
  });
}

/** Runs `train` steps on fixed (`x`, `labels`) from `params`, with the given optimizer. */
function trainingCase(kind: TrainOptimizer, initial: Params, x: Arr, labels: Arr, loss: (p: Params, x: Arr, y: Arr) => Arr): JaxCase {
  let params = initial;
  const losses: number[] = [];
  const record = (value: number): void => {
    if (losses.length < FIRST_LOSSES) losses.push(value);
    sink += value;
  };
  if (kind === 'sgd') {
    const step = trainer('sgd', loss) as unknown as (p: Params, x: Arr, y: Arr) => [Arr, Params];
    const jitted = step as unknown as { dispose(): void };
    return {
      run: () => {
        const [value, next] = step(params, x.ref, labels.ref);
        params = next;
        record(value.item());
      },
      dispose: () => {
        tree.dispose(params);
        x.dispose();
        labels.dispose();
        jitted.dispose();
      },
      losses,
    };
  }
  const step = trainer('adam', loss) as unknown as (p: Params, m: Params, v: Params, x: Arr, y: Arr, a: Arr, c: Arr) => [Arr, Params, Params, Params];
  const jitted = step as unknown as { dispose(): void };
  const zeros = (p: Params): Params => ({ w: p.w.map((a) => np.zerosLike(a.ref)), b: p.b.map((a) => np.zerosLike(a.ref)) });
  let m = zeros(params), v = zeros(params);
  let t = 0;
  return {
    run: () => {
      t++;
      const stepSize = np.array(TRAIN.adamLr / (1 - TRAIN.beta1 ** t));
      const vScale = np.array(1 / Math.sqrt(1 - TRAIN.beta2 ** t));
      const [value, p2, m2, v2] = step(params, m, v, x.ref, labels.ref, stepSize, vScale);
      params = p2;
      m = m2;
      v = v2;
      record(value.item());
    },
    dispose: () => {
      tree.dispose([params, m, v]);
      x.dispose();
      labels.dispose();
      jitted.dispose();
    },
    losses,
  };
}

/** Builds the inputs of `spec` (call `initJax` first) and returns one repetition of it. */
export function jaxCase(spec: Spec): JaxCase {
  const inputs: Arr[] = [];
  const keep = (a: Arr): Arr => {
    inputs.push(a);
    return a;
  };
  const jitted: { dispose(): void }[] = [];
  const dispose = (): void => {
    for (const a of inputs) {
      if (a.refCount !== 1) process.stderr.write(`  warning: jax-js input has ${a.refCount} references at the end of the case (expected 1)\n`);
      a.dispose();
    }
    for (const f of jitted) f.dispose();
  };
  const arr = (values: Float32Array, shape: number[]): Arr => keep(np.array(values).reshape(shape));
  switch (spec.kind) {
    case 'matmul': {
      const { n } = spec;
      const a = arr(fillValues(n * n, 1), [n, n]);
      const b = arr(fillValues(n * n, 2), [n, n]);
      return { run: () => settle(np.matmul(a.ref, b.ref)), dispose };
    }
    case 'binary': {
      const a = arr(fillValues(spec.numel, 3), [spec.numel]);
      const b = arr(fillValues(spec.numel, 4), [spec.numel]);
      return { run: spec.op === 'add' ? () => settle(a.ref.add(b.ref)) : () => settle(a.ref.mul(b.ref)), dispose };
    }
    case 'unary': {
      const a = arr(fillValues(spec.numel, 5), [spec.numel]);
      return { run: spec.op === 'exp' ? () => settle(np.exp(a.ref)) : () => settle(nn.relu(a.ref)), dispose };
    }
    case 'broadcast-add': {
      const a = arr(fillValues(spec.rows * spec.cols, 6), [spec.rows, spec.cols]);
      const b = arr(fillValues(spec.cols, 7), [spec.cols]);
      return { run: () => settle(a.ref.add(b.ref)), dispose };
    }
    case 'softmax': {
      const a = arr(fillValues(spec.rows * spec.cols, 8), [spec.rows, spec.cols]);
      const softmax = jit((z: Arr) => nn.softmax(z, -1));
      jitted.push(softmax);
      return { run: () => settle(softmax(a.ref)), dispose };
    }
    case 'chain': {
      const { ops, width, backward } = spec;
      const x = keep(np.array(chainValues(-1, width)));
      const consts = ([0, 1, 2] as const).map((w) => keep(np.array(chainValues(w, width))));
      if (!backward) return { run: () => touchSmall(chain(x.ref, ops, consts)), dispose };
      const g = grad((v: Arr) => chain(v, ops, consts).sum());
      return { run: () => touchSmall(g(x.ref)), dispose };
    }
    case 'mlp': {
      const { sizes, batch } = spec;
      const classes = sizes[sizes.length - 1]!;
      const init = mlpInit(sizes);
      const params: Params = {
        w: init.map((l, i) => np.array(transposed(l.weight, sizes[i + 1]!, sizes[i]!)).reshape([sizes[i]!, sizes[i + 1]!])),
        b: init.map((l) => np.array(l.bias)),
      };
      const data = trainBatch(batch, sizes[0]!, classes);
      const x = np.array(data.x).reshape([batch, sizes[0]!]);
      const labels = np.array(data.labels, { dtype: np.int32 });
      const loss = (p: Params, xb: Arr, yb: Arr): Arr => {
        let h = xb;
        p.w.forEach((w, i) => {
          h = np.matmul(h, w).add(p.b[i]!);
          if (i < p.w.length - 1) h = nn.relu(h);
        });
        return crossEntropy(h, yb, batch, classes);
      };
      return trainingCase(spec.optimizer, params, x, labels, loss);
    }
    case 'cnn': {
      const { batch } = spec;
      const init = cnnInit();
      const k = CNN.k;
      // PyTorch layouts throughout (NCHW input, OIHW kernels), as lax.convGeneralDilated takes.
      const params: Params = {
        w: [
          np.array(init.conv1.weight).reshape([CNN.c1, 1, k, k]),
          np.array(init.conv2.weight).reshape([CNN.c2, CNN.c1, k, k]),
          np.array(transposed(init.fc.weight, CNN.classes, CNN_FLAT)).reshape([CNN_FLAT, CNN.classes]),
        ],
        b: [np.array(init.conv1.bias), np.array(init.conv2.bias), np.array(init.fc.bias)],
      };
      const data = trainBatch(batch, CNN.image * CNN.image);
      const x = np.array(data.x).reshape([batch, 1, CNN.image, CNN.image]);
      const labels = np.array(data.labels, { dtype: np.int32 });
      const pool = (h: Arr): Arr => lax.reduceWindow(h, (w: Arr) => np.max(w), [CNN.pool, CNN.pool], [CNN.pool, CNN.pool]);
      const convBlock = (h: Arr, w: Arr, b: Arr, channels: number): Arr =>
        pool(nn.relu(lax.convGeneralDilated(h, w, [1, 1], 'VALID').add(b.reshape([1, channels, 1, 1]))));
      const loss = (p: Params, xb: Arr, yb: Arr): Arr => {
        const [w1, w2, wf] = p.w as [Arr, Arr, Arr];
        const [b1, b2, bf] = p.b as [Arr, Arr, Arr];
        const h = convBlock(convBlock(xb, w1, b1, CNN.c1), w2, b2, CNN.c2).reshape([batch, CNN_FLAT]);
        return crossEntropy(np.matmul(h, wf).add(bf), yb, batch, CNN.classes);
      };
      return trainingCase(spec.optimizer, params, x, labels, loss);
    }
  }
}
