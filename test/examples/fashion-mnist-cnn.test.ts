/**
 * @file Smoke test of `examples/fashion-mnist-cnn.ts`: with Fashion-MNIST installed, trains one
 * epoch on the first 256 images and checks the result line; without it (as on CI), checks the
 * example fails with the clear `IoError` naming the Debian package.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { main } from '../../examples/fashion-mnist-cnn.js';
import { runExample } from './run-example.js';

const installed = existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz') || existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte');

describe('examples/fashion-mnist-cnn.ts', () => {
  it.runIf(installed)('trains one epoch on a few images and prints its test accuracy line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 1, limit: 256 }));
    expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0);
  }, 20_000);

  it.runIf(!installed)('without the data set, fails with a clear IoError', async () => {
    const error = await runExample(() => main({ steps: 1, limit: 256 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(tg.io.IoError);
    expect(String((error as Error).message)).toMatch(/apt-get install dataset-fashion-mnist/);
  });
});
