/**
 * @file Benchmark entry point: tensorgrad against @tensorflow/tfjs (its pure-JS `cpu` backend
 * and `@tensorflow/tfjs-backend-wasm`) and @jax-js/jax (its `wasm` device), same machine,
 * same run.
 *
 * Usage: `npm run bench -- [filter...] [--only a,b] [--libs a,b] [--quick] [--json-out FILE]`
 *   filter, --only  substrings of "bench size" to keep (e.g. `matmul`, `mlp,cnn`, `chain_fwd_bwd`)
 *   --libs          libraries to run, comma-separated: tensorgrad, tfjs-cpu, tfjs-wasm, jax-js
 *                   (`tfjs` means both tfjs backends, `jax` means jax-js; `--lib=` also works)
 *   --quick         small sizes and short timings, for a smoke run
 *   --json-out      also write the machine, the library versions and every measurement to FILE
 *   --in-process    run every library in this process (by default each library runs in a child
 *                   process of its own, one after another, so no library's heap, WebAssembly
 *                   memories or threads slow another's cases)
 *
 * Prints the machine, then one JSON line per measurement to stdout as it is taken, then the
 * comparison table and the targets. Progress goes to stderr. Run node with `--expose-gc` to
 * collect garbage between cases (`node --expose-gc --import tsx bench/run.ts`).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, totalmem } from 'node:os';
import { collectGarbage, LIBS, time, toJson, toJsonLine, type Lib, type Measurement, type Runnable, type Timing } from './harness.js';
import { renderReport, type Failure, type LossCheck } from './report.js';
import { allCases, policyFor, type Case } from './specs.js';
import { tensorgradCase, tensorgradInfo, tensorgradSink } from './cases.js';

interface Options {
  quick: boolean;
  filters: string[];
  libs: Lib[];
  jsonOut: string | null;
  /** Run every library in this process instead of one child process per library. */
  inProcess: boolean;
  /** This process is one library's child: print a result line instead of the report. */
  child: boolean;
}

/** A bad command line: reported without a stack. */
class UsageError extends Error {}

const USAGE =
  'usage: tsx bench/run.ts [filter...] [--only a,b] [--libs tensorgrad,tfjs-cpu,tfjs-wasm,jax-js] [--quick] [--json-out FILE] [--in-process]';

function parseLibs(value: string): Lib[] {
  const out = new Set<Lib>();
  for (const name of value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')) {
    if (name === 'tfjs') {
      out.add('tfjs-cpu');
      out.add('tfjs-wasm');
    } else if (name === 'jax' || name === 'jaxjs') out.add('jax-js');
    else if ((LIBS as readonly string[]).includes(name)) out.add(name as Lib);
    else throw new UsageError(`unknown library ${name}; expected ${LIBS.join(', ')}; ${USAGE}`);
  }
  if (out.size === 0) throw new UsageError(`--libs needs at least one library; ${USAGE}`);
  return LIBS.filter((l) => out.has(l));
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, filters: [], libs: [...LIBS], jsonOut: null, inProcess: false, child: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value; ${USAGE}`);
      return next;
    };
    if (flag === '--quick') options.quick = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (flag === '--libs' || flag === '--lib') options.libs = parseLibs(value());
    else if (flag === '--only') options.filters.push(...value().split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
    else if (flag === '--json-out') options.jsonOut = value();
    else if (flag === '--in-process') options.inProcess = true;
    else if (flag === '--child') options.child = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}; ${USAGE}`);
    else options.filters.push(arg.toLowerCase());
  }
  return options;
}

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What a library needs to run a case: build inputs, one repetition, cleanup. */
interface Built {
  run: Runnable;
  dispose: () => void;
  losses?: number[];
}

/** One library behind the common interface. */
interface Runner {
  lib: Lib;
  /** Called before each case (tfjs switches its backend); resolves to a description. */
  select: () => Promise<string>;
  build: (c: Case) => Built;
  /** Live tensors, to report a leak after each case, where the library counts them. */
  live?: () => number;
  sink: () => number;
}

