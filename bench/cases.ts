/**
 * @file tensorgrad implementations of the benchmark specs. Inputs are built once per case;
 * each returned runnable is one timed repetition and reads a value of its result, so no work
 * can be deferred past the timer (tensorgrad's CPU backend is eager, this only guards that).
 */
import * as tg from '../src/index.js';
import { CHAIN_CYCLE, chainValues, fillValues, type ChainStep, type Spec } from './specs.js';

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

/** Builds the inputs of `spec` and returns one repetition of it. */
export function tensorgradCase(spec: Spec): () => void {
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
  }
}
