/**
 * @file Benchmark entry point: tensorgrad against @tensorflow/tfjs (cpu backend) in one run.
 *
 * Usage: `npm run bench [-- [filter...] [--quick] [--lib=tensorgrad|tfjs]]`
 *   filter   substrings of bench names to keep (e.g. `matmul`, `chain`, `softmax`)
 *   --quick  small sizes and short timings, for a smoke run
 *   --lib    run only one library
 *
 * Prints one JSON line per measurement to stdout as it is taken, then the comparison table
 * and the targets. Progress goes to stderr. Run node with `--expose-gc` to collect garbage
 * between cases (e.g. `node --expose-gc --import tsx bench/run.ts`).
 */
import { cpus, loadavg } from 'node:os';
import { collectGarbage, time, toJsonLine, type Lib, type Measurement, type Timing } from './harness.js';
import { renderReport } from './report.js';
import { allCases, policyFor, type Case } from './specs.js';
import { tensorgradCase, tensorgradSink } from './cases.js';

interface Options {
  quick: boolean;
  filters: string[];
  libs: Lib[];
}

/** A bad command line: reported without a stack. */
class UsageError extends Error {}

const USAGE = 'usage: tsx bench/run.ts [filter...] [--quick] [--lib=tensorgrad|tfjs]';

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, filters: [], libs: ['tensorgrad', 'tfjs-cpu'] };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('--lib=')) {
      const lib = arg.slice('--lib='.length);
      if (lib === 'tensorgrad') options.libs = ['tensorgrad'];
      else if (lib === 'tfjs' || lib === 'tfjs-cpu') options.libs = ['tfjs-cpu'];
      else throw new UsageError(`unknown --lib ${lib}; ${USAGE}`);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}; ${USAGE}`);
    else options.filters.push(arg.toLowerCase());
  }
  return options;
}

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

type TfjsModule = typeof import('./tfjs-cases.js');

/** Times `c` on `lib`; returns null when the library failed on it (reported, not fatal). */
function timeCase(c: Case, lib: Lib, quick: boolean, tfjs: TfjsModule | null): Timing | null {
  const policy = policyFor(c.spec, lib, quick);
  try {
    if (lib === 'tensorgrad') return time(tensorgradCase(c.spec), policy);
    const before = tfjs!.tfjsLiveTensors();
    const { run, dispose } = tfjs!.tfjsCase(c.spec);
    try {
      return time(run, policy);
    } finally {
      dispose();
      const leaked = tfjs!.tfjsLiveTensors() - before;
      if (leaked !== 0) log(`  warning: tfjs case ${c.bench} ${c.size} leaked ${leaked} tensors`);
    }
  } catch (err) {
    log(`  ${lib} failed on ${c.bench} ${c.size}: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cases = allCases(options.quick).filter(
    (c) => options.filters.length === 0 || options.filters.some((f) => c.bench.toLowerCase().includes(f)),
  );
  if (cases.length === 0) throw new UsageError(`no bench matches ${options.filters.join(', ')}; ${USAGE}`);

  let tfjs: TfjsModule | null = null;
  if (options.libs.includes('tfjs-cpu')) {
    tfjs = await import('./tfjs-cases.js');
    await tfjs.initTfjs();
  }

  const started = performance.now();
  const measurements: Measurement[] = [];
  for (const c of cases) {
    for (const lib of options.libs) {
      collectGarbage();
      log(`running ${c.bench} ${c.size} on ${lib}…`);
      const t = timeCase(c, lib, options.quick, tfjs);
      if (t === null) continue;
      for (const metric of c.metrics) {
        const m: Measurement = {
          bench: c.bench,
          size: c.size,
          lib,
          value: metric.fromSeconds(t.median),
          unit: metric.unit,
          medianSeconds: t.median,
          meanSeconds: t.mean,
          reps: t.reps,
        };
        measurements.push(m);
        process.stdout.write(`${toJsonLine(m)}\n`);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const machine = `node ${process.version}, ${cpus().length}x ${cpus()[0]?.model ?? 'unknown CPU'}, load avg ${load}`;
  const note = options.quick ? ' (--quick: smaller sizes, cold JIT; verdicts only meaningful in a full run)' : '';
  process.stdout.write(`\n${machine}${note}\n`);
  process.stdout.write(`${renderReport(measurements)}\n`);
  const sinks = tensorgradSink() + (tfjs?.tfjsSink() ?? 0);
  log(`done in ${seconds.toFixed(1)} s${Number.isFinite(sinks) ? '' : ' (non-finite values read back)'}`);
}

main().catch((err: unknown) => {
  log(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
