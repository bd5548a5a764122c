/**
 * @file A profiling target: the 1000-small-op chain (forward + backward) on tensorgrad, run in
 * a loop with nothing else, so a CPU profile shows where per-op overhead goes.
 *
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-chain.ts [reps] [fwd|nograd]`
 * (`fwd`: forward only, recording the graph; `nograd`: forward with an input that needs no grad).
 * then `npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import * as tg from '../src/index.js';
import { tensorgradChain } from './cases.js';
import { chainValues } from './specs.js';

const reps = Number(process.argv[2] ?? 300);
const mode = process.argv[3] === 'fwd' || process.argv[3] === 'nograd' ? process.argv[3] : 'fwd+bwd';
const forwardOnly = mode !== 'fwd+bwd';
const ops = 1000;
const width = 16;
const x = tg.tensor(chainValues(-1, width), { requiresGrad: mode !== 'nograd' });
const consts = ([0, 1, 2] as const).map((w) => tg.tensor(chainValues(w, width)));

let sink = 0;
const t0 = performance.now();
for (let r = 0; r < reps; r++) {
  x.grad = null;
  const y = tensorgradChain(x, ops, consts);
  if (forwardOnly) {
    sink += y.sum().item();
  } else {
    y.sum().backward();
    sink += x.grad === null ? 0 : 1;
  }
}
const us = ((performance.now() - t0) * 1e3) / (reps * ops);
process.stderr.write(`chain ${mode}: ${us.toFixed(2)} µs/op over ${reps} reps (sink ${sink})\n`);
