/**
 * @file `nn.Parameter` and `nn.Module`: discovery of parameters, buffers and children from
 * fields, the tree walks, train/eval, zeroGrad, requiresGrad_, apply, to(dtype) and toString.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { vals } from '../helpers/values.js';

/** A tiny linear layer written the way layers are: fields, init, forward, extraRepr. */
class Lin extends nn.Module {
  weight: nn.Parameter;
  bias: nn.Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, bias = true) {
    super();
    this.weight = new nn.Parameter(tg.randn([outFeatures, inFeatures]));
    this.bias = bias ? new nn.Parameter(tg.zeros([outFeatures])) : null;
  }
  override forward(x: tg.Tensor): tg.Tensor {
    const y = x.matmul(this.weight.transpose(0, 1));
    return this.bias === null ? y : y.add(this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}

class Norm extends nn.Module {
  weight = new nn.Parameter(tg.ones([3]));
  runningMean: tg.Tensor;
  constructor() {
    super();
    this.runningMean = this.registerBuffer('running_mean', tg.zeros([3]));
    this.registerBuffer('num_batches_tracked', tg.zeros([], { dtype: 'int32' }));
    this.registerBuffer('scratch', tg.zeros([3]), { persistent: false });
  }
}

class Net extends nn.Module {
  fc1 = new Lin(6, 8);
  norm = new Norm();
  blocks = [new Lin(8, 8), new Lin(8, 8, false)];
  head = new nn.Sequential(new Lin(8, 4), new nn.Flatten());
  scale = new nn.Parameter(tg.ones([1]));
  notAParam = tg.ones([2], { requiresGrad: true });
  hidden = 3;
  override forward(x: tg.Tensor): tg.Tensor {
    let h = this.fc1.forward(x);
    for (const b of this.blocks) h = b.forward(h).relu();
    return this.head.forward(h).mul(this.scale);
  }
}

describe('nn.Parameter', () => {
  it('is a Tensor subclass sharing storage with its data, a leaf that requires grad', () => {
    const data = tg.tensor([1, 2, 3]);
    const p = new nn.Parameter(data);
    expect(p).toBeInstanceOf(nn.Parameter);
    expect(p).toBeInstanceOf(tg.Tensor);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(p.storage).toBe(data.storage);
    expect(p.shape).toEqual([3]);
  });

  it('is cut from the graph of its data; ops on it return plain tensors', () => {
    const x = tg.ones([2], { requiresGrad: true });
    const p = new nn.Parameter(x.mul(2));
    expect(p.isLeaf).toBe(true);
    const y = p.mul(3);
    expect(y).not.toBeInstanceOf(nn.Parameter);
    y.sum().backward();
    expect(vals(p.grad)).toEqual([3, 3]);
    expect(x.grad).toBeNull();
  });

  it('supports requiresGrad = false, integer data only then, and an empty default', () => {
    expect(new nn.Parameter(tg.ones([2]), false).requiresGrad).toBe(false);
    expect(new nn.Parameter(tg.arange(3), false).dtype).toBe('int32');
    expect(() => new nn.Parameter(tg.arange(3))).toThrow(tg.DTypeError);
    expect(new nn.Parameter().shape).toEqual([0]);
  });

  it('prints as PyTorch does', () => {
    expect(String(new nn.Parameter(tg.tensor([1, 2])))).toBe('Parameter containing:\ntensor([1., 2.], requiresGrad=true)');
  });
});

describe('nn.Module discovery', () => {
  it('finds parameters from fields in insertion order with dotted names, arrays expanded', () => {
    const names = new Net().namedParameters().map(([n]) => n);
    expect(names).toEqual([
      'scale', 'fc1.weight', 'fc1.bias', 'norm.weight', 'blocks.0.weight', 'blocks.0.bias',
      'blocks.1.weight', 'head.0.weight', 'head.0.bias',
    ]);
    const net = new Net();
    expect(net.parameters()[1]).toBe(net.fc1.weight);
    expect(net.parameters({ recurse: false })).toEqual([net.scale]);
    expect(net.namedParameters({ prefix: 'model' })[0]![0]).toBe('model.scale');
  });

  it('finds children and modules (depth-first, this module first)', () => {
    const net = new Net();
    expect(net.namedChildren().map(([n]) => n)).toEqual(['fc1', 'norm', 'blocks.0', 'blocks.1', 'head']);
    expect(net.children()[0]).toBe(net.fc1);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'fc1', 'norm', 'blocks.0', 'blocks.1', 'head', 'head.0', 'head.1']);
    expect(net.modules()[0]).toBe(net);
  });

  it('lists buffers (non-persistent included) but never plain tensor fields', () => {
    const net = new Net();
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['norm.running_mean', 'norm.num_batches_tracked', 'norm.scratch']);
    expect(net.buffers()[0]).toBe(net.norm.runningMean);
    expect(net.parameters()).not.toContain(net.notAParam);
  });

  it('lists a shared parameter or module once, unless removeDuplicate is false', () => {
    class Tied extends nn.Module {
      a = new Lin(2, 2);
      b = new Lin(2, 2);
      again = this.a;
      constructor() {
        super();
        this.b.weight = this.a.weight;
      }
    }
    const t = new Tied();
    expect(t.namedParameters().map(([n]) => n)).toEqual(['a.weight', 'a.bias', 'b.bias']);
    expect(t.namedParameters({ removeDuplicate: false }).length).toBe(6);
    expect(t.children().length).toBe(2);
    expect(Object.keys(t.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias', 'again.weight', 'again.bias']);
  });

  it('registerParameter / registerModule name members that are not fields, after the fields', () => {
    const m = new nn.Module();
    m.registerParameter('weight_ih_l0', new nn.Parameter(tg.zeros([2])));
    m.registerParameter('bias_ih_l0', null);
    m.registerModule('proj', new Lin(2, 1));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['weight_ih_l0', 'proj.weight', 'proj.bias']);
  });

  it('rejects bad names, taken names and wrong kinds', () => {
    const net = new Net();
    expect(() => net.registerParameter('fc1', new nn.Parameter(tg.zeros([1])))).toThrow(/already exists/);
    expect(() => net.registerBuffer('a.b', tg.zeros([1]))).toThrow(/without '\.'/);
    expect(() => net.registerBuffer('', tg.zeros([1]))).toThrow(tg.TensorError);
    net.registerBuffer('x', tg.zeros([1]));
    expect(() => net.registerParameter('x', new nn.Parameter(tg.zeros([1])))).toThrow(/already exists/);
    // A plain tensor has Parameter's type (a subclass adding no members) but is rejected at run time.
    expect(() => net.registerParameter('y', tg.zeros([1]))).toThrow(/nn\.Parameter/);
  });

  it('throws a clear error on a module that contains itself', () => {
    class Loop extends nn.Module {
      self: nn.Module = this;
    }
    const loop = new Loop();
    expect(loop.namedModules()).toEqual([['', loop]]);
    expect(() => loop.namedModules({ removeDuplicate: false })).toThrow(/cycles/);
    expect(() => loop.stateDict()).toThrow(/cycles/);
    expect(() => loop.train()).toThrow(/cycles/);
    expect(() => loop.apply(() => {})).toThrow(/cycles/);
    expect(() => String(loop)).toThrow(/cycles/);
    expect(loop.training).toBe(true);
  });

  it('the base forward throws', () => {
    expect(() => new nn.Module().forward()).toThrow(/forward/);
  });
});

