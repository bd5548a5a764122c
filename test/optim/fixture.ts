/**
 * @file The PyTorch fixture of the optim tests (test/fixtures/optim.json, written by
 * make_optim_fixtures.py) and the helpers that rebuild its problem, optimizers and schedulers.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as tg from '../../src/index.js';
import * as optim from '../../src/optim/index.js';

/** Options of any optimizer, as the fixture writes them. */
export type AnyOptions = optim.SGDOptions & optim.AdamOptions & optim.RMSpropOptions & optim.AdagradOptions;

/** A param group as the fixture writes it: indices into [W, b]. */
export type GroupSpec = AnyOptions & { params: number[] };

/** One optimizer configuration and PyTorch's 15-step trajectory of [W.flatten(), b]. */
export interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: AnyOptions;
  groups?: GroupSpec[];
  trajectory: [number[], number[]][];
}

/** Options of any scheduler, as the fixture writes them. */
export type AnySchedulerOptions = optim.lrScheduler.StepLROptions &
  optim.lrScheduler.LinearLROptions &
  optim.lrScheduler.CosineAnnealingLROptions &
  optim.lrScheduler.OneCycleLROptions &
  optim.lrScheduler.ReduceLROnPlateauOptions;

/** One scheduler configuration and PyTorch's learning rates (and cycled momentum) per step. */
export interface SchedCase {
  name: string;
  scheduler: 'StepLR' | 'MultiStepLR' | 'ExponentialLR' | 'CosineAnnealingLR' | 'LinearLR' | 'OneCycleLR' | 'ReduceLROnPlateau';
  args: (number | number[])[];
  options: AnySchedulerOptions;
  optimizer: 'sgd' | 'adam';
  lrs: number[][];
  momentum?: number[][];
}

interface Fixture {
  torch: string;
  problem: { W: number[][]; b: number[]; x: number[]; y: number[]; c: number[]; steps: number };
  metrics: number[];
  optimizers: OptimCase[];
  schedulers: SchedCase[];
}

export const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim.json', import.meta.url), 'utf8')) as Fixture;

const f64 = { dtype: 'float64' } as const;

/** Fresh parameters W [2,2] and b [3] of the fixture's problem. */
export function makeParams(): tg.Tensor[] {
  const { W, b } = fixture.problem;
  return [tg.tensor(W, { ...f64, requiresGrad: true }), tg.tensor(b, { ...f64, requiresGrad: true })];
}

/** sum((W @ x - y)^2) + 0.25·sum(b^4) + 0.1·sum(W^3) + sum(c·b) */
export function loss([w, b]: tg.Tensor[]): tg.Tensor {
  const { x, y, c } = fixture.problem;
  const fit = w!.matmul(tg.tensor(x, f64)).sub(tg.tensor(y, f64)).square().sum();
  return fit.add(b!.pow(4).sum().mul(0.25)).add(w!.pow(3).sum().mul(0.1)).add(tg.tensor(c, f64).mul(b!).sum());
}

type AnyOptimizer = optim.lrScheduler.AnyOptimizer;
type Factory = (params: tg.Tensor[] | Array<AnyOptions & { params: tg.Tensor[] }>, options: AnyOptions) => AnyOptimizer;

const factories: Record<OptimCase['optimizer'], Factory> = {
  SGD: (p, o) => new optim.SGD(p, o),
  Adam: (p, o) => new optim.Adam(p, o),
  AdamW: (p, o) => new optim.AdamW(p, o),
  RMSprop: (p, o) => new optim.RMSprop(p, o),
  Adagrad: (p, o) => new optim.Adagrad(p, o),
};

/** The case's optimizer over `params` ([W, b]). */
export function makeOptimizer(c: OptimCase, params: tg.Tensor[]): AnyOptimizer {
  const spec = c.groups === undefined ? params : c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[i]!) }));
  return factories[c.optimizer](spec, c.options);
}

/** One training step: zeroGrad, backward of the fixture loss, step. */
export function trainStep(opt: AnyOptimizer, params: tg.Tensor[]): void {
  opt.zeroGrad();
  loss(params).backward();
  opt.step();
}

/** [W.flatten(), b] as plain numbers. */
export const snapshot = (params: tg.Tensor[]): number[][] => params.map((p) => Array.from(p.dataSync(), Number));

/** Asserts |a - e| <= tol·max(1, |e|) elementwise, naming `what` on failure. */
export function expectClose(actual: number[], expected: number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) {
      expect.fail(`${what}[${i}]: got ${a}, PyTorch ${e} (difference ${Math.abs(a - e)})`);
    }
  });
}

/** Anything that `step`s a learning-rate schedule. */
export type AnyScheduler = optim.lrScheduler.LRScheduler | optim.lrScheduler.ReduceLROnPlateau;

/** The optimizer a scheduler case runs on: two groups, lr 0.1 and 0.02 (SGD with momentum 0.9, or Adam). */
export function makeSchedOptimizer(kind: SchedCase['optimizer']): AnyOptimizer {
  const groups = [
    { params: [tg.zeros([2], { ...f64, requiresGrad: true })], lr: 0.1 },
    { params: [tg.zeros([2], { ...f64, requiresGrad: true })], lr: 0.02 },
  ];
  return kind === 'adam' ? new optim.Adam(groups) : new optim.SGD(groups, { lr: 0.1, momentum: 0.9 });
}

const num = (v: number | number[] | undefined): number => {
  if (typeof v !== 'number') throw new Error(`expected a number argument, got ${String(v)}`);
  return v;
};

/** The case's scheduler on `opt`. */
export function makeScheduler(c: SchedCase, opt: AnyOptimizer): AnyScheduler {
  const s = optim.lrScheduler;
  const [a] = c.args;
  switch (c.scheduler) {
    case 'StepLR': return new s.StepLR(opt, num(a), c.options);
    case 'MultiStepLR': return new s.MultiStepLR(opt, Array.isArray(a) ? a : [num(a)], c.options);
    case 'ExponentialLR': return new s.ExponentialLR(opt, num(a), c.options);
    case 'CosineAnnealingLR': return new s.CosineAnnealingLR(opt, num(a), c.options);
    case 'LinearLR': return new s.LinearLR(opt, c.options);
    case 'OneCycleLR': return new s.OneCycleLR(opt, a ?? 0, c.options);
    case 'ReduceLROnPlateau': return new s.ReduceLROnPlateau(opt, c.options);
  }
}

/** Steps a scheduler once, after an optimizer step, feeding `ReduceLROnPlateau` the fixture's metric of step `i`. */
export function schedStep(sched: AnyScheduler, i: number): void {
  if (sched instanceof optim.lrScheduler.ReduceLROnPlateau) sched.step(fixture.metrics[i]!);
  else sched.step();
}

/** The cycled momentum of every group (SGD's momentum or Adam's beta1). */
export function momentumOf(opt: AnyOptimizer): number[] {
  return opt.paramGroups.map((g) => {
    const m = 'betas' in g && Array.isArray(g.betas) ? Number(g.betas[0]) : 'momentum' in g ? Number(g.momentum) : NaN;
    return m;
  });
}
