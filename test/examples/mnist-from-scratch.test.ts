/**
 * @file Smoke test of `examples/mnist-from-scratch.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/mnist-from-scratch.js';
import { runExample } from './run-example.js';

describe('examples/mnist-from-scratch.ts', () => {
  it('trains one epoch and prints its train and test accuracy lines', async () => {
    const { result, lines } = await runExample(() => main({ steps: 1 }));
    expect(lines).toContainEqual(expect.stringMatching(/^train accuracy: \d+\.\d\d%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
    // One epoch of SGD already beats chance by far.
    expect(result.trainAccuracy).toBeGreaterThan(0.5);
  }, 20_000);
});
