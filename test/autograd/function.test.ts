/**
 * @file Custom differentiable ops with `tg.autograd.Function`, like `torch.autograd.Function`.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { vals } from '../helpers/values.js';

type Ctx = tg.autograd.FunctionCtx;

/** x³ with a backward written in differentiable tensor ops. */
class Cube extends tg.autograd.Function {
  forward(ctx: Ctx, x: tg.Tensor): tg.Tensor {
    ctx.saveForBackward(x);
    return x.pow(3);
  }
  backward(ctx: Ctx, g: tg.Tensor): tg.Tensor {
    const [x] = ctx.savedTensors;
    return g.mul(x!.square()).mul(3);
  }
}

/** x * k for a JS number k (a non-tensor argument). */
class ScaleBy extends tg.autograd.Function {
  forward(ctx: Ctx, x: tg.Tensor, k: number): tg.Tensor {
    ctx.values['k'] = k;
    return x.mul(k);
  }
  backward(ctx: Ctx, g: tg.Tensor): (tg.Tensor | null)[] {
    return [g.mul(ctx.values['k'] as number), null];
  }
}

/** Two outputs: (a + b, a * b). */
class SumProd extends tg.autograd.Function {
  forward(ctx: Ctx, a: tg.Tensor, b: tg.Tensor): tg.Tensor[] {
    ctx.saveForBackward(a, b);
    return [a.add(b), a.mul(b)];
  }
  backward(ctx: Ctx, gSum: tg.Tensor, gProd: tg.Tensor): tg.Tensor[] {
    const [a, b] = ctx.savedTensors;
    return [gSum.add(gProd.mul(b!)), gSum.add(gProd.mul(a!))];
  }
}

