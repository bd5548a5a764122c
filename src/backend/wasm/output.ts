/**
 * @file Output arrays for kernels that write every element: in Node, large ones come from
 * `Buffer.allocUnsafeSlow` (malloc'd, not zero-filled), which reuses freed heap memory instead
 * of mapping fresh zero pages — measured at 0.18 ms instead of 0.3–0.9 ms to allocate and
 * fill 4 MB. The arrays are ordinary typed arrays over their own `ArrayBuffer`, collected as
 * usual; elsewhere (browsers) they are plain `new Float32Array(n)`.
 *
 * Freed memory is only reused if the C allocator keeps it. glibc's malloc returns the top of
 * its heap to the system once more than its trim threshold is free there (128 KiB at first;
 * after it frees an mmapped block it raises its mmap threshold to that block's size, up to
 * 32 MiB, and the trim threshold to twice that). A garbage-collected loop frees its outputs
 * in batches, several 4 MB results at once, which crosses a low threshold: the memory goes
 * back to the system and every page of the next outputs is faulted in afresh (~2 µs a page on
 * this project's VM, 2 ms per 4 MB: `exp` and `softmax` of 1M floats took 500–1000 faults a
 * call). So the first large output also allocates, untouched, and drops one block just under
 * 32 MiB: once it is collected, glibc's thresholds are at their maximum (32 / 64 MiB) and
 * large results are recycled from the heap (measured: 0–11 faults a call, 0.6–0.9 ms instead
 * of 2–3 ms; test/backend/wasm/output.test.ts). Other allocators (musl, macOS, Windows) are
 * unaffected by it.
 */

/** Byte size from which the uninitialised allocation is used (below it V8's own is as fast). */
const UNINIT_MIN_BYTES = 1 << 16;

interface BufferLike {
  readonly buffer: ArrayBuffer;
  readonly byteOffset: number;
}
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): BufferLike } }).Buffer;

/** Just under glibc's largest dynamic mmap threshold (32 MiB), allowing for its chunk header and page rounding. */
const PRIME_BYTES = (32 << 20) - (64 << 10);
let primed = false;

function bytes(size: number): ArrayBuffer | null {
  if (NodeBuffer === undefined || size < UNINIT_MIN_BYTES) return null;
  if (!primed) {
    primed = true;
    NodeBuffer.allocUnsafeSlow(PRIME_BYTES); // dropped at once: see the file comment
  }
  const b = NodeBuffer.allocUnsafeSlow(size);
  return b.byteOffset === 0 && b.buffer.byteLength === size ? b.buffer : null;
}

/** A float32 array of `n` elements with unspecified contents: the caller writes every one. */
export function outputF32(n: number): Float32Array {
  const b = bytes(n * 4);
  return b === null ? new Float32Array(n) : new Float32Array(b, 0, n);
}

/** An int32 array of `n` elements with unspecified contents: the caller writes every one. */
export function outputI32(n: number): Int32Array {
  const b = bytes(n * 4);
  return b === null ? new Int32Array(n) : new Int32Array(b, 0, n);
}

/** A byte array of `n` elements with unspecified contents: the caller writes every one. */
export function outputU8(n: number): Uint8Array {
  const b = bytes(n);
  return b === null ? new Uint8Array(n) : new Uint8Array(b, 0, n);
}
