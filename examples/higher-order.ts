/**
 * @file Gradients of gradients: a Hessian-vector product and a WGAN-GP gradient penalty.
 *
 * What it teaches: `tg.autograd.grad(..., { createGraph: true })` returns gradients that are
 * themselves part of the graph, so they can be differentiated again.
 *
 * 1. Hessian-vector product. For f(x) = ½·xᵀAx + bᵀx (A symmetric) the gradient is Ax + b and
 *    the Hessian is A. The product H·v is computed without forming H: differentiate
 *    `dot(∇f(x), v)` with respect to x. It is checked against A·v, and the full Hessian
 *    (one double-backward per row) against A.
 * 2. Gradient penalty (Gulrajani et al., 2017, "Improved Training of Wasserstein GANs"). A
 *    critic D is trained to score real samples high and fake ones low while keeping
 *    ‖∇ₓD(x̂)‖ close to 1 at points x̂ between real and fake samples. The penalty contains
 *    ∇ₓD, so its gradient with respect to D's weights is a second derivative; it is checked
 *    with `gradcheck` in float64 before training.
 *
 *     npx tsx examples/higher-order.ts            # full run (300 critic steps)
 *     npx tsx examples/higher-order.ts --steps 5  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, stepCount } from './_cli.js';

/** Largest absolute difference between two tensors. */
const maxError = (a: tg.Tensor, b: tg.Tensor): number => a.sub(b).abs().max().item();

/** Part 1: returns the largest error of H·v and of the explicit Hessian against A. */
function hessianVectorProduct(): { hvpError: number; hessianError: number } {
  const n = 4;
  const m = tg.randn([n, n], { dtype: 'float64' });
  const A = m.add(m.transpose(0, 1)).div(2);            // a symmetric matrix
  const b = tg.randn([n], { dtype: 'float64' });
  const f = (x: tg.Tensor) => x.dot(A.matmul(x)).mul(0.5).add(b.dot(x));

  const x = tg.randn([n], { dtype: 'float64', requiresGrad: true });
  const v = tg.randn([n], { dtype: 'float64' });

  // ∇f(x), kept in the graph (createGraph) so that it can be differentiated again.
  const [gradF] = tg.autograd.grad(f(x), x, { createGraph: true });
  console.log(`gradient error vs A·x + b: ${maxError(gradF!, A.matmul(x).add(b)).toExponential(2)}`);

  // H·v = ∇ₓ (∇f(x) · v). retainGraph keeps gradF's graph for the Hessian rows below.
  const [hv] = tg.autograd.grad(gradF!.dot(v), x, { retainGraph: true });
  const hvpError = maxError(hv!, A.matmul(v));

  // The explicit Hessian: row i is the gradient of ∂f/∂xᵢ.
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(tg.autograd.grad(gradF!.select(0, i), x, { retainGraph: true })[0]!);
  const hessianError = maxError(tg.stack(rows), A);
  console.log(`Hessian-vector product error vs A·v: ${hvpError.toExponential(2)}`);
  console.log(`explicit Hessian error vs A: ${hessianError.toExponential(2)}`);
  return { hvpError, hessianError };
}

/** A small critic: 2 → 32 (tanh) → 1, weights in PyTorch's [out, in] layout. */
class Critic extends tg.nn.Module {
  w1 = new tg.nn.Parameter(tg.randn([32, 2]).mul(Math.sqrt(1 / 2)));
  b1 = new tg.nn.Parameter(tg.zeros([32]));
  w2 = new tg.nn.Parameter(tg.randn([1, 32]).mul(Math.sqrt(1 / 32)));
  b2 = new tg.nn.Parameter(tg.zeros([1]));

  override forward(x: tg.Tensor): tg.Tensor {
    return tg.F.linear(tg.F.linear(x, this.w1, this.b1).tanh(), this.w2, this.b2).squeeze(1);
  }
}

