/**
 * @file PyTorch-style tensor printing: a port of `torch/_tensor_str.py` (PyTorch 1.13, default
 * print options) that turns a row-major buffer into the `repr` PyTorch would show, spelled with
 * our camelCase suffixes (`requiresGrad=true`) and `true`/`false` for booleans.
 */
import { contiguousStrides, sizeOf } from '../core/shape.js';

/** PyTorch's default `PRINT_OPTS`. */
const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;
const PREFIX = 'tensor(';

/** Python's spelling of a non-finite float. */
function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** `|x|` (finite) as an exact decimal `[n, scale]` with `|x| = n × 10^-scale`. */
function exactDecimal(x: number): [bigint, number] {
  let m = Math.abs(x);
  let scale = 0;
  while (!Number.isInteger(m)) {
    m *= 2; // exact: scaling by two never rounds
    scale++;
  }
  return [BigInt(m) * 5n ** BigInt(scale), scale];
}

/** `round(n / 10^k)` with ties to even, as Python's float formatting rounds. */
function roundHalfEven(n: bigint, k: number): bigint {
  if (k <= 0) return n * 10n ** BigInt(-k);
  const d = 10n ** BigInt(k);
  const q = n / d;
  const r2 = (n % d) * 2n;
  return r2 > d || (r2 === d && (q & 1n) === 1n) ? q + 1n : q;
}

/** Python's `'{:.<digits>f}'.format(x)` (JS `toFixed` rounds ties away from zero instead). */
function fixedStr(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const [n, scale] = exactDecimal(x);
  const s = roundHalfEven(n, scale - digits).toString().padStart(digits + 1, '0');
  const body = digits > 0 ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** Python's `'{:.<digits>e}'.format(x)`, e.g. `1.0000e+05` (two-digit exponent at least). */
function expStr(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let s = '0'.repeat(digits + 1);
  let exp = 0;
  if (x !== 0) {
    const [n, scale] = exactDecimal(x);
    exp = n.toString().length - 1 - scale;
    s = roundHalfEven(n, scale + exp - digits).toString();
    if (s.length > digits + 1) {
      exp++; // rounding carried into a new digit: 9.99996 → 10.0000
      s = s.slice(0, -1);
    }
  }
  const mantissa = digits > 0 ? `${s[0]}.${s.slice(1)}` : s;
  const expDigits = String(Math.abs(exp)).padStart(2, '0');
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${expDigits}`;
}

/** Port of `torch._tensor_str._Formatter`: picks int/fixed/scientific mode and a common width. */
class Formatter {
  readonly floating: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  width = 1;

  constructor(vals: readonly number[], dtype: string) {
    this.floating = dtype === 'float32' || dtype === 'float64';
    this.isBool = dtype === 'bool';
    if (!this.floating) {
      for (const v of vals) this.width = Math.max(this.width, this.format(v).length);
      return;
    }
    const finite: number[] = [];
    let min = Infinity;
    let max = 0;
    for (const v of vals) {
      if (!Number.isFinite(v) || v === 0) continue;
      finite.push(v);
      min = Math.min(min, Math.abs(v));
      max = Math.max(max, Math.abs(v));
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    if (finite.length === 0) return;
    const wide = max / min > 1000 || max > 1e8;
    this.sciMode = this.intMode ? wide : wide || min < 1e-4;
    for (const v of finite) {
      let len: number;
      if (this.sciMode) len = expStr(v, PRECISION).length;
      else if (this.intMode) len = fixedStr(v, 0).length + 1;
      else len = fixedStr(v, PRECISION).length;
      this.width = Math.max(this.width, len);
    }
  }

  /** One element, right-aligned to the common width. */
  format(v: number): string {
    let s: string;
    if (this.isBool) s = v !== 0 ? 'true' : 'false';
    else if (!this.floating) s = String(v);
    else if (this.sciMode) s = expStr(v, PRECISION);
    else if (this.intMode) s = Number.isFinite(v) ? `${fixedStr(v, 0)}.` : nonFinite(v);
    else s = fixedStr(v, PRECISION);
    return s.padStart(this.width);
  }
}

/** Indices printed along a dim of `size`; `-1` marks the `...` of a summarised dim. */
function shownIndices(size: number, summarize: boolean): number[] {
  const out: number[] = [];
  if (summarize && size > 2 * EDGE_ITEMS) {
    for (let i = 0; i < EDGE_ITEMS; i++) out.push(i);
    out.push(-1);
    for (let i = size - EDGE_ITEMS; i < size; i++) out.push(i);
  } else {
    for (let i = 0; i < size; i++) out.push(i);
  }
  return out;
}

/** Everything a recursive print needs, fixed for the whole tensor. */
interface Ctx {
  values: ArrayLike<number>;
  shape: readonly number[];
  strides: readonly number[];
  summarize: boolean;
}

/** The elements that will be shown (PyTorch's `get_summarized_data`), flattened. */
function shownValues(ctx: Ctx, dim: number, offset: number, out: number[]): void {
  if (dim === ctx.shape.length) {
    out.push(ctx.values[offset]!);
    return;
  }
  for (const i of shownIndices(ctx.shape[dim]!, ctx.summarize)) {
    if (i >= 0) shownValues(ctx, dim + 1, offset + i * ctx.strides[dim]!, out);
  }
}

/** Port of `_tensor_str_with_formatter` / `_vector_str` for the sub-tensor at `dim`, `offset`. */
function tensorStr(ctx: Ctx, fmt: Formatter, dim: number, offset: number, indent: number): string {
  const { shape, strides, values } = ctx;
  if (dim === shape.length) return fmt.format(values[offset]!);
  const indices = shownIndices(shape[dim]!, ctx.summarize);
  const stride = strides[dim]!;
  if (dim === shape.length - 1) {
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (fmt.width + 2)));
    const lines: string[] = [];
    for (let start = 0; start < indices.length; start += perLine) {
      const items: string[] = [];
      for (const i of indices.slice(start, start + perLine)) {
        items.push(i < 0 ? ' ...' : fmt.format(values[offset + i * stride]!));
      }
      lines.push(items.join(', '));
    }
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const slices: string[] = [];
  for (const i of indices) {
    slices.push(i < 0 ? '...' : tensorStr(ctx, fmt, dim + 1, offset + i * stride, indent + 1));
  }
  const sep = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + 1)}`;
  return `[${slices.join(sep)}]`;
}

/** Port of `_add_suffixes`: `, suffix` on the last line, or a new line once it passes 80 columns. */
function addSuffixes(str: string, suffixes: readonly string[], indent: number): string {
  let out = str;
  let lastLineLen = str.length - str.lastIndexOf('\n') + 1; // PyTorch's off-by-some, kept
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > LINE_WIDTH) {
      out += `,\n${' '.repeat(indent)}${suffix}`;
      lastLineLen = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLineLen += suffix.length + 2;
    }
  }
  return `${out})`;
}

