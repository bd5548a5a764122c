// Stand-ins for the Node built-ins that tensorgrad's file readers and writers import
// (node:fs, node:path, node:module, node:url, node:zlib), for the browser check's bundle only:
// the kernels never call them; anything that does fails with a clear message.
const unavailable = (name) => () => {
  throw new Error(`${name} is not available in a browser`);
};
export const createRequire = unavailable('createRequire');
export const dirname = unavailable('dirname');
export const join = unavailable('join');
export const existsSync = unavailable('existsSync');
export const fileURLToPath = unavailable('fileURLToPath');
export const gunzipSync = unavailable('gunzipSync');
export const mkdirSync = unavailable('mkdirSync');
export const readFileSync = unavailable('readFileSync');
export const writeFileSync = unavailable('writeFileSync');
export default {};
