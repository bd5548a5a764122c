/**
 * @file `tg.data`: map-style data sets (`Dataset`, `TensorDataset`, `Subset`, `randomSplit`),
 * batching (`DataLoader`, `defaultCollate`), the IDX reader (`readIdx`, `parseIdx`) and
 * ready-made data sets (`mnist`, `fashionMnist`, `iris`).
 */
export { Dataset, TensorDataset, Subset, randomSplit, type RandomSplitOptions } from './dataset.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { readIdx, parseIdx } from './idx.js';
export {
  mnist, fashionMnist, iris, type LabeledImages, type MnistOptions, type FashionMnistOptions, type IrisData,
} from './datasets.js';
