/**
 * @file The human-readable summary: every line with all libraries side by side and
 * tensorgrad's speed relative to the fastest peer; the issue's targets with each library's
 * number and whether tensorgrad meets them; and the first-step losses of the training cases,
 * which must agree across libraries (same data, same initial weights).
 */
import { higherIsBetter, LIBS, type Lib, type Measurement, type Unit } from './harness.js';

/** A library that threw on a case (a missing kernel, say). */
export interface Failure {
  bench: string;
  size: number | string;
  lib: Lib;
  reason: string;
}

/** The first losses of one training case, per library. */
export interface LossCheck {
  bench: string;
  size: number | string;
  losses: Partial<Record<Lib, number[]>>;
}

/** One table row: a (bench, size, unit) with a measurement per library. */
interface Row {
  bench: string;
  size: number | string;
  unit: Unit;
  threads?: number;
  values: Partial<Record<Lib, Measurement>>;
  failed: Partial<Record<Lib, string>>;
}

const PEERS = LIBS.filter((l) => l !== 'tensorgrad');

function better(unit: Unit, a: number, b: number): boolean {
  return higherIsBetter(unit) ? a > b : a < b;
}

/** The fastest peer's value on `row`, or undefined when no peer ran it. */
function bestPeer(row: Row): { lib: Lib; value: number } | undefined {
  let best: { lib: Lib; value: number } | undefined;
  for (const lib of PEERS) {
    const m = row.values[lib];
    if (m !== undefined && (best === undefined || better(row.unit, m.value, best.value))) best = { lib, value: m.value };
  }
  return best;
}

/** How many times faster tensorgrad is than `value` (> 1: tensorgrad is faster). */
function speedup(row: Row, value: number | undefined): number | undefined {
  const tg = row.values.tensorgrad?.value;
  if (tg === undefined || value === undefined) return undefined;
  return higherIsBetter(row.unit) ? tg / value : value / tg;
}