async function makeRunners(libs: readonly Lib[]): Promise<Runner[]> {
  const runners: Runner[] = [];
  const tfjs = libs.includes('tfjs-cpu') || libs.includes('tfjs-wasm') ? await import('./tfjs-cases.js') : null;
  const jax = libs.includes('jax-js') ? await import('./jax-cases.js') : null;
  for (const lib of libs) {
    if (lib === 'tensorgrad') {
      runners.push({ lib, select: async () => tensorgradInfo(), build: (c) => tensorgradCase(c.spec), sink: tensorgradSink });
    } else if (lib === 'tfjs-cpu' || lib === 'tfjs-wasm') {
      const backend = lib === 'tfjs-cpu' ? 'cpu' : 'wasm';
      runners.push({ lib, select: () => tfjs!.useTfjsBackend(backend), build: (c) => tfjs!.tfjsCase(c.spec), live: tfjs!.tfjsLiveTensors, sink: tfjs!.tfjsSink });
    } else {
      runners.push({ lib, select: () => jax!.initJax(), build: (c) => jax!.jaxCase(c.spec), sink: jax!.jaxSink });
    }
  }
  return runners;
}

/** Times `c` with `runner`; throws when the library fails on it. */
async function timeCase(c: Case, runner: Runner, quick: boolean): Promise<{ timing: Timing; losses?: number[] }> {
  await runner.select();
  const before = runner.live?.() ?? 0;
  const built = runner.build(c);
  let ok = false;
  try {
    const timing = await time(built.run, policyFor(c.spec, runner.lib, quick));
    ok = true;
    return built.losses === undefined || built.losses.length === 0 ? { timing } : { timing, losses: built.losses };
  } finally {
    built.dispose();
    // A failed case leaves the tensors of its aborted step behind; only a finished one is checked.
    if (ok && runner.live !== undefined) {
      const leaked = runner.live() - before;
      if (leaked !== 0) log(`  warning: ${runner.lib} case ${c.bench} ${c.size} leaked ${leaked} tensors`);
    }
  }
}

function machineInfo(quick: boolean): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadavg: loadavg().map((l) => l.toFixed(2)).join(' '),
    mode: quick ? 'quick' : 'full',
  };
}

/** What measuring some libraries on the cases gives. */
interface Results {
  libInfo: Partial<Record<Lib, string>>;
  measurements: Measurement[];
  failures: Failure[];
  lossChecks: LossCheck[];
  sinks: number;
}

/** Measures `libs` on `cases` in this process, printing a JSON line per measurement. */
async function measure(libs: readonly Lib[], cases: readonly Case[], quick: boolean): Promise<Results> {
  const runners = await makeRunners(libs);
  const libInfo: Partial<Record<Lib, string>> = {};
  for (const r of runners) {
    try {
      libInfo[r.lib] = await r.select();
    } catch (err) {
      libInfo[r.lib] = `unavailable: ${errorText(err)}`;
    }
    process.stdout.write(`${r.lib}: ${libInfo[r.lib]}\n`);
  }
  const measurements: Measurement[] = [];
  const failures: Failure[] = [];
  const lossChecks: LossCheck[] = [];
  for (const c of cases) {
    const losses: Partial<Record<Lib, number[]>> = {};
    for (const runner of runners) {
      const lib = runner.lib;
      collectGarbage();
      log(`running ${c.bench} ${c.size} on ${lib}…`);
      const t0 = performance.now();
      let result: { timing: Timing; losses?: number[] };
      try {
        result = await timeCase(c, runner, quick);
      } catch (err) {
        const reason = errorText(err).split('\n')[0]!.slice(0, 200);
        log(`  ${lib} failed on ${c.bench} ${c.size}: ${reason}`);
        failures.push({ bench: c.bench, size: c.size, lib, reason });
        continue;
      }
      const t = result.timing;
      if (result.losses !== undefined) losses[lib] = result.losses;
      log(`  ${t.reps} reps${t.cold ? ' (cold: one slow run)' : ''}, median ${(t.median * 1e3).toPrecision(4)} ms, ${((performance.now() - t0) / 1e3).toFixed(1)} s`);
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
          cold: t.cold,
          ...(c.spec.kind === 'matmul' && c.spec.threads !== undefined ? { threads: c.spec.threads } : {}),
        };
        measurements.push(m);
        process.stdout.write(`${toJsonLine(m)}\n`);
      }
    }
    if (Object.keys(losses).length > 0) lossChecks.push({ bench: c.bench, size: c.size, losses });
  }
  return { libInfo, measurements, failures, lossChecks, sinks: runners.reduce((a, r) => a + r.sink(), 0) };
}

