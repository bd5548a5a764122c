/**
 * @file `tg.autograd.detectAnomaly`: names the op whose backward produced NaN/Inf and shows
 * where its forward ran.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('detectAnomaly', () => {
  it('without anomaly mode an inf gradient is returned silently', () => {
    const x = tg.tensor([0], { requiresGrad: true });
    x.sqrt().sum().backward();
    expect(x.grad!.item()).toBe(Infinity);
  });

  it('reports the op whose backward produced inf (SqrtBackward at 0)', () => {
    const x = tg.tensor([0], { requiresGrad: true });
    const err = caught(() => tg.autograd.detectAnomaly(() => x.sqrt().sum().backward()));
    expect(err).toBeInstanceOf(tg.AutogradError);
    expect(err.message).toMatch(/Function 'SqrtBackward' returned nan or inf values in its 0th output/);
    expect(x.grad).toBeNull();
  });

  it('reports NaN (0 * inf) and includes the stack of the forward call', () => {
    const x = tg.tensor([0, 1], { requiresGrad: true });
    const err = caught(() => tg.autograd.detectAnomaly(() => x.sqrt().mul(0).sum().backward()));
    expect(err.message).toMatch(/SqrtBackward/);
    expect(err.message).toMatch(/The forward call that created it/);
    expect(err.message).toMatch(/anomaly\.test\.ts/);
  });

  it('names the first failing op, not later ones', () => {
    const x = tg.tensor([-1], { requiresGrad: true });
    // log(-1) is NaN in forward; LogBackward gives 1/x = -1 (finite); its consumer MulBackward
    // multiplies by NaN.
    const err = caught(() => tg.autograd.detectAnomaly(() => x.log().mul(x.log()).sum().backward()));
    expect(err.message).toMatch(/'MulBackward'/);
  });

  it('the stack is recorded only for nodes created in anomaly mode', () => {
    const x = tg.tensor([0], { requiresGrad: true });
    const y = x.sqrt();
    const err = caught(() => tg.autograd.detectAnomaly(() => y.sum().backward()));
    expect(err.message).toMatch(/SqrtBackward/);
    expect(err.message).not.toMatch(/The forward call/);
  });

  it('returns the result and does nothing special for finite gradients', () => {
    const x = tg.tensor([4], { requiresGrad: true });
    const out = tg.autograd.detectAnomaly(() => {
      x.sqrt().sum().backward();
      return 42;
    });
    expect(out).toBe(42);
    expect(x.grad!.item()).toBeCloseTo(0.25, 6);
  });

  it('anomaly mode ends with the callback, even when it throws', () => {
    const x = tg.tensor([0], { requiresGrad: true });
    expect(() => tg.autograd.detectAnomaly(() => x.sqrt().sum().backward())).toThrow();
    x.sqrt().sum().backward(); // no anomaly mode now: no throw
    expect(x.grad!.item()).toBe(Infinity);
  });

  it('checks gradients of custom Functions too', () => {
    class Bad extends tg.autograd.Function {
      forward(_ctx: tg.autograd.FunctionCtx, t: tg.Tensor): tg.Tensor {
        return t.mul(1);
      }
      backward(_ctx: tg.autograd.FunctionCtx, g: tg.Tensor): tg.Tensor {
        return g.mul(NaN);
      }
    }
    const x = tg.tensor([1], { requiresGrad: true });
    expect(() => tg.autograd.detectAnomaly(() => Bad.apply(x).sum().backward())).toThrow(/'BadBackward' returned nan or inf/);
  });
});
