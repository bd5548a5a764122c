/**
 * @file Smoke test of `examples/pytorch-weights.ts`: loads the PyTorch-written safetensors
 * state dict, runs the model and checks it reproduces PyTorch's outputs (within 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/pytorch-weights.js';
import { runExample } from './run-example.js';

describe('examples/pytorch-weights.ts', () => {
  it("loads PyTorch's state dict and matches its outputs", async () => {
    const { result, lines } = await runExample(() => main({ steps: 1 }));
    expect(result.keys).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect(lines).toContainEqual(expect.stringMatching(/^max abs difference to PyTorch: \S+ \(match, tolerance 1e-6\)$/));
    expect(result.maxAbsDiff).toBeLessThan(1e-6);
  });
});
