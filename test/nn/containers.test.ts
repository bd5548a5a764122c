/**
 * @file Containers (`Sequential`, `ModuleList`, `ModuleDict`) and the simple modules
 * `Identity` and `Flatten`.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { vals } from '../helpers/values.js';

class Scale extends nn.Module {
  factor: nn.Parameter;
  constructor(f: number) {
    super();
    this.factor = new nn.Parameter(tg.tensor([f]));
  }
  override forward(x: tg.Tensor): tg.Tensor {
    return x.mul(this.factor);
  }
  override extraRepr(): string {
    return `factor=${this.factor.item()}`;
  }
}

describe('Sequential', () => {
  it('chains forward and names children 0, 1, …', () => {
    const seq = new nn.Sequential(new Scale(2), new Scale(3), new nn.Flatten({ startDim: 0 }));
    expect(vals(seq.forward(tg.ones([2, 2])))).toEqual([6, 6, 6, 6]);
    expect(seq.length).toBe(3);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.factor', '1.factor']);
    expect(seq.at(-1)).toBeInstanceOf(nn.Flatten);
    expect([...seq].length).toBe(3);
    expect(() => seq.at(3)).toThrow(tg.IndexError);
  });

  it('takes named modules, appends and slices', () => {
    const seq = new nn.Sequential({ first: new Scale(2), second: new Scale(5) });
    expect(Object.keys(seq.stateDict())).toEqual(['first.factor', 'second.factor']);
    seq.append(new nn.Identity());
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['first', 'second', '2']);
    const tail = seq.slice(1);
    expect(tail.namedChildren().map(([n]) => n)).toEqual(['second', '2']);
    expect(tail.at(0)).toBe(seq.at(1));
    expect(vals(tail.forward(tg.ones([1])))).toEqual([5]);
  });

  it('an empty Sequential is the identity; a non-module is rejected', () => {
    const x = tg.ones([2]);
    expect(new nn.Sequential().forward(x)).toBe(x);
    // @ts-expect-error: a number is not a module
    expect(() => new nn.Sequential(new nn.Identity(), 3)).toThrow(/expected an nn\.Module/);
  });
});

describe('ModuleList', () => {
  it('registers its modules for discovery and supports list operations', () => {
    class Stack extends nn.Module {
      layers = new nn.ModuleList([new Scale(1), new Scale(2)]);
      override forward(x: tg.Tensor): tg.Tensor {
        for (const l of this.layers) x = (l as Scale).forward(x);
        return x;
      }
    }
    const s = new Stack();
    s.layers.append(new Scale(3)).insert(0, new Scale(4));
    expect(s.layers.length).toBe(4);
    expect(s.namedParameters().map(([n, p]) => `${n}=${p.item()}`)).toEqual([
      'layers.0.factor=4', 'layers.1.factor=1', 'layers.2.factor=2', 'layers.3.factor=3',
    ]);
    expect(vals(s.forward(tg.ones([1])))).toEqual([24]);
    s.layers.set(-1, new Scale(10)).extend([new nn.Identity()]);
    expect((s.layers.at(3) as Scale).factor.item()).toBe(10);
    expect(s.layers.length).toBe(5);
    expect(() => s.layers.at(5)).toThrow(tg.IndexError);
    expect(() => s.layers.forward(tg.ones([1]))).toThrow(/not implemented/);
  });

  it('prints runs of identical modules folded, as PyTorch does', () => {
    const list = new nn.ModuleList([new Scale(1), new Scale(1), new Scale(1), new Scale(2), new nn.Identity()]);
    expect(String(list)).toBe('ModuleList(\n  (0-2): 3 x Scale(factor=1)\n  (3): Scale(factor=2)\n  (4): Identity()\n)');
    expect(String(new nn.ModuleList())).toBe('ModuleList()');
  });
});

describe('ModuleDict', () => {
  it('maps names to modules in insertion order', () => {
    const d = new nn.ModuleDict({ b: new Scale(1), a: new Scale(2) });
    d.set('c', new Scale(3));
    expect([...d.keys()]).toEqual(['b', 'a', 'c']);
    expect(Object.keys(d.stateDict())).toEqual(['b.factor', 'a.factor', 'c.factor']);
    expect(d.size).toBe(3);
    expect(d.has('a')).toBe(true);
    expect(d.delete('a')).toBe(true);
    expect(d.namedChildren().map(([n]) => n)).toEqual(['b', 'c']);
    expect([...d].map(([k]) => k)).toEqual(['b', 'c']);
    expect([...d.values()].length).toBe(2);
    expect([...d.entries()][1]![0]).toBe('c');
    expect(() => d.get('zzz')).toThrow(/no module named 'zzz'/);
    expect(() => d.set('x.y', new nn.Identity())).toThrow(/without '\.'/);
    expect(new nn.ModuleDict([['k', new nn.Identity()]]).update({ j: new nn.Identity() }).size).toBe(2);
  });
});

describe('Identity and Flatten', () => {
  it('Identity returns its input and ignores constructor arguments', () => {
    const x = tg.ones([3]);
    expect(new nn.Identity(54, { unused: true }).forward(x)).toBe(x);
    expect(String(new nn.Identity())).toBe('Identity()');
  });

  it('Flatten flattens startDim..endDim (default all but the batch dim)', () => {
    expect(new nn.Flatten().forward(tg.zeros([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new nn.Flatten({ startDim: 1, endDim: 2 }).forward(tg.zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    expect(new nn.Flatten({ startDim: 0 }).forward(tg.zeros([2, 3])).shape).toEqual([6]);
    expect(String(new nn.Flatten())).toBe('Flatten(start_dim=1, end_dim=-1)');
  });

  it('gradients flow through Flatten', () => {
    const x = tg.ones([2, 2, 2], { requiresGrad: true });
    new nn.Flatten().forward(x).sum().backward();
    expect(vals(x.grad)).toEqual(Array(8).fill(1));
  });
});
