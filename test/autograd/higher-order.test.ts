/**
 * @file `createGraph`: gradients of gradients — second derivatives, Hessian-vector products
 * and gradient penalties — checked against closed forms (and PyTorch 1.13's numbers).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { expectValues, vals } from '../helpers/values.js';


describe('second derivatives', () => {
  it('d²/dx² of x³ is 6x (backward with createGraph, then autograd.grad)', () => {
    const x = tg.tensor([-1, 0.5, 2], { dtype: 'float64', requiresGrad: true });
    x.pow(3).sum().backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.requiresGrad).toBe(true);
    expectValues(g, [3, 0.75, 12]);
    const [h] = tg.autograd.grad(g.sum(), x);
    expectValues(h!, [-6, 3, 12]);
  });

  it('d²/dx² of x³ via two autograd.grad calls (PyTorch: 12 and 12 at x = 2)', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const [dy] = tg.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    expect(dy!.gradFn).not.toBeNull();
    const [d2y] = tg.autograd.grad(dy!.sum(), x);
    expectValues(dy!, [12]);
    expectValues(d2y!, [12]);
  });

  it('third derivative of x³ is 6', () => {
    const x = tg.tensor([1.5], { dtype: 'float64', requiresGrad: true });
    const [d1] = tg.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    const [d2] = tg.autograd.grad(d1!.sum(), x, { createGraph: true });
    const [d3] = tg.autograd.grad(d2!.sum(), x);
    expectValues(d3!, [6]);
  });

  it('second derivatives of transcendental ops (sin, exp, tanh, sigmoid, log)', () => {
    const pts = [0.3, 1.1];
    const cases: [string, (t: tg.Tensor) => tg.Tensor, (v: number) => number][] = [
      ['sin', (t) => t.sin(), (v) => -Math.sin(v)],
      ['exp', (t) => t.exp(), (v) => Math.exp(v)],
      ['tanh', (t) => t.tanh(), (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
      ['sigmoid', (t) => t.sigmoid(), (v) => { const s = 1 / (1 + Math.exp(-v)); return s * (1 - s) * (1 - 2 * s); }],
      ['log', (t) => t.log(), (v) => -1 / (v * v)],
      ['sqrt', (t) => t.sqrt(), (v) => -0.25 * v ** -1.5],
      ['reciprocal', (t) => t.reciprocal(), (v) => 2 / v ** 3],
    ];
    for (const [name, f, d2] of cases) {
      const x = tg.tensor(pts, { dtype: 'float64', requiresGrad: true });
      const [g] = tg.autograd.grad(f(x).sum(), x, { createGraph: true });
      const [h] = tg.autograd.grad(g!.sum(), x);
      vals(h!).forEach((v, i) => expect(v, name).toBeCloseTo(d2(pts[i]!), 8));
    }
  });

  it('mixed partials: d²(x²y)/dxdy = 2x', () => {
    const x = tg.tensor([3], { requiresGrad: true });
    const y = tg.tensor([5], { requiresGrad: true });
    const [gx] = tg.autograd.grad(x.square().mul(y).sum(), x, { createGraph: true });
    expectValues(gx!, [30]); // 2xy
    const [gxy] = tg.autograd.grad(gx!.sum(), y);
    expectValues(gxy!, [6]);
  });

  it('without createGraph the gradient is a constant', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const [g] = tg.autograd.grad(x.pow(3).sum(), x);
    expect(g!.requiresGrad).toBe(false);
    expect(g!.gradFn).toBeNull();
  });
});

describe('Hessian-vector products', () => {
  it('matches H v for f(x) = x0² x1 + x1³', () => {
    // H = [[2 x1, 2 x0], [2 x0, 6 x1]]
    const x = tg.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const v = tg.tensor([0.5, -1], { dtype: 'float64' });
    const x0 = x.select(0, 0), x1 = x.select(0, 1);
    const f = x0.square().mul(x1).add(x1.pow(3));
    const [g] = tg.autograd.grad(f, x, { createGraph: true });
    expectValues(g!, [2 * 1 * 2, 1 + 3 * 4]);
    const [hv] = tg.autograd.grad(g!.mul(v).sum(), x);
    // H v = [4*0.5 + 2*(-1), 2*0.5 + 12*(-1)] = [0, -11]
    expectValues(hv!, [0, -11]);
  });

  it('matches A v for the quadratic form f(x) = ½ xᵀ A x with symmetric A', () => {
    const A = tg.tensor([[2, 1, 0], [1, 3, -1], [0, -1, 4]], { dtype: 'float64' });
    const x = tg.tensor([0.3, -0.7, 1.2], { dtype: 'float64', requiresGrad: true });
    const v = tg.tensor([1, 2, 3], { dtype: 'float64' });
    const f = x.matmul(A.matmul(x)).mul(0.5);
    const [g] = tg.autograd.grad(f, x, { createGraph: true });
    expectValues(g!, vals(A.matmul(x.detach())));
    const [hv] = tg.autograd.grad(g!, x, { gradOutputs: v });
    expectValues(hv!, [4, 4, 10]);
  });

  it('Hessian of a softmax-cross-entropy-like function is symmetric (double backward of logSoftmax)', () => {
    const x = tg.tensor([0.1, -0.4, 0.9], { dtype: 'float64', requiresGrad: true });
    const f = x.logSoftmax(0).select(0, 1).neg();
    const [g] = tg.autograd.grad(f, x, { createGraph: true });
    const rows: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const e = tg.zeros([3], { dtype: 'float64' });
      tg.noGrad(() => e.select(0, i).fill_(1));
      const [row] = tg.autograd.grad(g!, x, { gradOutputs: e, retainGraph: true });
      rows.push(vals(row!));
    }
    // H = diag(p) - p pᵀ
    const p = vals(tg.softmax(x.detach(), 0));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expect(rows[i]![j]!).toBeCloseTo((i === j ? p[i]! : 0) - p[i]! * p[j]!, 8);
        expect(rows[i]![j]!).toBeCloseTo(rows[j]![i]!, 10);
      }
    }
  });
});

describe('gradient penalty', () => {
  it('d/dw ‖∇ₓ D(x)‖² for D(x) = Σ w x² is 8 w x²', () => {
    const w = tg.tensor([0.5, -2, 1], { requiresGrad: true });
    const x = tg.tensor([1, 2, -3], { requiresGrad: true });
    const d = w.mul(x.square()).sum();
    const [gx] = tg.autograd.grad(d, x, { createGraph: true });
    expectValues(gx!, [1, -8, -6]); // 2 w x
    const penalty = gx!.square().sum(); // 4 Σ w² x²
    penalty.backward();
    expectValues(w.grad, [8 * 0.5 * 1, 8 * -2 * 4, 8 * 1 * 9]);
    // d penalty / dx = 8 w² x
    expectValues(x.grad, [8 * 0.25 * 1, 8 * 4 * 2, 8 * 1 * -3]);
  });

  it('WGAN-GP style: penalty on (‖∇‖ - 1)² flows into the critic weights', () => {
    const W = tg.tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    const x = tg.tensor([[0.5, -1]], { dtype: 'float64', requiresGrad: true });
    const critic = x.matmul(W).tanh().sum();
    const [gx] = tg.autograd.grad(critic, x, { createGraph: true });
    const gp = gx!.norm(2, 1).sub(1).square().mean();
    gp.backward();
    expect(W.grad).not.toBeNull();
    expect(W.grad!.shape).toEqual([2, 2]);
    // Finite-difference check of d gp / d W[0][0].
    const gpAt = (w00: number): number => {
      const Wp = tg.tensor([[w00, 2], [3, 4]], { dtype: 'float64' });
      const xp = tg.tensor([[0.5, -1]], { dtype: 'float64', requiresGrad: true });
      const [g] = tg.autograd.grad(xp.matmul(Wp).tanh().sum(), xp);
      return tg.noGrad(() => g!.norm(2, 1).sub(1).square().mean().item());
    };
    const eps = 1e-6;
    const numeric = (gpAt(1 + eps) - gpAt(1 - eps)) / (2 * eps);
    expect(vals(W.grad)[0]!).toBeCloseTo(numeric, 5);
  });
});

describe('gradcheck and gradgradcheck', () => {
  it('accept correct analytical gradients', () => {
    tg.manualSeed(1);
    const x = tg.randn([2, 3], { dtype: 'float64', requiresGrad: true });
    const y = tg.randn([3], { dtype: 'float64', requiresGrad: true });
    expect(tg.autograd.gradcheck((a, b) => a.mul(b).sin().sum(1), [x, y])).toBe(true);
    expect(tg.autograd.gradgradcheck((a, b) => a.mul(b).tanh(), [x, y])).toBe(true);
  });

  it('reject float32 inputs', () => {
    const x = tg.randn([2], { requiresGrad: true });
    expect(() => tg.autograd.gradcheck((a) => a.sin(), [x])).toThrow(tg.DTypeError);
  });
});
