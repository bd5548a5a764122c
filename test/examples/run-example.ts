/**
 * @file Runs an example's `main` in-process with a small step count and returns what it logged,
 * for the smoke tests in this folder.
 */
import { vi } from 'vitest';

/** Calls `main()` with `console.log` captured; returns its result and the logged lines. */
export async function runExample<R>(main: () => R | Promise<R>): Promise<{ result: R; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    const result = await main();
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}