describe('nn.Module modes, gradients and conversion', () => {
  it('train / eval set the mode on the whole tree and return this', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.head.train(false);
    expect([net.training, net.head.at(1).training]).toEqual([true, false]);
  });

  it('zeroGrad sets grads to null or zero-fills them in place', () => {
    const net = new Net();
    net.forward(tg.randn([2, 6])).sum().backward();
    expect(net.fc1.parameters().every((p) => p.grad !== null)).toBe(true);
    const g = net.fc1.weight.grad!;
    net.zeroGrad({ setToNone: false });
    expect(net.fc1.weight.grad).toBe(g);
    expect(vals(g).every((v) => v === 0)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('requiresGrad_ freezes and unfreezes every parameter', () => {
    const net = new Net();
    net.fc1.requiresGrad_(false);
    expect(net.parameters().filter((p) => !p.requiresGrad).length).toBe(2);
    net.requiresGrad_();
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('apply visits children before the module itself', () => {
    const seen: string[] = [];
    const seq = new nn.Sequential(new Lin(1, 1), new nn.Sequential(new nn.Identity()));
    expect(seq.apply((m) => seen.push(m.constructor.name))).toBe(seq);
    expect(seen).toEqual(['Lin', 'Identity', 'Sequential', 'Sequential']);
  });

  it('to(dtype) converts float parameters, grads and float buffers in place of the same objects', () => {
    const net = new Net();
    net.forward(tg.randn([2, 6])).sum().backward();
    const w = net.fc1.weight;
    const before = vals(w);
    const mean = net.norm.runningMean;
    expect(net.to('float64')).toBe(net);
    expect(net.fc1.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w.grad!.dtype).toBe('float64');
    expect(w.requiresGrad && w.isLeaf).toBe(true);
    vals(w).forEach((v, i) => expect(v).toBeCloseTo(before[i]!, 6));
    expect(net.norm.runningMean).toBe(mean);
    expect(mean.dtype).toBe('float64');
    expect(net.stateDict()['norm.num_batches_tracked']!.dtype).toBe('int32');
    expect(net.forward(tg.randn([2, 6], { dtype: 'float64' })).dtype).toBe('float64');
    expect(net.float().scale.dtype).toBe('float32');
    expect(net.double().scale.dtype).toBe('float64');
    expect(net.to('cpu')).toBe(net);
    expect(() => net.to('int32')).toThrow(tg.DTypeError);
  });

  it('training through the discovered parameters works end to end', () => {
    tg.manualSeed(0);
    const net = new nn.Sequential(new Lin(3, 1));
    const x = tg.randn([16, 3]);
    const y = x.matmul(tg.tensor([[1], [-2], [0.5]]));
    const loss = (): number => net.forward(x).sub(y).square().mean().item();
    const first = loss();
    for (let i = 0; i < 50; i++) {
      net.zeroGrad();
      net.forward(x).sub(y).square().mean().backward();
      tg.noGrad(() => net.parameters().forEach((p) => p.sub_(p.grad!.mul(0.1))));
    }
    expect(loss()).toBeLessThan(first / 10);
  });
});

describe('nn.Module toString', () => {
  it('prints like PyTorch, children indented, extraRepr inline', () => {
    const net = new nn.Sequential(new Lin(6, 8), new nn.Sequential(new Lin(8, 2, false)), new nn.Identity());
    expect(String(net)).toBe(
      'Sequential(\n' +
        '  (0): Lin(in_features=6, out_features=8, bias=True)\n' +
        '  (1): Sequential(\n' +
        '    (0): Lin(in_features=8, out_features=2, bias=False)\n' +
        '  )\n' +
        '  (2): Identity()\n' +
        ')',
    );
  });

  it('puts a multi-line extraRepr or extra text with children on their own lines', () => {
    class Both extends nn.Module {
      inner = new nn.Identity();
      override extraRepr(): string {
        return 'k=1';
      }
    }
    expect(String(new Both())).toBe('Both(\n  k=1\n  (inner): Identity()\n)');
    expect(String(new nn.Module())).toBe('Module()');
  });
});
