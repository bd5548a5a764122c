/**
 * @file The human-readable summary: tensorgrad and tfjs-cpu side by side with the speed
 * ratio, then the performance targets marked PASS/FAIL.
 */
import { higherIsBetter, type Measurement, type Unit } from './harness.js';

/** One table row: a (bench, size, unit) with a value per library. */
interface Row {
  bench: string;
  size: number | string;
  unit: Unit;
  tensorgrad?: number;
  tfjs?: number;
}

/** tensorgrad's speed relative to tfjs-cpu (> 1: tensorgrad is faster), or undefined. */
function speedup(row: Row): number | undefined {
  if (row.tensorgrad === undefined || row.tfjs === undefined) return undefined;
  return higherIsBetter(row.unit) ? row.tensorgrad / row.tfjs : row.tfjs / row.tensorgrad;
}

function rowsOf(measurements: readonly Measurement[]): Row[] {
  const rows = new Map<string, Row>();
  for (const m of measurements) {
    const key = `${m.bench}|${m.size}|${m.unit}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { bench: m.bench, size: m.size, unit: m.unit };
      rows.set(key, row);
    }
    if (m.lib === 'tensorgrad') row.tensorgrad = m.value;
    else row.tfjs = m.value;
  }
  return [...rows.values()];
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

type Verdict = 'PASS' | 'FAIL' | 'n/a';

/** A target and how the run fared against it. */
interface TargetResult {
  name: string;
  actual: string;
  verdict: Verdict;
}

function targets(rows: readonly Row[]): TargetResult[] {
  const out: TargetResult[] = [];
  const mm = rows.find((r) => r.bench === 'matmul' && r.size === 512);
  out.push({
    name: 'matmul N=512 >= 3.5 GFLOP/s',
    actual: mm?.tensorgrad === undefined ? '—' : `${fmt(mm.tensorgrad)} GFLOP/s`,
    verdict: mm?.tensorgrad === undefined ? 'n/a' : mm.tensorgrad >= 3.5 ? 'PASS' : 'FAIL',
  });
  const chain = rows.find((r) => r.bench === 'chain_fwd_bwd');
  out.push({
    name: 'chain fwd+bwd <= 5 µs/op',
    actual: chain?.tensorgrad === undefined ? '—' : `${fmt(chain.tensorgrad)} µs/op`,
    verdict: chain?.tensorgrad === undefined ? 'n/a' : chain.tensorgrad <= 5 ? 'PASS' : 'FAIL',
  });
  const compared = rows.filter((r) => speedup(r) !== undefined);
  const slower = compared.filter((r) => speedup(r)! < 1);
  out.push({
    name: 'no line slower than tfjs-cpu',
    actual:
      compared.length === 0
        ? '—'
        : slower.length === 0
          ? `all ${compared.length} lines >= 1.00x`
          : `${slower.length}/${compared.length} slower: ${slower.map((r) => `${r.bench}@${r.size}`).join(', ')}`,
    verdict: compared.length === 0 ? 'n/a' : slower.length === 0 ? 'PASS' : 'FAIL',
  });
  return out;
}

/** The comparison table and the target verdicts, as printable text. */
export function renderReport(measurements: readonly Measurement[]): string {
  const rows = rowsOf(measurements);
  const body = rows.map((r) => {
    const s = speedup(r);
    return [
      r.bench,
      String(r.size),
      r.unit,
      fmt(r.tensorgrad),
      fmt(r.tfjs),
      s === undefined ? '—' : `${s.toFixed(2)}x`,
      s === undefined ? '' : s >= 1 ? 'PASS' : 'FAIL',
    ];
  });
  const header = ['bench', 'size', 'unit', 'tensorgrad', 'tfjs-cpu', 'tg speedup', 'vs tfjs'];
  const targetBody = targets(rows).map((t) => [t.name, t.actual, t.verdict]);
  return [
    table(header, body),
    '(tg speedup = how many times faster tensorgrad is than tfjs-cpu; < 1.00x means slower)',
    '',
    table(['target', 'actual', 'verdict'], targetBody),
  ].join('\n');
}