function rowsOf(measurements: readonly Measurement[], failures: readonly Failure[]): Row[] {
  const rows = new Map<string, Row>();
  const rowFor = (bench: string, size: number | string, unit: Unit): Row => {
    const key = `${bench}|${size}|${unit}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { bench, size, unit, values: {}, failed: {} };
      rows.set(key, row);
    }
    return row;
  };
  for (const m of measurements) {
    const row = rowFor(m.bench, m.size, m.unit);
    row.values[m.lib] = m;
    if (m.threads !== undefined) row.threads = m.threads;
  }
  for (const f of failures) {
    for (const row of rows.values()) if (row.bench === f.bench && row.size === f.size) row.failed[f.lib] = f.reason;
    if (![...rows.values()].some((r) => r.bench === f.bench && r.size === f.size)) rowFor(f.bench, f.size, 'ms').failed[f.lib] = f.reason;
  }
  return [...rows.values()];
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 0.1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** A library's cell: its value (`*`: a single cold run), `n/a` if it failed, `—` if not run. */
function cell(row: Row, lib: Lib): string {
  const m = row.values[lib];
  if (m !== undefined) return `${fmt(m.value)}${m.cold ? '*' : ''}`;
  return row.failed[lib] !== undefined ? 'n/a' : '—';
}

function table(header: readonly string[], body: readonly (readonly string[])[], leftColumns = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** One of the issue's performance targets. */
interface Target {
  name: string;
  bench: string;
  size: number | string;
  unit: Unit;
  goal: number;
}

const TARGETS: readonly Target[] = [
  { name: 'matmul N=512, 1 thread', bench: 'matmul', size: 512, unit: 'GFLOP/s', goal: 60 },
  { name: 'matmul N=1024, 2 threads', bench: 'matmul', size: 1024, unit: 'GFLOP/s', goal: 120 },
  { name: 'MLP 784-128-10 b128 Adam', bench: 'mlp', size: '784-128-10 b128 adam', unit: 'steps/s', goal: 500 },
  { name: 'MLP 784-512-512-10 b256 Adam', bench: 'mlp', size: '784-512-512-10 b256 adam', unit: 'steps/s', goal: 50 },
  { name: 'CNN b64 SGD', bench: 'cnn', size: 'b64 sgd', unit: 'steps/s', goal: 20 },
  { name: 'exp, 1M floats', bench: 'exp', size: 1 << 20, unit: 'Melem/s', goal: 1000 },
  { name: 'softmax [1024,1000]', bench: 'softmax', size: '1024x1000', unit: 'Melem/s', goal: 1000 },
  { name: '1000-op chain fwd+bwd', bench: 'chain_fwd_bwd', size: '1000x[16]', unit: 'µs/op', goal: 3 },
];

function targetTable(rows: readonly Row[], libs: readonly Lib[]): string {
  const body = TARGETS.map((t) => {
    const row = rows.find((r) => r.bench === t.bench && r.size === t.size && r.unit === t.unit);
    const tg = row?.values.tensorgrad?.value;
    const verdict = tg === undefined ? 'n/a' : (higherIsBetter(t.unit) ? tg >= t.goal : tg <= t.goal) ? 'PASS' : 'FAIL';
    const cells = libs.map((lib) => (row === undefined ? '—' : cell(row, lib)));
    return [t.name, `${higherIsBetter(t.unit) ? '≥' : '≤'} ${t.goal} ${t.unit}`, ...cells, verdict];
  });
  // The older project target: no line slower than tfjs-cpu.
  const compared = rows.filter((r) => speedup(r, r.values['tfjs-cpu']?.value) !== undefined);
  const slower = compared.filter((r) => speedup(r, r.values['tfjs-cpu']!.value)! < 1);
  body.push([
    'every line vs tfjs-cpu',
    '≥ 1.00x',
    ...libs.map((lib) => (lib === 'tensorgrad' && compared.length > 0 ? `${compared.length - slower.length}/${compared.length} lines` : '')),
    compared.length === 0 ? 'n/a' : slower.length === 0 ? 'PASS' : 'FAIL',
  ]);
  let text = table(['target', 'goal', ...libs, 'tg meets'], body);
  if (slower.length > 0) text += `\n(slower than tfjs-cpu: ${slower.map((r) => `${r.bench} ${r.size}`).join(', ')})`;
  return text;
}

function lossTable(checks: readonly LossCheck[], libs: readonly Lib[]): string {
  const body = checks.map((c) => {
    const all = libs.flatMap((lib) => (c.losses[lib] === undefined ? [] : [c.losses[lib]!]));
    let agree = 'n/a';
    if (all.length > 1) {
      const steps = Math.min(...all.map((l) => l.length));
      let worst = 0;
      for (let s = 0; s < steps; s++) {
        const vals = all.map((l) => l[s]!);
        const spread = Math.max(...vals) - Math.min(...vals);
        worst = Math.max(worst, spread / Math.max(1e-6, Math.abs(vals[0]!)));
      }
      agree = worst <= 1e-3 ? `yes (${worst.toExponential(0)})` : `NO (${worst.toExponential(1)})`;
    }
    const cells = libs.map((lib) => c.losses[lib]?.map((v) => v.toFixed(5)).join(' → ') ?? '—');
    return [`${c.bench} ${c.size}`, ...cells, agree];
  });
  return table(['first-step losses', ...libs, 'agree'], body, 1);
}

/** What a reader of the table should know about a peer's numbers on some benches. */
const NOTES: readonly { lib: Lib; benches: readonly string[]; text: string }[] = [
  {
    lib: 'jax-js',
    benches: ['chain_fwd_bwd', 'chain_fwd'],
    text:
      'jax-js chains run eagerly (grad without jit): eager jax-js defers elementwise ops into lazily fused ' +
      'expressions, which a 1000-op chain makes very costly (its README suggests blockUntilReady() every few ops); ' +
      'jit of a 1000-op chain overflowed the stack in its kernel hashing.',
  },
  { lib: 'jax-js', benches: ['cnn'], text: 'jax-js CNN uses lax.convGeneralDilated and lax.reduceWindow(max); its generated conv kernels run at ~0.2 GFLOP/s.' },
  { lib: 'jax-js', benches: ['mlp', 'cnn', 'softmax'], text: 'jax-js softmax and training steps are jit-compiled (Adam written out: optax is a separate package); its first call (compilation) is not timed.' },
];

/** The comparison table, the targets and the loss check, as printable text. */
export function renderReport(
  measurements: readonly Measurement[],
  failures: readonly Failure[] = [],
  lossChecks: readonly LossCheck[] = [],
  libs: readonly Lib[] = LIBS,
): string {
  const rows = rowsOf(measurements, failures);
  const peers = libs.filter((l) => l !== 'tensorgrad');
  const body = rows.map((r) => {
    const best = bestPeer(r);
    const s = speedup(r, best?.value);
    const size = r.threads === undefined ? String(r.size) : `${r.size} (${r.threads}t)`;
    return [r.bench, size, r.unit, ...libs.map((lib) => cell(r, lib)), s === undefined ? '—' : `${s.toFixed(2)}x ${best!.lib}`];
  });
  const out = [
    table(['bench', 'size', 'unit', ...libs, 'tg vs best peer'], body, 3),
    '(tg vs best peer: how many times faster tensorgrad is than the fastest of ' +
      `${peers.join(', ') || 'the peers'} on that line; < 1.00x means slower. * = one cold run, too slow to repeat.` +
      ' (Nt) = tensorgrad set to N threads; the peers run single-threaded in Node.)',
  ];
  if (failures.length > 0) {
    out.push('', 'n/a:', ...failures.map((f) => `  ${f.lib} on ${f.bench} ${f.size}: ${f.reason}`));
  }
  const notes = NOTES.filter((n) => libs.includes(n.lib) && rows.some((r) => n.benches.includes(r.bench) && r.values[n.lib] !== undefined));
  if (notes.length > 0) out.push('', 'notes:', ...notes.map((n) => `  ${n.text}`));
  out.push('', targetTable(rows, libs));
  if (lossChecks.length > 0) out.push('', lossTable(lossChecks, libs));
  return out.join('\n');
}
