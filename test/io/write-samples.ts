/**
 * @file Writes, with tg.io, every fixture that tensorgrad's writer must reproduce, into the
 * folder given, so that `test/fixtures/make_io_fixtures.py --check FOLDER` can read them with
 * NumPy and an independent Python safetensors reader:
 *
 *     npx tsx test/io/write-samples.ts /tmp/tg-io
 *     /usr/bin/python3 test/fixtures/make_io_fixtures.py --check /tmp/tg-io
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as io from '../../src/io/index.js';
import { build, buildAll, expected } from './expected.js';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: npx tsx test/io/write-samples.ts FOLDER');
mkdirSync(folder, { recursive: true });
for (const [name, e] of Object.entries(expected.npy)) if (e.identical) io.saveNpy(build(e), join(folder, name));
for (const [name, c] of Object.entries(expected.safetensors)) {
  if (c.identical) io.save(buildAll(c), join(folder, name), c.metadata ?? undefined);
}
console.log(`wrote the samples to ${folder}`);
