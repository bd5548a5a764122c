/**
 * @file nn layers beyond fixed values: PyTorch's default initialisation (bounds and statistics
 * from PyTorch's formulas, not its random streams), Dropout in train/eval, gradcheck through
 * every layer in float64 with the parameters as inputs, and the errors for bad arguments.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from '../../src/nn/activation.js';
import { Conv1d, Conv2d, ConvTranspose2d } from '../../src/nn/conv.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { Bilinear, Linear, pyFloat } from '../../src/nn/linear.js';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from '../../src/nn/normalization.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from '../../src/nn/pooling.js';

const vals = (t: Tensor): number[] => Array.from(t.dataSync(), Number);
const stats = (v: number[]): { min: number; max: number; mean: number; variance: number } => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { min: Math.min(...v), max: Math.max(...v), mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length };
};

/** Asserts `v` looks like U(-bound, bound): inside the bounds, reaching near them, mean 0 and variance bound²/3. */
function expectUniform(what: string, v: number[], bound: number): void {
  const s = stats(v);
  expect(s.max, what).toBeLessThanOrEqual(bound);
  expect(s.min, what).toBeGreaterThanOrEqual(-bound);
  expect(s.max, what).toBeGreaterThan(bound * (1 - 20 / v.length));
  expect(s.min, what).toBeLessThan(-bound * (1 - 20 / v.length));
  expect(Math.abs(s.mean), what).toBeLessThan((4 * bound) / Math.sqrt(3 * v.length));
  expect(Math.abs(s.variance / (bound * bound / 3) - 1), what).toBeLessThan(0.1);
}

