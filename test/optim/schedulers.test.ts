/**
 * @file Learning-rate schedulers beyond the PyTorch fixture: resuming with `lastEpoch`,
 * momentum handling, and the errors for bad arguments.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as optim from '../../src/optim/index.js';

const s = optim.lrScheduler;
const sgd = (lr = 0.1, momentum = 0.9): optim.SGD => new optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr, momentum });

describe('LRScheduler', () => {
  it('writes initialLr into the groups and keeps base rates', () => {
    const opt = sgd(0.5);
    const sched = new s.StepLR(opt, 2);
    expect(opt.paramGroups[0]!.initialLr).toBe(0.5);
    expect(sched.baseLrs).toEqual([0.5]);
    expect(sched.lastEpoch).toBe(0);
    expect(opt.stateDict().paramGroups[0]!.initialLr).toBe(0.5);
  });

  it('getLastLr returns a copy', () => {
    const sched = new s.ExponentialLR(sgd(1), 0.5);
    sched.getLastLr()[0] = 7;
    expect(sched.getLastLr()).toEqual([1]);
  });

  it('resuming with lastEpoch needs initialLr in every group', () => {
    expect(() => new s.StepLR(sgd(), 2, { lastEpoch: 3 })).toThrow(/StepLR: param group 0 has no initialLr; resuming with lastEpoch 3/);
  });

  it('CosineAnnealingLR resumed with lastEpoch starts from the closed form (PyTorch\'s first-step branch)', () => {
    const opt = sgd(0.1);
    opt.paramGroups[0]!.initialLr = 0.1;
    const sched = new s.CosineAnnealingLR(opt, 10, { etaMin: 0.01, lastEpoch: 4 });
    expect(sched.lastEpoch).toBe(5);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.01 + (0.09 * (1 + Math.cos(Math.PI / 2))) / 2, 15);
  });

  it('loadStateDict checks the number of groups', () => {
    const a = new s.StepLR(sgd(), 2);
    const two = new optim.SGD([{ params: [tg.zeros([1], { requiresGrad: true })] }, { params: [tg.zeros([1], { requiresGrad: true })] }], { lr: 1 });
    const b = new s.StepLR(two, 2);
    expect(() => b.loadStateDict(a.stateDict())).toThrow(/StepLR.loadStateDict: the state dict has 1 base learning rates, the optimizer has 2 param groups/);
  });
});

describe('scheduler errors', () => {
  it.each([
    ['StepLR stepSize', () => new s.StepLR(sgd(), 0), /StepLR: stepSize must be a positive integer, got 0/],
    ['LinearLR startFactor', () => new s.LinearLR(sgd(), { startFactor: 1.5 }), /LinearLR: startFactor must be between 0 and 1, got 1.5/],
    ['LinearLR endFactor', () => new s.LinearLR(sgd(), { endFactor: -0.5 }), /LinearLR: endFactor must be between 0 and 1/],
    ['OneCycleLR steps', () => new s.OneCycleLR(sgd(), 1), /OneCycleLR: give either totalSteps or both epochs and stepsPerEpoch/],
    ['OneCycleLR totalSteps', () => new s.OneCycleLR(sgd(), 1, { totalSteps: 2.5 }), /OneCycleLR: expected a positive integer totalSteps, got 2.5/],
    ['OneCycleLR epochs', () => new s.OneCycleLR(sgd(), 1, { epochs: 0, stepsPerEpoch: 3 }), /positive integer epochs, got 0/],
    ['OneCycleLR pctStart', () => new s.OneCycleLR(sgd(), 1, { totalSteps: 10, pctStart: 1.5 }), /pctStart must be between 0 and 1/],
    ['OneCycleLR maxLr list', () => new s.OneCycleLR(sgd(), [1, 2], { totalSteps: 10 }), /expected 1 values for maxLr \(one per param group\), got 2/],
    ['OneCycleLR without momentum', () => new s.OneCycleLR(new optim.Adagrad([tg.zeros([1], { requiresGrad: true })]), 1, { totalSteps: 10 }), /cycleMomentum needs an optimizer with momentum or betas; Adagrad has neither/],
    ['ReduceLROnPlateau factor', () => new s.ReduceLROnPlateau(sgd(), { factor: 1 }), /ReduceLROnPlateau: factor must be < 1, got 1/],
    ['ReduceLROnPlateau minLr', () => new s.ReduceLROnPlateau(sgd(), { minLr: [0, 0] }), /expected 1 minLr values \(one per param group\), got 2/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(tg.TensorError);
    expect(make).toThrow(message);
  });

  it('OneCycleLR throws when stepped past totalSteps', () => {
    const sched = new s.OneCycleLR(sgd(), 1, { totalSteps: 3 });
    for (let i = 0; i < 3; i++) sched.step();
    expect(() => sched.step()).toThrow(/OneCycleLR: tried to step 5 times; the schedule has 3 total steps/);
  });

  it('OneCycleLR without cycleMomentum works on Adagrad', () => {
    const opt = new optim.Adagrad([tg.zeros([1], { requiresGrad: true })]);
    const sched = new s.OneCycleLR(opt, 1, { totalSteps: 10, cycleMomentum: false });
    expect(sched.getLastLr()[0]).toBeCloseTo(0.04, 15);
  });
});

describe('ReduceLROnPlateau', () => {
  it('takes a one-element tensor as the metric', () => {
    const opt = sgd(1);
    const sched = new s.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    sched.step(tg.tensor(1));
    sched.step(tg.tensor([2]));
    expect(sched.getLastLr()).toEqual([0.5]);
    expect(sched.best).toBe(1);
  });

  it('getLastLr before any step is the optimizer\'s learning rates', () => {
    expect(new s.ReduceLROnPlateau(sgd(0.3)).getLastLr()).toEqual([0.3]);
  });
});
