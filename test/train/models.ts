/**
 * @file Tiny models and data sets shared by the `tg.train` tests.
 */
import * as tg from '../../src/index.js';
import { Linear } from '../../src/nn/linear.js';

/** `y = x·w + b` with two parameters, for regression. */
export class Line extends tg.nn.Module {
  w = new tg.nn.Parameter(tg.zeros([1, 1]));
  b = new tg.nn.Parameter(tg.zeros([1]));
  override forward(x: tg.Tensor): tg.Tensor {
    return x.matmul(this.w).add(this.b);
  }
}

/** A two-layer tanh network with two classes, for the XOR-like task. */
export class Xor extends tg.nn.Module {
  fc1 = new Linear(2, 16);
  fc2 = new Linear(16, 2);
  /** What each forward call saw: train mode and grad mode. */
  calls: { training: boolean; grad: boolean }[] = [];
  override forward(x: tg.Tensor): tg.Tensor {
    this.calls.push({ training: this.training, grad: tg.isGradEnabled() });
    return this.fc2.forward(this.fc1.forward(x).tanh());
  }
}

/** `[x, y]` batches of `y = 2x + 1` (x: [n, 1], y: [n, 1]). */
export function lineBatches(n: number, batchSize: number): [tg.Tensor, tg.Tensor][] {
  const x = tg.linspace(-1, 1, n).reshape([n, 1]);
  const y = x.mul(2).add(1);
  const out: [tg.Tensor, tg.Tensor][] = [];
  for (let s = 0; s < n; s += batchSize) {
    const len = Math.min(batchSize, n - s);
    out.push([x.narrow(0, s, len), y.narrow(0, s, len)]);
  }
  return out;
}

/** XOR of signs: points in [-1, 1]², class 1 when x0·x1 > 0, as a TensorDataset. */
export function xorData(n: number, seed: number): tg.data.TensorDataset<[tg.Tensor, tg.Tensor]> {
  tg.manualSeed(seed);
  const x = tg.rand([n, 2]).mul(2).sub(1);
  const y = x.select(1, 0).mul(x.select(1, 1)).gt(0).int();
  return new tg.data.TensorDataset(x, y);
}

/** The total 2-norm of the parameters' gradients. */
export function gradNorm(model: tg.nn.Module): number {
  let sq = 0;
  for (const p of model.parameters()) if (p.grad !== null) sq += p.grad.square().sum().item();
  return Math.sqrt(sq);
}

/** The parameters' values, copied. */
export const weights = (model: tg.nn.Module): number[][] => model.parameters().map((p) => [...p.dataSync()]);
