/**
 * @file Smoke test of `examples/custom-function.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { StableSoftplus, main } from '../../examples/custom-function.js';
import { runExample } from './run-example.js';

describe('examples/custom-function.ts', () => {
  it('passes gradcheck, fits a few steps and prints the fitted line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 5 }));
    expect(result.gradcheck).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^fitted: a = -?\d+\.\d{3} \(true 2\), b = -?\d+\.\d{3} \(true -1\)/));
  });

  it('StableSoftplus stays finite where log(1 + exp(x)) overflows', () => {
    const y = StableSoftplus.apply(tg.tensor([-1000, 0, 1000]));
    expect(y.toArray()).toEqual([0, expect.closeTo(Math.LN2, 6), 1000]);
  });
});
