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
  // One test either way (nothing skipped): it trains where the data set is installed and checks
  // the clear error where it is not.
  it('trains one epoch on a few images, or fails with a clear IoError without the data set', async () => {
    if (installed) {
      const { result, lines } = await runExample(() => main({ steps: 1, limit: 256 }));
      expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
      expect(result.testAccuracy).toBeGreaterThanOrEqual(0);
    } else {
      const error = await runExample(() => main({ steps: 1, limit: 256 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(tg.io.IoError);
      expect(String((error as Error).message)).toMatch(/apt-get install dataset-fashion-mnist/);
    }
  }, 30_000);
});