/**
 * PyTorch's `repr` of a tensor (1.13 semantics, default print options): floats print as `1.` when
 * all are integral, else with 4 decimals, switching to `1.0000e+05` notation for wide ranges;
 * elements share one width; rows wrap at 80 columns; tensors over 1000 elements are summarised
 * with `...` (3 edge items). `suffixes` (e.g. `requiresGrad=true`, `dtype=float64`) are appended
 * inside the parentheses, wrapping onto new lines as PyTorch does; an empty non-1-d tensor gets
 * a leading `size=[...]` suffix.
 *
 * @param values The elements in row-major order (bools as 0/1).
 * @param shape The tensor's shape (`[]` for a 0-d scalar).
 * @param dtype The element type, which picks the formatting mode.
 * @param suffixes Extra `key=value` strings the caller wants shown.
 *
 * @example
 * ```ts
 * formatTensor([1, 2, 3, 4], [2, 2], 'float32', []);
 * // 'tensor([[1., 2.],\n        [3., 4.]])'
 * formatTensor([0.5, 1e5], [2], 'float64', ['dtype=float64']);
 * // 'tensor([5.0000e-01, 1.0000e+05], dtype=float64)'
 * formatTensor([3.5], [], 'float32', ['requiresGrad=true']);
 * // 'tensor(3.5000, requiresGrad=true)'
 * ```
 */
export function formatTensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: 'float32' | 'float64' | 'int32' | 'bool',
  suffixes: readonly string[],
): string {
  const indent = PREFIX.length;
  const numel = sizeOf(shape);
  if (numel === 0) {
    const all = shape.length === 1 ? suffixes : [`size=[${shape.join(', ')}]`, ...suffixes];
    return addSuffixes(`${PREFIX}[]`, all, indent);
  }
  const ctx: Ctx = {
    values,
    shape,
    strides: contiguousStrides(shape),
    summarize: numel > THRESHOLD,
  };
  const shown: number[] = [];
  shownValues(ctx, 0, 0, shown);
  const fmt = new Formatter(shown, dtype);
  return addSuffixes(PREFIX + tensorStr(ctx, fmt, 0, 0, indent), suffixes, indent);
}
