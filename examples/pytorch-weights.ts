/**
 * @file Running a PyTorch model in tensorgrad: load a `state_dict` that PyTorch saved as a
 * safetensors file, build the same architecture with `tg.nn`, and check the outputs match.
 *
 * What it teaches: `tg.io.load` (safetensors → `Record<string, Tensor>`), that `tg.nn` layers
 * use PyTorch's parameter names and layouts (`Linear.weight` is `[out, in]`; a `Sequential`'s
 * children are named `0`, `1`, `2`, … so the keys are `0.weight`, `0.bias`, `2.weight`, …),
 * and `module.loadStateDict` (strict by default: a missing or unexpected key throws).
 *
 * The files in `examples/data/` were written by `test/fixtures/make_pytorch_weights.py`
 * (PyTorch 1.13): `pytorch-mlp.safetensors` holds the weights of
 * `nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))` (seed 0), and
 * `pytorch-mlp-expected.json` five inputs and PyTorch's outputs on them.
 *
 *     npx tsx examples/pytorch-weights.ts            # full run
 *     npx tsx examples/pytorch-weights.ts --steps 1  # the same (there is nothing to train;
 *                                                    # steps = how many times to run the model)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tg from '../src/index.js';
import { isMain, stepCount } from './_cli.js';

const dataDir = new URL('./data/', import.meta.url);

/** Loads the weights, runs the model `steps` times (default 1) and returns the largest |tg − torch|. */
export function main(options: { steps?: number } = {}): { maxAbsDiff: number; keys: string[] } {
  const runs = stepCount(1, options.steps);

  // 1. The state dict, exactly as PyTorch saved it.
  const stateDict = tg.io.load(fileURLToPath(new URL('pytorch-mlp.safetensors', dataDir)));
  const keys = Object.keys(stateDict).sort();
  for (const key of keys) console.log(`${key}: ${stateDict[key]!.dtype} [${stateDict[key]!.shape.join(', ')}]`);

  // 2. The same architecture; its stateDict keys are the ones PyTorch wrote.
  const model = new tg.nn.Sequential(new tg.nn.Linear(4, 8), new tg.nn.ReLU(), new tg.nn.Linear(8, 3));
  const result = model.loadStateDict(stateDict);
  console.log(`missing keys: [${result.missingKeys.join(', ')}], unexpected keys: [${result.unexpectedKeys.join(', ')}]`);
  model.eval();

  // 3. Run it on PyTorch's inputs and compare with PyTorch's outputs.
  const expected = JSON.parse(readFileSync(new URL('pytorch-mlp-expected.json', dataDir), 'utf8')) as { inputs: number[][]; outputs: number[][] };
  const inputs = tg.tensor(expected.inputs); // float32, like PyTorch's
  const want = tg.tensor(expected.outputs);
  let maxAbsDiff = 0;
  for (let i = 0; i < runs; i++) {
    const got = tg.noGrad(() => model.forward(inputs));
    maxAbsDiff = Math.max(maxAbsDiff, got.sub(want).abs().max().item());
    if (i === 0) console.log(`tensorgrad outputs:\n${got.toString()}`);
  }
  console.log(`max abs difference to PyTorch: ${maxAbsDiff.toExponential(2)} (${maxAbsDiff < 1e-6 ? 'match' : 'MISMATCH'}, tolerance 1e-6)`);
  return { maxAbsDiff, keys };
}

if (isMain(import.meta.url)) main();