describe('tg.autograd.Function', () => {
  it('runs forward and uses the custom backward (single output)', () => {
    const x = tg.tensor([2, -1], { requiresGrad: true });
    const y = Cube.apply(x);
    expect(vals(y)).toEqual([8, -1]);
    expect(y.requiresGrad).toBe(true);
    expect(y.gradFn!.name).toBe('CubeBackward');
    y.sum().backward();
    expect(vals(x.grad)).toEqual([12, 3]);
  });

  it('does not record the ops inside forward', () => {
    let inner: tg.Tensor | null = null;
    class Spy extends tg.autograd.Function {
      forward(_ctx: Ctx, x: tg.Tensor): tg.Tensor {
        inner = x.mul(2);
        expect(tg.isGradEnabled()).toBe(false);
        return inner;
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor {
        return g.mul(2);
      }
    }
    const x = tg.ones([1], { requiresGrad: true });
    const y = Spy.apply(x);
    expect(inner!.requiresGrad).toBe(false);
    expect(y.gradFn!.name).toBe('SpyBackward');
  });

  it('passes non-tensor arguments through and takes null gradients for them', () => {
    const x = tg.tensor([1, 2], { requiresGrad: true });
    const y = ScaleBy.apply(x, 4);
    expect(vals(y)).toEqual([4, 8]);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([4, 4]);
  });

  it('supports several outputs, each with its own gradient', () => {
    const a = tg.tensor([2], { requiresGrad: true });
    const b = tg.tensor([5], { requiresGrad: true });
    const [s, p] = SumProd.apply(a, b);
    expect(vals(s!)).toEqual([7]);
    expect(vals(p!)).toEqual([10]);
    expect(s!.gradFn).toBe(p!.gradFn);
    s!.mul(3).add(p!).sum().backward();
    expect(vals(a.grad)).toEqual([3 + 5]);
    expect(vals(b.grad)).toEqual([3 + 2]);
  });

  it('gives zeros to the backward for an output that was not used', () => {
    const a = tg.tensor([2], { requiresGrad: true });
    const b = tg.tensor([5], { requiresGrad: true });
    const [, p] = SumProd.apply(a, b);
    p!.sum().backward();
    expect(vals(a.grad)).toEqual([5]);
    expect(vals(b.grad)).toEqual([2]);
  });

  it('needsInputGrad tells which arguments need a gradient', () => {
    let seen: readonly boolean[] = [];
    class Probe extends tg.autograd.Function {
      forward(ctx: Ctx, a: tg.Tensor, b: tg.Tensor, _k: number): tg.Tensor {
        seen = ctx.needsInputGrad;
        return a.add(b);
      }
      backward(ctx: Ctx, g: tg.Tensor): (tg.Tensor | null)[] {
        return [ctx.needsInputGrad[0] ? g : null, ctx.needsInputGrad[1] ? g : null, null];
      }
    }
    const a = tg.ones([2], { requiresGrad: true });
    const b = tg.ones([2]);
    Probe.apply(a, b, 3).sum().backward();
    expect(seen).toEqual([true, false, false]);
    expect(vals(a.grad)).toEqual([1, 1]);
    expect(b.grad).toBeNull();
  });

  it('records nothing when no input requires grad or under noGrad', () => {
    const y = Cube.apply(tg.tensor([2]));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const x = tg.tensor([2], { requiresGrad: true });
    const z = tg.noGrad(() => Cube.apply(x));
    expect(z.requiresGrad).toBe(false);
  });

  it('sums the custom gradient with other paths (diamond through a Function)', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    Cube.apply(x).add(x.mul(5)).sum().backward();
    expect(vals(x.grad)).toEqual([12 + 5]);
  });

  it('the engine sums broadcast gradients returned by a custom backward', () => {
    class AddRow extends tg.autograd.Function {
      forward(_ctx: Ctx, m: tg.Tensor, row: tg.Tensor): tg.Tensor {
        return m.add(row);
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor[] {
        return [g, g]; // g has m's shape; the engine reduces it for row
      }
    }
    const m = tg.ones([3, 2], { requiresGrad: true });
    const row = tg.ones([2], { requiresGrad: true });
    AddRow.apply(m, row).sum().backward();
    expect(row.grad!.shape).toEqual([2]);
    expect(vals(row.grad)).toEqual([3, 3]);
  });

  it('supports second-order gradients when the backward uses differentiable ops', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const [g] = tg.autograd.grad(Cube.apply(x).sum(), x, { createGraph: true });
    expect(vals(g!)).toEqual([12]);
    expect(g!.requiresGrad).toBe(true);
    const [h] = tg.autograd.grad(g!.sum(), x);
    expect(vals(h!)).toEqual([12]); // 6x
  });

  it('passes gradcheck and gradgradcheck', () => {
    const x = tg.tensor([0.3, -1.2, 2], { dtype: 'float64', requiresGrad: true });
    expect(tg.autograd.gradcheck((t) => Cube.apply(t), [x])).toBe(true);
    expect(tg.autograd.gradgradcheck((t) => Cube.apply(t), [x])).toBe(true);
  });

  it('a wrong custom backward is caught by gradcheck', () => {
    class Wrong extends tg.autograd.Function {
      forward(_ctx: Ctx, x: tg.Tensor): tg.Tensor {
        return x.square();
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor {
        return g.mul(3);
      }
    }
    const x = tg.tensor([0.5, 1], { dtype: 'float64', requiresGrad: true });
    expect(() => tg.autograd.gradcheck((t) => Wrong.apply(t), [x])).toThrow(/Jacobian mismatch/);
    expect(tg.autograd.gradcheck((t) => Wrong.apply(t), [x], { raiseException: false })).toBe(false);
  });

  it('modifying a saved tensor in place before backward throws, naming the function', () => {
    const x = tg.tensor([2], { requiresGrad: true });
    const y = Cube.apply(x);
    tg.noGrad(() => x.add_(1));
    expect(() => y.sum().backward()).toThrow(tg.AutogradError);
    expect(() => y.sum().backward()).toThrow(/CubeBackward: a tensor needed for gradient computation was modified by an in-place operation/);
  });

  it('a backward returning the wrong number of gradients is reported', () => {
    class TooFew extends tg.autograd.Function {
      forward(_ctx: Ctx, a: tg.Tensor, b: tg.Tensor): tg.Tensor {
        return a.add(b);
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor {
        return g;
      }
    }
    const a = tg.ones([1], { requiresGrad: true });
    const b = tg.ones([1], { requiresGrad: true });
    expect(() => TooFew.apply(a, b).sum().backward()).toThrow(/TooFewBackward: backward returned 1 gradients for 2 forward arguments/);
  });

  it('a backward returning a gradient of the wrong shape is reported', () => {
    class BadShape extends tg.autograd.Function {
      forward(_ctx: Ctx, x: tg.Tensor): tg.Tensor {
        return x.mul(2);
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor {
        return g.sum(0, true).expand([5, 3]);
      }
    }
    const x = tg.ones([2, 3], { requiresGrad: true });
    expect(() => BadShape.apply(x).sum().backward()).toThrow(/BadShapeBackward: backward returned a gradient of shape \[5,3\] for input 0, which has shape \[2,3\]/);
  });

  it('outputs are new tensors even when forward returns an input', () => {
    class Identity extends tg.autograd.Function {
      forward(_ctx: Ctx, x: tg.Tensor): tg.Tensor {
        return x;
      }
      backward(_ctx: Ctx, g: tg.Tensor): tg.Tensor {
        return g.mul(7);
      }
    }
    const x = tg.ones([2], { requiresGrad: true });
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([7, 7]);
  });
});
