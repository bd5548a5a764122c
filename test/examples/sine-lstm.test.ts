/**
 * @file Smoke test of `examples/sine-lstm.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/sine-lstm.js';
import { runExample } from './run-example.js';

describe('examples/sine-lstm.ts', () => {
  it('trains one epoch and prints its test MSE line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 1 }));
    expect(lines).toContainEqual(expect.stringMatching(/^test MSE: \d+\.\d{4}$/));
    expect(Number.isFinite(result.testMse)).toBe(true);
  }, 20_000);
});
