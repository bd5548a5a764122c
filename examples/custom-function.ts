/**
 * @file A custom differentiable op: a numerically stable softplus as a `tg.autograd.Function`.
 *
 * What it teaches: how to add an op with its own forward and backward (PyTorch's
 * `torch.autograd.Function`), how to verify the backward with `tg.autograd.gradcheck`
 * (central finite differences in float64), and that the new op then trains like any built-in.
 *
 * softplus(x) = log(1 + eˣ). Written that way it overflows for large x (e¹⁰⁰⁰ = ∞ in float32
 * and float64 alike); the stable form is `max(x, 0) + log1p(e^(-|x|))`. Its derivative is the
 * logistic sigmoid, σ(x) = 1 / (1 + e^(-x)), so the backward is `gradOutput · σ(x)`. Because
 * the backward is written with tensor ops, it can itself be differentiated (`gradgradcheck`).
 *
 *     npx tsx examples/custom-function.ts            # full run (500 fitting steps)
 *     npx tsx examples/custom-function.ts --steps 5  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, stepCount } from './_cli.js';

/** softplus(x) = max(x, 0) + log1p(exp(-|x|)), with d/dx = sigmoid(x). */
export class StableSoftplus extends tg.autograd.Function {
  forward(ctx: tg.autograd.FunctionCtx, x: tg.Tensor): tg.Tensor {
    ctx.saveForBackward(x); // the backward needs the input
    return x.relu().add(x.abs().neg().exp().log1p());
  }

  backward(ctx: tg.autograd.FunctionCtx, gradOutput: tg.Tensor): tg.Tensor {
    const [x] = ctx.savedTensors;
    return gradOutput.mul(x!.sigmoid());
  }
}

/** Checks the op, then fits `y = softplus(a·x + b)` to noisy data; returns the fitted a, b. */
export function main(options: { steps?: number } = {}): { a: number; b: number; gradcheck: boolean } {
  const steps = stepCount(500, options.steps);
  tg.manualSeed(0);

  // 1. The naive formula overflows where the stable one does not.
  const big = tg.tensor([-1000, -1, 0, 1, 1000]);
  const show = (t: tg.Tensor) => (t.toArray() as number[]).map((v) => v.toFixed(4)).join(', ');
  console.log(`naive  log(1 + exp(x)) at x = -1000, -1, 0, 1, 1000: ${show(big.exp().add(1).log())}`);
  console.log(`stable softplus        at x = -1000, -1, 0, 1, 1000: ${show(StableSoftplus.apply(big))}`);

  // 2. gradcheck compares the backward with finite differences; it needs float64 inputs.
  const x64 = tg.randn([6], { dtype: 'float64' }).mul(3).requiresGrad_();
  const ok = tg.autograd.gradcheck((x) => StableSoftplus.apply(x), [x64]);
  const okTwice = tg.autograd.gradgradcheck((x) => StableSoftplus.apply(x), [x64]);
  console.log(`gradcheck: ${ok ? 'passed' : 'FAILED'}, gradgradcheck: ${okTwice ? 'passed' : 'FAILED'}`);

  // 3. Use it in a fit: data from y = softplus(2x - 1) + noise, learn a and b.
  const x = tg.linspace(-3, 3, 200);
  const y = StableSoftplus.apply(x.mul(2).sub(1)).add(tg.randn([200]).mul(0.05));
  const a = tg.zeros([], { requiresGrad: true });
  const b = tg.zeros([], { requiresGrad: true });
  const optimizer = new tg.optim.Adam([a, b], { lr: 0.05 });
  let loss = tg.tensor(0);
  for (let step = 1; step <= steps; step++) {
    optimizer.zeroGrad();
    loss = tg.F.mseLoss(StableSoftplus.apply(x.mul(a).add(b)), y);
    loss.backward();
    optimizer.step();
    if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(5)}`);
  }
  console.log(`fitted: a = ${a.item().toFixed(3)} (true 2), b = ${b.item().toFixed(3)} (true -1), final loss ${loss.item().toFixed(5)}`);
  return { a: a.item(), b: b.item(), gradcheck: ok && okTwice };
}

if (isMain(import.meta.url)) main();
