/**
 * @file Smoke test of `examples/mnist-keras-style.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result lines (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/mnist-keras-style.js';
import { runExample } from './run-example.js';

describe('examples/mnist-keras-style.ts', () => {
  it('trains one epoch and prints predictions and its test accuracy line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 1, quiet: true }));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}label \d {2}predicted \d /));
    expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
    expect(result.testAccuracy).toBeGreaterThan(0.5);
  }, 20_000);
});
