/**
 * @file A model's state dict saved with `tg.io.save` keeps PyTorch's key names, shapes and
 * dtypes, and loads back into a fresh model.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const model = (): tg.nn.Sequential =>
  new tg.nn.Sequential(
    new tg.nn.Conv2d(1, 4, 3),
    new tg.nn.BatchNorm2d(4),
    new tg.nn.ReLU(),
    new tg.nn.Flatten(),
    new tg.nn.Linear(4 * 6 * 6, 3),
  );

describe('state dict through safetensors', () => {
  it('has PyTorch key names and shapes, and round-trips into a new model', () => {
    const m = model();
    const path = join(mkdtempSync(join(tmpdir(), 'tg-ckpt-')), 'model.safetensors');
    tg.io.save(m.stateDict(), path);
    const loaded = tg.io.load(path);
    // torch: Sequential(Conv2d(1,4,3), BatchNorm2d(4), ReLU(), Flatten(), Linear(144,3)).state_dict()
    expect(Object.keys(loaded).sort()).toEqual([
      '0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight',
      '4.bias', '4.weight',
    ]);
    expect(loaded['0.weight']!.shape).toEqual([4, 1, 3, 3]);
    expect(loaded['4.weight']!.shape).toEqual([3, 144]);
    expect(loaded['1.num_batches_tracked']!.dtype).toBe('int32');
    const fresh = model();
    fresh.loadStateDict(loaded);
    const x = tg.randn([2, 1, 8, 8]);
    m.eval();
    fresh.eval();
    expect(fresh.forward(x).toArray()).toEqual(m.forward(x).toArray());
  });
});