describe('default initialisation follows PyTorch', () => {
  it('Linear: weight and bias from U(±1/√inFeatures) (kaiming_uniform with a=√5)', () => {
    tg.manualSeed(1);
    const m = new Linear(200, 100);
    expectUniform('weight', vals(m.weight), 1 / Math.sqrt(200));
    const big = new Linear(50, 2000);
    expectUniform('bias', vals(big.bias!), 1 / Math.sqrt(50));
    expect(m.weight.dtype).toBe('float32');
    expect(new Linear(3, 2, { dtype: 'float64' }).weight.dtype).toBe('float64');
  });

  it('Conv2d / Conv1d: fanIn = inChannels/groups · prod(kernel)', () => {
    tg.manualSeed(2);
    const c = new Conv2d(8, 400, [3, 2], { groups: 2 }); // weight [400, 4, 3, 2], fanIn 24
    expect(c.weight.shape).toEqual([400, 4, 3, 2]);
    expectUniform('conv2d weight', vals(c.weight), 1 / Math.sqrt(24));
    const c2 = new Conv2d(2, 3000, 2); // fanIn 8
    expectUniform('conv2d bias', vals(c2.bias!), 1 / Math.sqrt(8));
    const c1 = new Conv1d(6, 1000, 5); // weight [1000, 6, 5], fanIn 30
    expectUniform('conv1d weight', vals(c1.weight), 1 / Math.sqrt(30));
  });

  it('ConvTranspose2d: weight [in, out/groups, kh, kw] and fanIn = weight.shape[1] · kh · kw', () => {
    tg.manualSeed(3);
    const c = new ConvTranspose2d(500, 6, 3, { groups: 2 }); // weight [500, 3, 3, 3], fanIn 27
    expect(c.weight.shape).toEqual([500, 3, 3, 3]);
    expectUniform('weight', vals(c.weight), 1 / Math.sqrt(27));
    const b = new ConvTranspose2d(3, 3000, 2); // weight [3, 3000, 2, 2], fanIn 12000
    expectUniform('bias', vals(b.bias!), 1 / Math.sqrt(12000));
  });

  it('Bilinear: weight and bias from U(±1/√in1Features)', () => {
    tg.manualSeed(4);
    const m = new Bilinear(5, 30, 200);
    expect(m.weight.shape).toEqual([200, 5, 30]);
    expectUniform('weight', vals(m.weight), 1 / Math.sqrt(5));
    expectUniform('bias', vals(new Bilinear(9, 2, 3000).bias!), 1 / 3);
  });

  it('Embedding: N(0, 1) with the padding row zeroed', () => {
    tg.manualSeed(5);
    const e = new Embedding(1000, 20, { paddingIdx: 7 });
    expect(vals(e.weight.select(0, 7))).toEqual(Array(20).fill(0));
    const s = stats(vals(e.weight));
    expect(Math.abs(s.mean)).toBeLessThan(0.03);
    expect(Math.abs(s.variance - 1)).toBeLessThan(0.05);
    expect(e.paddingIdx).toBe(7);
    expect(new Embedding(10, 2, { paddingIdx: -1 }).paddingIdx).toBe(9);
  });

  it('BatchNorm and LayerNorm: weight ones, bias zeros, running mean 0, variance 1, num_batches_tracked int32 0-d', () => {
    const bn = new BatchNorm2d(3);
    expect(vals(bn.weight!)).toEqual([1, 1, 1]);
    expect(vals(bn.bias!)).toEqual([0, 0, 0]);
    expect(vals(bn.runningMean!)).toEqual([0, 0, 0]);
    expect(vals(bn.runningVar!)).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.shape).toEqual([]);
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
    const ln = new LayerNorm([2, 3]);
    expect(ln.weight!.shape).toEqual([2, 3]);
    expect(vals(ln.weight!)).toEqual(Array(6).fill(1));
    expect(vals(ln.bias!)).toEqual(Array(6).fill(0));
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
  });

  it('BatchNorm: counts batches, resets running stats, uses batch stats without tracking', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    bn.forward(tg.randn([4, 2], { dtype: 'float64' }));
    bn.forward(tg.randn([4, 2], { dtype: 'float64' }));
    expect(bn.numBatchesTracked!.item()).toBe(2);
    bn.eval().forward(tg.randn([4, 2], { dtype: 'float64' }));
    expect(bn.numBatchesTracked!.item()).toBe(2);
    bn.resetRunningStats();
    expect([bn.numBatchesTracked!.item(), ...vals(bn.runningMean!), ...vals(bn.runningVar!)]).toEqual([0, 0, 0, 1, 1]);
    const free = new BatchNorm1d(2, { trackRunningStats: false, dtype: 'float64' }).eval();
    expect(Object.keys(free.stateDict())).toEqual(['weight', 'bias']);
    const y = free.forward(tg.tensor([[1, 10], [3, 30]], { dtype: 'float64' }));
    expect(vals(y).map((v) => Math.round(v * 1e3) / 1e3)).toEqual([-1, -1, 1, 1]);
  });

  it('Python float formatting of extra_repr values', () => {
    expect([1e-5, 0.1, 1, 1e-3, 1e16, 1.5e-7, 123.25, 0.0001].map(pyFloat)).toEqual(['1e-05', '0.1', '1.0', '0.001', '1e+16', '1.5e-07', '123.25', '0.0001']);
  });
});

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1-p) while training; identity in eval', () => {
    tg.manualSeed(6);
    const drop = new Dropout(0.3);
    const x = tg.ones([10000], { dtype: 'float64' });
    const v = vals(drop.forward(x));
    const zeros = v.filter((e) => e === 0).length;
    expect(v.every((e) => e === 0 || Math.abs(e - 1 / 0.7) < 1e-12)).toBe(true);
    expect(Math.abs(zeros / v.length - 0.3)).toBeLessThan(0.02);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(vals(new Dropout(1).forward(tg.ones([3])))).toEqual([0, 0, 0]);
  });

  it('passes gradients through the same mask and follows the generator', () => {
    const g1 = new tg.Generator(7), g2 = new tg.Generator(7);
    const x = tg.ones([50], { dtype: 'float64', requiresGrad: true });
    const y = new Dropout(0.5, { generator: g1 }).forward(x);
    y.sum().backward();
    expect(vals(x.grad!)).toEqual(vals(y));
    expect(vals(new Dropout(0.5, { generator: g2 }).forward(tg.ones([50], { dtype: 'float64' })))).toEqual(vals(y));
  });
});

/**
 * gradcheck of `m.forward` with the inputs and the module's own parameters as checked inputs:
 * the parameters are swapped for gradcheck's tensors during each call (PyTorch's
 * `functional_call`), then restored.
 */
function gradcheckModule(m: Module, inputs: Tensor[]): boolean {
  const params = m.namedParameters({ recurse: false });
  const names = params.map(([n]) => n);
  const paramInputs = params.map(([, p]) => p.detach().clone().requiresGrad_());
  const fn = (...all: Tensor[]): Tensor => {
    const saved = names.map((n) => Reflect.get(m, n) as unknown);
    names.forEach((n, i) => Reflect.set(m, n, all[inputs.length + i]));
    try {
      const out = m.forward(...all.slice(0, inputs.length));
      if (!(out instanceof tg.Tensor)) throw new Error('forward must return a tensor');
      return out;
    } finally {
      names.forEach((n, i) => Reflect.set(m, n, saved[i]));
    }
  };
  return tg.autograd.gradcheck(fn, [...inputs, ...paramInputs]);
}

