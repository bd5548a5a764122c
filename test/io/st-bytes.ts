/**
 * @file Builds safetensors files byte by byte for the tests, malformed ones included.
 */

/** The 8-byte little-endian length prefix followed by `json` (UTF-8, used as given: no padding added). */
export function header(json: string, length?: number): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length ?? text.length), true);
  out.set(text, 8);
  return out;
}

/** A file of a header given as JSON text or an object, followed by `data` (or that many zero bytes). */
export function stFile(json: string | object, data: Uint8Array | number = 0): Uint8Array {
  const head = header(typeof json === 'string' ? json : JSON.stringify(json));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** The JSON header text of safetensors `bytes` (padding included). */
export function headerText(bytes: Uint8Array): string {
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(0, true);
  return new TextDecoder().decode(bytes.subarray(8, 8 + n));
}
