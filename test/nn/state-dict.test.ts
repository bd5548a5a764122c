/**
 * @file `stateDict` / `loadStateDict`: PyTorch's keys and order, detached values, and loading
 * that checks every key, shape and dtype first and changes nothing when anything is wrong.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { vals } from '../helpers/values.js';

class Affine extends nn.Module {
  weight: nn.Parameter;
  bias: nn.Parameter;
  constructor(inF: number, outF: number) {
    super();
    this.weight = new nn.Parameter(tg.randn([outF, inF]));
    this.bias = new nn.Parameter(tg.randn([outF]));
  }
}

class BN extends nn.Module {
  weight = new nn.Parameter(tg.ones([4]));
  bias = new nn.Parameter(tg.zeros([4]));
  constructor() {
    super();
    this.registerBuffer('running_mean', tg.zeros([4]));
    this.registerBuffer('running_var', tg.ones([4]));
    this.registerBuffer('num_batches_tracked', tg.zeros([], { dtype: 'int32' }));
    this.registerBuffer('cache', tg.zeros([4]), { persistent: false });
  }
}

class Net extends nn.Module {
  fc1 = new Affine(6, 4);
  bn = new BN();
  fc2 = new Affine(4, 2);
}

/** Every value of a module's state, to compare before and after a failed load. */
const snapshot = (m: nn.Module): number[][] => Object.values(m.stateDict()).map((t) => vals(t));

describe('stateDict', () => {
  it('has PyTorch keys in PyTorch order: each module its params, then its persistent buffers, then children', () => {
    expect(Object.keys(new Net().stateDict())).toEqual([
      'fc1.weight', 'fc1.bias',
      'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked',
      'fc2.weight', 'fc2.bias',
    ]);
    expect(Object.keys(new nn.Sequential(new Affine(1, 1)).stateDict())).toEqual(['0.weight', '0.bias']);
  });

  it('values are detached tensors sharing storage; keepVars gives the tensors themselves', () => {
    const net = new Net();
    const sd = net.stateDict();
    expect(sd['fc1.weight']).not.toBe(net.fc1.weight);
    expect(sd['fc1.weight']!.requiresGrad).toBe(false);
    expect(sd['fc1.weight']!.storage).toBe(net.fc1.weight.storage);
    expect(net.stateDict({ keepVars: true })['fc1.weight']).toBe(net.fc1.weight);
  });
});

describe('loadStateDict', () => {
  it('copies values into the same parameter and buffer objects (float64 converted)', () => {
    const src = new Net();
    const dst = new Net();
    const w = dst.fc1.weight;
    const sd = src.stateDict();
    sd['bn.num_batches_tracked'] = tg.tensor(7, { dtype: 'int32' });
    sd['fc2.bias'] = sd['fc2.bias']!.double();
    expect(dst.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(dst.fc1.weight).toBe(w);
    expect(w.requiresGrad).toBe(true);
    expect(snapshot(dst)).toEqual(snapshot(src).map((v, i) => (i === 6 ? [7] : v)));
    expect(dst.fc2.bias.dtype).toBe('float32');
    // The loaded values are copies: changing the source later does not reach the module.
    tg.noGrad(() => src.fc1.weight.fill_(0));
    expect(vals(dst.fc1.weight).some((v) => v !== 0)).toBe(true);
  });

  it('accepts a Map and its own state dict', () => {
    const net = new Net();
    const before = snapshot(net);
    net.loadStateDict(new Map(Object.entries(net.stateDict())));
    net.loadStateDict(net.stateDict({ keepVars: true }));
    expect(snapshot(net)).toEqual(before);
  });

  it('reports missing, unexpected, mis-shaped and mis-typed keys together and changes nothing', () => {
    const net = new Net();
    const before = snapshot(net);
    const sd = new Net().stateDict();
    delete sd['fc2.weight'];
    delete sd['bn.running_var'];
    sd['fc3.weight'] = tg.ones([1]);
    sd['fc1.weight'] = tg.ones([3, 3]);
    sd['bn.num_batches_tracked'] = tg.tensor(1.5);
    let err: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(nn.LoadStateDictError);
    expect(err).toBeInstanceOf(tg.TensorError);
    const e = err as nn.LoadStateDictError;
    expect(e.missingKeys).toEqual(['bn.running_var', 'fc2.weight']);
    expect(e.unexpectedKeys).toEqual(['fc3.weight']);
    expect(e.mismatches.length).toBe(2);
    expect(e.message).toContain('Error(s) in loading state_dict for Net');
    expect(e.message).toContain('Missing key(s) in state_dict: "bn.running_var", "fc2.weight".');
    expect(e.message).toContain('Unexpected key(s) in state_dict: "fc3.weight".');
    expect(e.message).toContain('size mismatch for fc1.weight: copying a param with shape [3,3] from checkpoint, the shape in current model is [4,6].');
    expect(e.message).toContain('dtype mismatch for bn.num_batches_tracked');
    expect(snapshot(net)).toEqual(before);
  });

  it('non-strict returns missing and unexpected keys and loads the rest', () => {
    const net = new Net();
    const src = new Net();
    const sd = src.stateDict();
    delete sd['fc2.bias'];
    sd['extra'] = tg.ones([2]);
    const kept = vals(net.fc2.bias);
    expect(net.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['fc2.bias'], unexpectedKeys: ['extra'] });
    expect(vals(net.fc1.weight)).toEqual(vals(src.fc1.weight));
    expect(vals(net.fc2.bias)).toEqual(kept);
  });

  it('non-strict still throws on a shape mismatch, before changing anything', () => {
    const net = new Net();
    const before = snapshot(net);
    const sd = new Net().stateDict();
    sd['fc2.bias'] = tg.ones([5]);
    expect(() => net.loadStateDict(sd, { strict: false })).toThrow(/size mismatch for fc2\.bias/);
    expect(snapshot(net)).toEqual(before);
  });

  it('rejects values that are not tensors', () => {
    const net = new nn.Sequential(new Affine(1, 1));
    const sd: Record<string, tg.Tensor> = net.stateDict();
    Object.assign(sd, { '0.bias': [1] });
    expect(() => net.loadStateDict(sd)).toThrow(/value for 0\.bias: expected a Tensor/);
  });

  it('round-trips between separately built models', () => {
    tg.manualSeed(1);
    const a = new Net();
    const b = new Net();
    b.loadStateDict(a.stateDict());
    const x = tg.randn([3, 6]);
    expect(vals(x.matmul(b.fc1.weight.transpose(0, 1)))).toEqual(vals(x.matmul(a.fc1.weight.transpose(0, 1))));
  });
});
