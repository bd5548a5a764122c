/**
 * @file `tg.io`: saving and loading tensors as safetensors files (`save`, `load`,
 * `serialize`, `deserialize`) and NumPy `.npy` files (`saveNpy`, `loadNpy`, `serializeNpy`,
 * `deserializeNpy`).
 */
export { save, load, serialize, deserialize, type NamedTensors, type SafetensorsContents } from './safetensors.js';
export { saveNpy, loadNpy, serializeNpy, deserializeNpy } from './npy.js';
export { IoError } from './errors.js';
