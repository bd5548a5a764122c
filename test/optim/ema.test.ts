/**
 * @file `ExponentialMovingAverage`: torch_ema's update rule and warm-up, swapping averages in
 * and out, and state dicts.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { vals } from '../helpers/values.js';

const f64 = { dtype: 'float64' } as const;

describe('ExponentialMovingAverage', () => {
  it('shadow -= (1 - decay)·(shadow - param) with a fixed decay', () => {
    const w = tg.tensor([0, 10], f64);
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.9, useNumUpdates: false });
    let expected = [0, 10];
    for (const target of [[1, 1], [2, -3], [5, 0]]) {
      w.copy_(tg.tensor(target, f64));
      ema.update();
      expected = expected.map((sv, i) => sv - (1 - 0.9) * (sv - target[i]!));
      expect(vals(ema.shadowParams[0]!)).toEqual(expected);
    }
    expect(ema.numUpdates).toBeNull();
  });

  it('warms the decay up as min(decay, (1 + n) / (10 + n)) by default, as torch_ema', () => {
    const w = tg.tensor([0], f64);
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.5 });
    let shadow = 0;
    for (let n = 1; n <= 20; n++) {
      w.fill_(n);
      ema.update();
      const decay = Math.min(0.5, (1 + n) / (10 + n));
      shadow -= (1 - decay) * (shadow - n);
      expect(vals(ema.shadowParams[0]!)[0]).toBe(shadow);
    }
    expect(ema.numUpdates).toBe(20);
  });

  it('follows parameters trained by an optimizer without touching their graph', () => {
    const w = tg.tensor([1, 2], { ...f64, requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 0.1 });
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.99 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      w.square().sum().backward();
      opt.step();
      ema.update();
    }
    expect(ema.shadowParams[0]!.requiresGrad).toBe(false);
    expect(w.isLeaf).toBe(true);
  });

  it('store / copyTo / restore swap the averages in and back out', () => {
    const w = tg.tensor([4], { ...f64, requiresGrad: true });
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.5, useNumUpdates: false });
    tg.noGrad(() => w.fill_(8));
    ema.update();
    ema.store();
    ema.copyTo();
    expect(vals(w)).toEqual([6]);
    ema.restore();
    expect(vals(w)).toEqual([8]);
    const other = tg.tensor([0], f64);
    ema.copyTo([other]);
    expect(vals(other)).toEqual([6]);
  });

  it('averageParameters restores the weights even when the function throws', () => {
    const w = tg.tensor([1], f64);
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.5 });
    w.fill_(3);
    expect(ema.averageParameters(() => w.item())).toBe(1);
    expect(() => ema.averageParameters(() => { throw new Error('boom'); })).toThrow('boom');
    expect(w.item()).toBe(3);
  });

  it('state dicts round-trip as copies', () => {
    const w = tg.tensor([1, 2], f64);
    const a = new optim.ExponentialMovingAverage([w], { decay: 0.9 });
    w.fill_(5);
    a.update();
    a.store();
    const b = new optim.ExponentialMovingAverage([tg.zeros([2], f64)], { decay: 0.9 });
    b.loadStateDict(a.stateDict());
    expect(b.numUpdates).toBe(1);
    expect(vals(b.shadowParams[0]!)).toEqual(vals(a.shadowParams[0]!));
    expect(b.shadowParams[0]).not.toBe(a.shadowParams[0]);
    expect(vals(b.collectedParams![0]!)).toEqual([5, 5]);
  });

  it('errors: decay out of range, restore without store, wrong parameter counts and shapes', () => {
    const w = tg.tensor([1], f64);
    expect(() => new optim.ExponentialMovingAverage([w], { decay: 1.5 })).toThrow(/ExponentialMovingAverage: decay must be between 0 and 1, got 1.5/);
    const ema = new optim.ExponentialMovingAverage([w], { decay: 0.9 });
    expect(() => ema.restore()).toThrow(/ExponentialMovingAverage.restore: nothing to restore; call store\(\) first/);
    expect(() => ema.update([w, w])).toThrow(/ExponentialMovingAverage.update: got 2 parameters, the average has 1/);
    const big = new optim.ExponentialMovingAverage([tg.zeros([3], f64)], { decay: 0.9 });
    expect(() => ema.loadStateDict(big.stateDict())).toThrow(/shadowParams\[0\] has shape \[3\], expected \[1\]/);
  });
});
