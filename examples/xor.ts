/**
 * @file XOR with a 2-4-1 multilayer perceptron written from scratch.
 *
 * What it teaches: the bare training loop that every other example builds on. The weights are
 * plain `tg.nn.Parameter`s (no layers), the forward pass is two matrix products with sigmoid
 * activations, the loss is the mean squared error, and `tg.optim.SGD` applies the gradients
 * that `loss.backward()` accumulates into each parameter's `.grad`.
 *
 * XOR is the classic problem a single neuron cannot solve (it is not linearly separable); one
 * hidden layer of 4 units is enough.
 *
 *     npx tsx examples/xor.ts            # full run (500 full-batch steps)
 *     npx tsx examples/xor.ts --steps 10 # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/** The four XOR inputs and their targets. */
const inputs = tg.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const targets = tg.tensor([[0], [1], [1], [0]]);

/** A 2-4-1 perceptron with sigmoid activations, its weights held as `Parameter`s. */
class XorNet extends tg.nn.Module {
  // Uniform(-1, 1) starting weights: small enough not to saturate the sigmoids.
  w1 = new tg.nn.Parameter(tg.rand([2, 4]).mul(2).sub(1));
  b1 = new tg.nn.Parameter(tg.zeros([4]));
  w2 = new tg.nn.Parameter(tg.rand([4, 1]).mul(2).sub(1));
  b2 = new tg.nn.Parameter(tg.zeros([1]));

  override forward(x: tg.Tensor): tg.Tensor {
    const hidden = x.matmul(this.w1).add(this.b1).sigmoid(); // [N, 4]
    return hidden.matmul(this.w2).add(this.b2).sigmoid();    // [N, 1], a probability of "1"
  }
}

/** Trains the network and returns its final accuracy on the four points. */
export function main(options: { steps?: number } = {}): { accuracy: number; loss: number } {
  const steps = stepCount(500, options.steps);
  const start = performance.now();
  tg.manualSeed(0);
  const model = new XorNet();
  const optimizer = new tg.optim.SGD(model.parameters(), { lr: 2, momentum: 0.9 });

  let loss = tg.tensor(0);
  for (let step = 1; step <= steps; step++) {
    optimizer.zeroGrad();
    loss = tg.F.mseLoss(model.forward(inputs), targets);
    loss.backward();
    optimizer.step();
    if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(6)}`);
  }

  // Evaluate without recording a graph: threshold the probabilities at 0.5.
  const predictions = tg.noGrad(() => model.forward(inputs));
  const correct = predictions.gt(0.5).float().eq(targets).float().mean().item();
  console.log(`predictions: ${(predictions.flatten().toArray() as number[]).map((p) => p.toFixed(3)).join(', ')} (targets 0, 1, 1, 0)`);
  console.log(`final loss: ${loss.item().toFixed(6)}`);
  console.log(`training time: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  console.log(`train accuracy: ${percent(correct)}`);
  return { accuracy: correct, loss: loss.item() };
}

if (isMain(import.meta.url)) main();