/** Marks the line a child process ends with: its results as JSON. */
const RESULT_PREFIX = 'bench-child-result ';

/** Measures each library in a child process of its own, one after another, and merges the results. */
function measureInChildren(libs: readonly Lib[], argv: readonly string[]): Results {
  const passed = argv.filter((a, i) => !(a === '--libs' || a === '--lib' || a.startsWith('--libs=') || a.startsWith('--lib=') || argv[i - 1] === '--libs' || argv[i - 1] === '--lib'
    || a === '--json-out' || a.startsWith('--json-out=') || argv[i - 1] === '--json-out'));
  const merged: Results = { libInfo: {}, measurements: [], failures: [], lossChecks: [], sinks: 0 };
  for (const lib of libs) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...passed, '--libs', lib, '--child'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
    const lines = (child.stdout ?? '').split('\n');
    const last = lines.find((l) => l.startsWith(RESULT_PREFIX));
    for (const l of lines) if (l !== '' && !l.startsWith(RESULT_PREFIX)) process.stdout.write(`${l}\n`);
    if (last === undefined) {
      merged.libInfo[lib] = `unavailable: its child process exited with ${child.status ?? child.signal}`;
      merged.failures.push({ bench: 'all', size: '', lib, reason: `child process failed (${child.status ?? child.signal})` });
      continue;
    }
    const r = JSON.parse(last.slice(RESULT_PREFIX.length)) as Results;
    Object.assign(merged.libInfo, r.libInfo);
    merged.measurements.push(...r.measurements);
    merged.failures.push(...r.failures);
    merged.sinks += r.sinks;
    for (const check of r.lossChecks) {
      const same = merged.lossChecks.find((m) => m.bench === check.bench && m.size === check.size);
      if (same === undefined) merged.lossChecks.push(check);
      else Object.assign(same.losses, check.losses);
    }
  }
  return merged;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  const cases = allCases(options.quick).filter((c) => {
    const key = `${c.bench} ${c.size}`.toLowerCase();
    return options.filters.length === 0 || options.filters.some((f) => key.includes(f));
  });
  if (cases.length === 0) throw new UsageError(`no bench matches ${options.filters.join(', ')}; ${USAGE}`);
  if (options.child) {
    const r = await measure(options.libs, cases, options.quick);
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(r)}\n`);
    return;
  }

  const machine = machineInfo(options.quick);
  process.stdout.write(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node} (${machine.platform}), ${machine.date}, load avg ${machine.loadavg}\n`);
  const started = performance.now();
  const isolated = !options.inProcess && options.libs.length > 1;
  const { libInfo, measurements, failures, lossChecks, sinks } = isolated
    ? measureInChildren(options.libs, argv)
    : await measure(options.libs, cases, options.quick);
  const seconds = (performance.now() - started) / 1000;
  const note = options.quick ? ' (--quick: smaller sizes, cold JIT; verdicts only meaningful in a full run)' : '';
  const how = isolated ? 'each library in its own process' : 'all libraries in one process';
  process.stdout.write(`\n${renderReport(measurements, failures, lossChecks, options.libs)}\n`);
  process.stdout.write(`\nmachine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.date}; ${how}; took ${seconds.toFixed(0)} s${note}\n`);
  if (options.jsonOut !== null) {
    const doc = { machine, libs: libInfo, isolated, seconds: Math.round(seconds), results: measurements.map(toJson), failures, firstLosses: lossChecks };
    writeFileSync(options.jsonOut, `${JSON.stringify(doc, null, 2)}\n`);
    log(`wrote ${options.jsonOut}`);
  }
  log(`done in ${seconds.toFixed(1)} s${Number.isFinite(sinks) ? '' : ' (non-finite values read back)'}`);
}

main().catch((err: unknown) => {
  log(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