describe('gradcheck through every layer (float64, parameters as inputs)', () => {
  const x = (...shape: number[]): Tensor => tg.randn(shape, { dtype: 'float64', requiresGrad: true });
  const d = { dtype: 'float64' } as const;
  const cases: [string, () => Module, () => Tensor[]][] = [
    ['Linear', () => new Linear(3, 2, d), () => [x(2, 3)]],
    ['Bilinear', () => new Bilinear(2, 3, 2, d), () => [x(2, 2), x(2, 3)]],
    ['Conv1d', () => new Conv1d(2, 2, 3, { padding: 1, stride: 2, ...d }), () => [x(1, 2, 5)]],
    ['Conv2d', () => new Conv2d(2, 2, 2, { padding: 'same', ...d }), () => [x(1, 2, 3, 3)]],
    ['Conv2d groups', () => new Conv2d(2, 4, [2, 1], { groups: 2, stride: [1, 2], ...d }), () => [x(1, 2, 3, 3)]],
    ['ConvTranspose2d', () => new ConvTranspose2d(2, 2, 2, { stride: 2, ...d }), () => [x(1, 2, 2, 2)]],
    ['MaxPool2d', () => new MaxPool2d(2, { stride: 1 }), () => [x(1, 2, 3, 3)]],
    ['AvgPool2d', () => new AvgPool2d(2, { padding: 1 }), () => [x(1, 2, 3, 3)]],
    ['AdaptiveAvgPool2d', () => new AdaptiveAvgPool2d([2, 3]), () => [x(1, 2, 3, 4)]],
    ['BatchNorm1d (train)', () => new BatchNorm1d(2, d), () => [x(4, 2)]],
    ['BatchNorm2d (train)', () => new BatchNorm2d(2, d), () => [x(2, 2, 2, 2)]],
    ['BatchNorm2d (eval)', () => new BatchNorm2d(2, d).eval(), () => [x(2, 2, 2, 2)]],
    ['LayerNorm', () => new LayerNorm([2, 3], d), () => [x(2, 2, 3)]],
    ['Embedding (no padding_idx: that row gets no gradient by design)', () => new Embedding(4, 3, d), () => [tg.tensor([[0, 1, 3], [3, 3, 2]], { dtype: 'int32' })]],
    ['Dropout (eval)', () => new Dropout(0.5).eval(), () => [x(3, 2)]],
    ['ReLU', () => new ReLU(), () => [x(2, 3)]],
    ['LeakyReLU', () => new LeakyReLU(0.2), () => [x(2, 3)]],
    ['ELU', () => new ELU(0.5), () => [x(2, 3)]],
    ['GELU', () => new GELU(), () => [x(2, 3)]],
    ['GELU tanh', () => new GELU({ approximate: 'tanh' }), () => [x(2, 3)]],
    ['SiLU', () => new SiLU(), () => [x(2, 3)]],
    ['Sigmoid', () => new Sigmoid(), () => [x(2, 3)]],
    ['Tanh', () => new Tanh(), () => [x(2, 3)]],
    ['Softplus', () => new Softplus({ beta: 2 }), () => [x(2, 3)]],
    ['Softmax', () => new Softmax(1), () => [x(2, 3)]],
    ['LogSoftmax', () => new LogSoftmax(0), () => [x(2, 3)]],
  ];
  for (const [name, build, inputs] of cases) {
    it(name, () => {
      tg.manualSeed(11);
      const m = build();
      if (m instanceof BatchNorm2d && !m.training) {
        tg.noGrad(() => {
          m.runningMean!.copy_(tg.tensor([0.3, -0.2], { dtype: 'float64' }));
          m.runningVar!.copy_(tg.tensor([0.5, 2], { dtype: 'float64' }));
        });
      }
      expect(gradcheckModule(m, inputs())).toBe(true);
    });
  }

  it('Dropout (train) with a fixed mask: the gradient is the mask scaled', () => {
    const mk = (): Module => new Dropout(0.4, { generator: new tg.Generator(3) });
    expect(tg.autograd.gradcheck((a) => mk().forward(a) as Tensor, [x(3, 4)])).toBe(true);
  });
});

