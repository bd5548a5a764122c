/**
 * @file Small helpers shared by the examples: how many training steps (epochs, iterations) to
 * run, and whether a file is being run directly (`npx tsx examples/xor.ts`) or imported (by
 * the smoke tests in `test/examples/`).
 *
 * The step count comes from, in order: the `steps` option passed to an example's `main`, the
 * `--steps N` command-line flag, the `TG_EXAMPLE_STEPS` environment variable, and finally
 * the example's own default (its full run).
 */
import { pathToFileURL } from 'node:url';

/** The number of steps to run: `given`, else `--steps N`, else `TG_EXAMPLE_STEPS`, else `fallback`. */
export function stepCount(fallback: number, given?: number): number {
  if (given !== undefined) return given;
  const flag = process.argv.indexOf('--steps');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.TG_EXAMPLE_STEPS;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--steps / TG_EXAMPLE_STEPS must be a positive integer, got '${raw}'`);
  return n;
}

/** True when the file at `importMetaUrl` is the script Node was started with. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}

/** Formats a fraction in [0, 1] as a percentage with two decimals: `0.9623` → `96.23%`. */
export function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}
