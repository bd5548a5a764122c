/**
 * @file Meta-test: every differentiable op that tensorgrad exports has a gradient property.
 *
 * The ops are every method on the `Tensor` prototype chain plus every function exported by
 * `tg`, minus `NON_DIFFERENTIABLE` below (each entry says why). An op is covered when some
 * `test/ops/*.test.ts` calls `checkOp('<name>', …)` (see `test/helpers/check-op.ts`), read
 * statically from the source. A new Tensor method or `tg` function therefore fails this test
 * until it gets a `checkOp` line — or an entry here explaining why it has no gradient.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const opsTests = join(here, 'ops');

/** Exported methods and functions without a gradient, and why. */
const NON_DIFFERENTIABLE: Readonly<Record<string, string>> = {
  // Tensor methods
  constructor: 'the class itself',
  eq: 'comparison: bool result',
  ne: 'comparison: bool result',
  lt: 'comparison: bool result',
  le: 'comparison: bool result',
  gt: 'comparison: bool result',
  ge: 'comparison: bool result',
  logicalAnd: 'logical op: bool result',
  logicalOr: 'logical op: bool result',
  logicalNot: 'logical op: bool result',
  argmax: 'int32 indices',
  argmin: 'int32 indices',
  int: 'cast to int32: integer tensors carry no gradient',
  bool: 'cast to bool: bool tensors carry no gradient',
  item: 'reads a JS number',
  toArray: 'reads nested JS arrays',
  dataSync: 'reads a typed array',
  data: 'reads a typed array (async)',
  toString: 'formatting',
  dispose: 'memory management',
  backward: 'autograd plumbing',
  detach: 'autograd plumbing: cuts the graph by design',
  retainGrad: 'autograd plumbing',
  registerHook: 'autograd plumbing',
  requiresGrad_: 'autograd plumbing',
  setGradFn: 'autograd plumbing',
  setData: 'internal: rebinds a tensor to other data (Module.to)',
  normal_: 'random fill: no function of the input to differentiate',
  uniform_: 'random fill: no function of the input to differentiate',
  // tg functions
  Tensor: 'the class',
  setKernels: 'settings: chooses the CPU kernels',
  getKernels: 'settings',
  kernelsUnavailableReason: 'settings',
  setNumThreads: 'settings: thread count',
  getNumThreads: 'settings',
  tensor: 'creation',
  zeros: 'creation',
  ones: 'creation',
  full: 'creation',
  empty: 'creation',
  arange: 'creation',
  linspace: 'creation',
  eye: 'creation',
  zerosLike: 'creation (only the shape of its argument is used)',
  onesLike: 'creation (only the shape of its argument is used)',
  fullLike: 'creation (only the shape of its argument is used)',
  rand: 'random creation',
  randn: 'random creation',
  randint: 'random creation',
  randLike: 'random creation',
  randnLike: 'random creation',
  fromNdarray: 'interop: creation from an ndarray',
  toNdarray: 'interop: reads values out',
  fromMat4: 'interop: creation from a gl-matrix mat4',
  toMat4: 'interop: reads values out',
  fromVec3: 'interop: creation from a gl-matrix vec3',
  toVec3: 'interop: reads values out',
  tidy: 'memory scope',
  noGrad: 'grad mode',
  enableGrad: 'grad mode',
  isGradEnabled: 'grad mode',
  manualSeed: 'random state',
  Generator: 'random state',
  promoteTypes: 'dtype arithmetic',
  TensorError: 'error class',
  ShapeError: 'error class',
  DTypeError: 'error class',
  IndexError: 'error class',
  AutogradError: 'error class',
};

/** Method names on the Tensor prototype chain (accessors such as `shape` or `grad` are not ops). */
function tensorMethods(): string[] {
  const names = new Set<string>();
  for (let p: object | null = tg.Tensor.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name)!;
      if (typeof d.value === 'function') names.add(name);
    }
  }
  return [...names];
}

/** Functions exported by `tg` (namespaces such as `tg.autograd` are objects, not ops). */
function tgFunctions(): string[] {
  return Object.entries(tg).filter(([, v]) => typeof v === 'function').map(([k]) => k);
}

/** Op names given to `checkOp('name', …)` in test/ops/*.test.ts, with the files that use them. */
function checkedOps(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of readdirSync(opsTests).filter((f) => f.endsWith('.test.ts'))) {
    const source = readFileSync(join(opsTests, file), 'utf8');
    for (const m of source.matchAll(/\bcheckOp\(\s*['"`]([\w$]+)['"`]/g)) {
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), file]);
    }
  }
  return found;
}

const exported = [...new Set([...tensorMethods(), ...tgFunctions()])].sort();
const differentiable = exported.filter((n) => !(n in NON_DIFFERENTIABLE));
const checked = checkedOps();

describe('meta: gradient coverage', () => {
  it('finds the ops (sanity: the scan sees methods, functions and checkOp calls)', () => {
    expect(differentiable).toEqual(expect.arrayContaining(['add', 'matmul', 'cat', 'stack', 'pad', 'var', 'scatterAdd']));
    expect(checked.size).toBeGreaterThan(50);
  });

  it('every exported differentiable op has a checkOp property in test/ops', () => {
    const missing = differentiable.filter((n) => !checked.has(n));
    expect(
      missing,
      `ops without a gradient property: add \`checkOp('<name>', …)\` to test/ops/<family>.test.ts, ` +
        `or list the name in NON_DIFFERENTIABLE (test/meta.test.ts) with the reason`,
    ).toEqual([]);
  });

  it('every checkOp name is an exported, differentiable op (no typos, no stale names)', () => {
    const unknown = [...checked.keys()].filter((n) => !exported.includes(n) || n in NON_DIFFERENTIABLE);
    expect(unknown, 'checkOp names that are not differentiable Tensor methods or tg functions').toEqual([]);
  });

  it('every NON_DIFFERENTIABLE entry still names an export', () => {
    expect(Object.keys(NON_DIFFERENTIABLE).filter((n) => !exported.includes(n))).toEqual([]);
  });

  it('the listed tensor ops indeed give results without a gradient', () => {
    const x = tg.tensor([1, -2, 3], { requiresGrad: true });
    const b = tg.tensor([true, false, true]);
    const results = [
      x.eq(1), x.ne(1), x.lt(1), x.le(1), x.gt(1), x.ge(1), b.logicalAnd(b), b.logicalOr(b), b.logicalNot(),
      x.argmax(), x.argmin(), x.int(), x.bool(), x.detach(), tg.zerosLike(x), tg.randnLike(x),
    ];
    for (const r of results) expect(r.requiresGrad).toBe(false);
  });

  it('test/ops mirrors src/ops: one test file per op family', () => {
    const families = readdirSync(join(here, '../src/ops')).filter((f) => f.endsWith('.ts') && f !== 'record.ts').map((f) => f.replace(/\.ts$/, ''));
    const tests = readdirSync(opsTests).map((f) => f.replace(/\.test\.ts$/, ''));
    expect(families.filter((f) => !tests.includes(f))).toEqual([]);
  });
});