describe('errors', () => {
  it('convolutions: wrong input channels or rank, bad groups, padding and padding mode', () => {
    expect(() => new Conv2d(3, 8, 3).forward(tg.zeros([1, 4, 8, 8]))).toThrow(/Conv2d: expected input \[N, 3, H, W\].*got \[1,4,8,8\]/);
    expect(() => new Conv2d(3, 8, 3).forward(tg.zeros([3, 8]))).toThrow(/Conv2d: expected input/);
    expect(() => new Conv1d(2, 4, 3).forward(tg.zeros([1, 3, 8]))).toThrow(/Conv1d: expected input \[N, 2, L\]/);
    expect(() => new ConvTranspose2d(2, 4, 3).forward(tg.zeros([1, 3, 4, 4]))).toThrow(/ConvTranspose2d: expected input \[N, 2, H, W\]/);
    expect(() => new Conv2d(3, 8, 3, { groups: 2 })).toThrow(/in_channels \(3\) must be divisible by groups \(2\)/);
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow(/out_channels \(6\) must be divisible by groups \(4\)/);
    expect(() => new Conv2d(3, 8, 3, { padding: 'same', stride: 2 })).toThrow(/padding='same' is not supported for strided convolutions/);
    // @ts-expect-error: an invalid padding string
    expect(() => new Conv2d(3, 8, 3, { padding: 'full' })).toThrow(/invalid padding string 'full'/);
    // @ts-expect-error: only 'zeros' padding
    expect(() => new Conv2d(3, 8, 3, { paddingMode: 'reflect' })).toThrow(/padding_mode 'reflect' is not supported/);
  });

  it('Linear, Bilinear, LayerNorm: wrong feature sizes name the shapes', () => {
    expect(() => new Linear(6, 8).forward(tg.zeros([2, 5]))).toThrow(/linear: input \[2,5\] must end in inFeatures = 6/);
    expect(() => new Bilinear(2, 3, 4).forward(tg.zeros([5, 2]), tg.zeros([5, 2]))).toThrow(/bilinear/);
    expect(() => new LayerNorm(4).forward(tg.zeros([2, 5]))).toThrow(/layerNorm: normalizedShape \[4\]/);
  });

  it('BatchNorm: wrong rank or channels; one value per channel while training', () => {
    expect(() => new BatchNorm2d(3).forward(tg.zeros([2, 3, 4]))).toThrow(/BatchNorm2d: expected 4D input.*got 3D input/);
    expect(() => new BatchNorm1d(3).forward(tg.zeros([2, 3, 4, 5]))).toThrow(/BatchNorm1d: expected 2D or 3D input/);
    expect(() => new BatchNorm2d(3).forward(tg.zeros([2, 4, 2, 2]))).toThrow(/C = num_features = 3, got \[2,4,2,2\]/);
    expect(() => new BatchNorm1d(3).forward(tg.zeros([1, 3]))).toThrow(/more than 1 value per channel/);
    expect(() => new BatchNorm1d(0)).toThrow(/numFeatures must be a positive integer/);
  });

  it('Embedding, Dropout, pooling and activations: bad arguments', () => {
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(/padding_idx must be within num_embeddings/);
    expect(() => new Embedding(5, 2).forward(tg.tensor([5], { dtype: 'int32' }))).toThrow(/index 5 is out of range/);
    expect(() => new Embedding(5, 2).forward(tg.tensor([1]))).toThrow(/indices must be an int32 tensor/);
    expect(() => new Dropout(1.5)).toThrow(/dropout probability has to be between 0 and 1, but got 1.5/);
    expect(() => new MaxPool2d(3, { padding: 2 }).forward(tg.zeros([1, 1, 5, 5]))).toThrow(/padding 2 should be at most half of the kernel size 3/);
    expect(() => new AvgPool2d(2).forward(tg.zeros([5, 5]))).toThrow(/avgPool2d: expected a 4-d input/);
    // @ts-expect-error: an invalid approximation
    expect(() => new GELU({ approximate: 'fast' })).toThrow(/approximate must be 'none' or 'tanh'/);
  });

  it('Embedding.fromPretrained shares the values and freezes by default', () => {
    const w = tg.tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    const e = Embedding.fromPretrained(w);
    expect(e.weight.requiresGrad).toBe(false);
    expect(vals(e.forward(tg.tensor([1, 0], { dtype: 'int32' })))).toEqual([3, 4, 1, 2]);
    expect(Embedding.fromPretrained(w, { freeze: false }).weight.requiresGrad).toBe(true);
    expect(String(e)).toBe('Embedding(2, 2)');
    expect(Object.keys(e.stateDict())).toEqual(['weight']);
  });
});
