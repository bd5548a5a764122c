/**
 * @file Smoke test of `examples/iris.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/iris.js';
import { runExample } from './run-example.js';

describe('examples/iris.ts', () => {
  it('trains a few epochs and prints its test accuracy line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 2 }));
    expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0);
  });
});
