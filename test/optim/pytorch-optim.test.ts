/**
 * @file Optimizers and schedulers against PyTorch 1.13 (test/fixtures/optim.json): parameters
 * after each of 15 float64 steps to 1e-10, learning rates after each of 30 steps to 1e-12, and
 * resuming from state dicts mid-run gives the same numbers as running straight through.
 */
import { describe, expect, it } from 'vitest';
import {
  expectClose, fixture, makeOptimizer, makeParams, makeSchedOptimizer, makeScheduler, momentumOf,
  schedStep, snapshot, trainStep, type AnyScheduler,
} from './fixture.js';
import * as optim from '../../src/optim/index.js';

describe('optimizers match PyTorch trajectories', () => {
  it('the fixture comes from PyTorch 1.13', () => {
    expect(fixture.torch).toMatch(/^1\.13/);
    expect(fixture.optimizers.length).toBeGreaterThan(25);
  });

  it.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const params = makeParams();
    const opt = makeOptimizer(c, params);
    c.trajectory.forEach((expected, step) => {
      trainStep(opt, params);
      const got = snapshot(params);
      expectClose(got[0]!, expected[0], 1e-10, `${c.name} step ${step + 1} W`);
      expectClose(got[1]!, expected[1], 1e-10, `${c.name} step ${step + 1} b`);
    });
  });

  it.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s: 7 steps, stateDict, load into a new optimizer, 8 more == 15 straight', (_name, c) => {
    const params = makeParams();
    const opt = makeOptimizer(c, params);
    for (let i = 0; i < 7; i++) trainStep(opt, params);
    const saved = opt.stateDict();
    const resumed = params.map((p) => p.detach().clone().requiresGrad_());
    const opt2 = makeOptimizer(c, resumed);
    opt2.loadStateDict(saved);
    for (let i = 7; i < 15; i++) {
      trainStep(opt2, resumed);
      const got = snapshot(resumed);
      expectClose(got[0]!, c.trajectory[i]![0], 1e-10, `${c.name} resumed step ${i + 1} W`);
      expectClose(got[1]!, c.trajectory[i]![1], 1e-10, `${c.name} resumed step ${i + 1} b`);
    }
    // The loaded state is a copy: the first optimizer's state did not move.
    for (let i = 7; i < 15; i++) trainStep(opt, params);
    expect(snapshot(params)).toEqual(snapshot(resumed));
  });
});

describe('schedulers match PyTorch learning rates', () => {
  it.each(fixture.schedulers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opt = makeSchedOptimizer(c.optimizer);
    const sched = makeScheduler(c, opt);
    const check = (step: number): void => {
      expectClose(sched.getLastLr(), c.lrs[step]!, 1e-12, `${c.name} lr after ${step} steps`);
      expectClose(opt.paramGroups.map((g) => g.lr), c.lrs[step]!, 1e-12, `${c.name} group lr after ${step} steps`);
      if (c.momentum) expectClose(momentumOf(opt), c.momentum[step]!, 1e-12, `${c.name} momentum after ${step} steps`);
    };
    check(0);
    for (let i = 0; i < c.lrs.length - 1; i++) {
      opt.step();
      schedStep(sched, i);
      check(i + 1);
    }
  });

  it.each(fixture.schedulers.map((c) => [c.name, c] as const))('%s: resumes from state dicts after 10 steps', (_name, c) => {
    const opt = makeSchedOptimizer(c.optimizer);
    const sched = makeScheduler(c, opt);
    for (let i = 0; i < 10; i++) schedStep(sched, i);
    const optState = opt.stateDict();
    const opt2 = makeSchedOptimizer(c.optimizer);
    const sched2: AnyScheduler = makeScheduler(c, opt2);
    opt2.loadStateDict(optState);
    if (sched2 instanceof optim.lrScheduler.ReduceLROnPlateau) {
      if (!(sched instanceof optim.lrScheduler.ReduceLROnPlateau)) throw new Error('scheduler kinds differ');
      sched2.loadStateDict(sched.stateDict());
    } else {
      if (sched instanceof optim.lrScheduler.ReduceLROnPlateau) throw new Error('scheduler kinds differ');
      sched2.loadStateDict(sched.stateDict());
    }
    expectClose(sched2.getLastLr(), c.lrs[10]!, 1e-12, `${c.name} lr after loading`);
    for (let i = 10; i < c.lrs.length - 1; i++) {
      schedStep(sched2, i);
      expectClose(sched2.getLastLr(), c.lrs[i + 1]!, 1e-12, `${c.name} resumed lr after ${i + 1} steps`);
      if (c.momentum) expectClose(momentumOf(opt2), c.momentum[i + 1]!, 1e-12, `${c.name} resumed momentum after ${i + 1} steps`);
    }
  });
});
