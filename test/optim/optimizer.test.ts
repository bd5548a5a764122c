/**
 * @file The `Optimizer` base: param groups and their options, zeroGrad, step with a closure,
 * parameters without gradients, state dicts, and the errors for bad options and parameters.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { vals } from '../helpers/values.js';

const param = (values: number[]): tg.Tensor => tg.tensor(values, { dtype: 'float64', requiresGrad: true });

describe('param groups', () => {
  it('a list of tensors is one group with the defaults (PyTorch defaults filled in)', () => {
    const opt = new optim.Adam([param([1])]);
    const { params, ...options } = opt.paramGroups[0]!;
    expect(params.length).toBe(1);
    expect(options).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
    expect(new optim.AdamW([param([1])]).paramGroups[0]!.weightDecay).toBe(0.01);
    expect(new optim.RMSprop([param([1])]).paramGroups[0]).toMatchObject({ lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false });
    expect(new optim.Adagrad([param([1])]).paramGroups[0]).toMatchObject({ lr: 0.01, lrDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 });
    expect(new optim.SGD([param([1])], { lr: 0.1 }).paramGroups[0]).toMatchObject({ momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 });
  });

  it('group options override the defaults; addParamGroup adds a group', () => {
    const [a, b, c] = [param([1]), param([2]), param([3])];
    const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([[0.1, 0.9], [0.01, 0.9]]);
    opt.addParamGroup({ params: [c], momentum: 0 });
    expect(opt.paramGroups[2]).toMatchObject({ lr: 0.1, momentum: 0 });
  });

  it('SGD needs lr in the options or in every group', () => {
    expect(() => new optim.SGD([param([1])])).toThrow(/SGD: param group 0 did not specify .*lr/);
    expect(new optim.SGD([{ params: [param([1])], lr: 0.5 }]).paramGroups[0]!.lr).toBe(0.5);
  });

  it('a parameter without a gradient is skipped (frozen parameters, as in PyTorch)', () => {
    const used = param([1, 2]);
    const frozen = tg.tensor([5, 5], { dtype: 'float64' });
    const opt = new optim.Adam([used, frozen], { lr: 0.1 });
    used.square().sum().backward();
    opt.step();
    expect(vals(frozen)).toEqual([5, 5]);
    expect(opt.state.has(frozen)).toBe(false);
    expect(opt.state.get(used)!.step).toBe(1);
  });

  it('updates in place, keeping parameter identity, and records nothing', () => {
    const w = param([1, 2]);
    const storage = w.storage;
    const opt = new optim.SGD([w], { lr: 0.5, momentum: 0.9 });
    w.sum().backward();
    opt.step();
    expect(w.storage).toBe(storage);
    expect(w.isLeaf).toBe(true);
    expect(vals(w)).toEqual([0.5, 1.5]);
  });
});

describe('zeroGrad and step', () => {
  it('zeroGrad sets null by default (PyTorch 2) and zeroes in place with setToNone: false', () => {
    const w = param([1, 2]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.sum().backward();
    const grad = w.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(grad);
    expect(vals(w.grad)).toEqual([0, 0]);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBeNull();
  });

  it('zeroGrad({ setToNone: false }) detaches a gradient built with createGraph', () => {
    const w = param([1, 2]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.pow(3).sum().backward({ createGraph: true });
    expect(w.grad!.gradFn).not.toBeNull();
    opt.zeroGrad({ setToNone: false });
    expect(w.grad!.gradFn).toBeNull();
    expect(vals(w.grad)).toEqual([0, 0]);
  });

  it('step(closure) evaluates the closure with gradients on (even inside noGrad) and returns its loss', () => {
    const w = param([3]);
    const opt = new optim.SGD([w], { lr: 0.25 });
    const loss = tg.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = w.square().sum();
        l.backward();
        return l;
      }),
    );
    expect(loss!.item()).toBe(9);
    expect(vals(w)).toEqual([1.5]);
    expect(opt.step()).toBeUndefined();
  });

  it('Adagrad creates its state when parameters join (as PyTorch)', () => {
    const w = param([1]);
    const opt = new optim.Adagrad([w], { initialAccumulatorValue: 0.5 });
    expect(vals(opt.state.get(w)!.sum)).toEqual([0.5]);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
  });
});

describe('state dicts', () => {
  it('have PyTorch structure: numbered state and groups with params as numbers', () => {
    const [a, b, c] = [param([1]), param([2, 3]), param([4])];
    const opt = new optim.Adam([{ params: [a, b] }, { params: [c], lr: 0.01 }], { lr: 0.1 });
    b.sum().backward();
    c.sum().backward();
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['1', '2']);
    expect(sd.state[1]!.step).toBe(1);
    expect(sd.state[1]!.expAvg.shape).toEqual([2]);
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0, 1], [2]]);
    expect(sd.paramGroups[1]).toMatchObject({ lr: 0.01, betas: [0.9, 0.999], amsgrad: false });
  });

  it('SGD keeps a null momentum buffer when momentum is 0, as PyTorch', () => {
    const w = param([1]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.sum().backward();
    opt.step();
    expect(opt.stateDict().state[0]).toEqual({ momentumBuffer: null });
  });

  it('loadStateDict restores group options and casts state to the parameter dtype', () => {
    const w = param([1, 2]);
    const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    w.sum().backward();
    opt.step();
    const w32 = tg.tensor([1, 2], { requiresGrad: true });
    const opt2 = new optim.SGD([w32], { lr: 0.5 });
    opt2.loadStateDict(opt.stateDict());
    expect(opt2.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9 });
    expect(opt2.paramGroups[0]!.params[0]).toBe(w32);
    expect(opt2.state.get(w32)!.momentumBuffer!.dtype).toBe('float32');
  });

  it('loadStateDict rejects a different number of groups or group sizes, changing nothing', () => {
    const [a, b] = [param([1]), param([2])];
    const two = new optim.SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    const one = new optim.SGD([param([1]), param([2])], { lr: 0.3 });
    expect(() => one.loadStateDict(two.stateDict())).toThrow(/SGD.loadStateDict: the state dict has 2 parameter groups, the optimizer has 1/);
    const sizes = new optim.SGD([{ params: [param([1]), param([2])] }, { params: [param([3])] }], { lr: 0.3 });
    const other = new optim.SGD([{ params: [param([1])] }, { params: [param([2]), param([3])] }], { lr: 0.1 });
    expect(() => sizes.loadStateDict(other.stateDict())).toThrow(/parameter group 0 has 2 parameters, the saved group has 1/);
    expect(sizes.paramGroups[0]!.lr).toBe(0.3);
  });

  it('loadStateDict rejects state shaped unlike its parameter before changing anything', () => {
    const w = param([1, 2]);
    const opt = new optim.Adam([w], { lr: 0.1 });
    w.sum().backward();
    opt.step();
    const opt2 = new optim.Adam([param([1, 2, 3])], { lr: 0.5 });
    expect(() => opt2.loadStateDict(opt.stateDict())).toThrow(/Adam.loadStateDict: state\[0\]\.expAvg has shape \[2\], its parameter has shape \[3\]/);
    expect(opt2.paramGroups[0]!.lr).toBe(0.5);
    expect(opt2.state.size).toBe(0);
  });
});

describe('errors', () => {
  const p = (): tg.Tensor => param([1]);
  it.each([
    ['SGD lr', () => new optim.SGD([p()], { lr: -0.1 }), /SGD: invalid lr -0.1 in defaults; expected a number >= 0/],
    ['SGD momentum', () => new optim.SGD([p()], { lr: 0.1, momentum: -1 }), /SGD: invalid momentum -1/],
    ['SGD weightDecay', () => new optim.SGD([p()], { lr: 0.1, weightDecay: -1 }), /SGD: invalid weightDecay -1/],
    ['SGD nesterov', () => new optim.SGD([p()], { lr: 0.1, nesterov: true }), /SGD: nesterov .* requires momentum > 0 and dampening 0/],
    ['SGD group lr', () => new optim.SGD([{ params: [p()], lr: -1 }], { lr: 0.1 }), /SGD: invalid lr -1 in param group 0/],
    ['Adam lr', () => new optim.Adam([p()], { lr: -1e-3 }), /Adam: invalid lr -0.001/],
    ['Adam beta1', () => new optim.Adam([p()], { betas: [1, 0.999] }), /Adam: invalid betas\[0\] 1 .*\[0, 1\)/],
    ['Adam beta2', () => new optim.Adam([p()], { betas: [0.9, -0.1] }), /Adam: invalid betas\[1\] -0.1/],
    ['Adam eps', () => new optim.Adam([p()], { eps: -1 }), /Adam: invalid eps -1/],
    ['AdamW weightDecay', () => new optim.AdamW([p()], { weightDecay: -1 }), /AdamW: invalid weightDecay -1/],
    ['RMSprop alpha', () => new optim.RMSprop([p()], { alpha: -1 }), /RMSprop: invalid alpha -1/],
    ['RMSprop momentum', () => new optim.RMSprop([p()], { momentum: -1 }), /RMSprop: invalid momentum -1/],
    ['Adagrad lrDecay', () => new optim.Adagrad([p()], { lrDecay: -1 }), /Adagrad: invalid lrDecay -1/],
    ['Adagrad initialAccumulatorValue', () => new optim.Adagrad([p()], { initialAccumulatorValue: -1 }), /Adagrad: invalid initialAccumulatorValue -1/],
    ['NaN lr', () => new optim.Adam([p()], { lr: NaN }), /Adam: invalid lr NaN/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(tg.TensorError);
    expect(make).toThrow(message);
  });

  it('rejects non-leaf tensors, non-float tensors, empty lists, duplicates and mixed lists', () => {
    const w = param([1]);
    expect(() => new optim.SGD([w.mul(2)], { lr: 0.1 })).toThrow(/SGD: param group 0, params\[0\]: can't optimize a non-leaf tensor \(made by MulBackward\)/);
    expect(() => new optim.Adam([tg.tensor([1, 2], { dtype: 'int32' })])).toThrow(/Adam: .*floating-point tensors, got dtype int32/);
    expect(() => new optim.Adam([])).toThrow(/Adam: got an empty parameter list/);
    expect(() => new optim.Adam([w, w])).toThrow(/Adam: param group 0 contains the same parameter twice/);
    expect(() => new optim.Adam([{ params: [w] }, { params: [w] }])).toThrow(/Adam: some parameters appear in more than one parameter group/);
    // Types forbid mixing; plain JavaScript can still do it.
    const mixed: Array<tg.Tensor | optim.ParamGroupInput> = [w, { params: [param([2])] }];
    expect(() => Reflect.construct(optim.Adam, [mixed])).toThrow(/Adam: params mixes tensors and param groups/);
  });

  it('accepts a non-leaf that retains its gradient, as PyTorch', () => {
    const y = param([1]).mul(2);
    y.retainGrad();
    expect(() => new optim.SGD([y], { lr: 0.1 })).not.toThrow();
  });
});