/**
 * The gradient penalty mean((‖∇ₓD(x̂)‖₂ - 1)²) at random points x̂ between real and fake
 * samples, plus the mean gradient norm. `createGraph` makes the penalty differentiable with
 * respect to the critic's weights.
 */
function gradientPenalty(critic: (x: tg.Tensor) => tg.Tensor, real: tg.Tensor, fake: tg.Tensor, eps: tg.Tensor): { penalty: tg.Tensor; gradNorm: number } {
  const interpolates = real.mul(eps).add(fake.mul(eps.neg().add(1))).detach().requiresGrad_();
  const scores = critic(interpolates);
  const [gradX] = tg.autograd.grad(scores.sum(), interpolates, { createGraph: true });
  const norms = gradX!.norm(2, 1);                      // one norm per sample
  return { penalty: norms.sub(1).square().mean(), gradNorm: norms.mean().item() };
}

/** Part 2: trains a critic with the gradient penalty; returns the final mean gradient norm. */
function wganGp(steps: number): { gradNorm: number; gpGradcheck: boolean } {
  const batch = 64, lambda = 10;
  const realBatch = () => tg.randn([batch, 2]).mul(0.3).add(tg.tensor([2, 2]));   // real data
  const fakeBatch = () => tg.randn([batch, 2]).mul(0.5).add(tg.tensor([-1, 0])); // a fixed "generator"

  // Check the double backward first: the penalty as a function of the first-layer weights, in
  // float64, against finite differences.
  const critic64 = new Critic().double();
  const real64 = realBatch().double().narrow(0, 0, 5), fake64 = fakeBatch().double().narrow(0, 0, 5);
  const eps64 = tg.rand([5, 1], { dtype: 'float64' });
  const w1 = critic64.w1.detach().clone().requiresGrad_();
  const gpOf = (w: tg.Tensor) => gradientPenalty(
    (x) => tg.F.linear(tg.F.linear(x, w, critic64.b1).tanh(), critic64.w2, critic64.b2).squeeze(1), real64, fake64, eps64).penalty;
  const gpGradcheck = tg.autograd.gradcheck(gpOf, [w1]);
  console.log(`gradcheck of the gradient penalty w.r.t. critic weights: ${gpGradcheck ? 'passed' : 'FAILED'}`);

  const critic = new Critic();
  const optimizer = new tg.optim.Adam(critic.parameters(), { lr: 1e-3, betas: [0.5, 0.9] });
  let gradNorm = 0;
  for (let step = 1; step <= steps; step++) {
    const real = realBatch(), fake = fakeBatch();
    optimizer.zeroGrad();
    const wasserstein = critic.forward(real).mean().sub(critic.forward(fake).mean());
    const gp = gradientPenalty((x) => critic.forward(x), real, fake, tg.rand([batch, 1]));
    const loss = wasserstein.neg().add(gp.penalty.mul(lambda)); // the critic maximises the W estimate
    loss.backward();                                              // reaches the weights through ∇ₓD
    optimizer.step();
    gradNorm = gp.gradNorm;
    if (step % 50 === 0 || step === steps) {
      console.log(`critic step ${step}: W estimate ${wasserstein.item().toFixed(3)} (true W₁ ≈ 3.61), penalty ${gp.penalty.item().toFixed(4)}, mean ‖∇D‖ ${gradNorm.toFixed(3)}`);
    }
  }
  return { gradNorm, gpGradcheck };
}

/** Runs both parts. */
export function main(options: { steps?: number } = {}): { hvpError: number; hessianError: number; gradNorm: number; gpGradcheck: boolean } {
  const steps = stepCount(300, options.steps);
  tg.manualSeed(0);
  const hvp = hessianVectorProduct();
  const gp = wganGp(steps);
  console.log(`Hessian-vector product max error: ${hvp.hvpError.toExponential(2)}; final mean gradient norm at interpolates: ${gp.gradNorm.toFixed(3)} (target 1)`);
  return { ...hvp, ...gp };
}

if (isMain(import.meta.url)) main();
