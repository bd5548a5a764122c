// The WebAssembly kernels' entry point (AssemblyScript). Every export here is a kernel the
// TypeScript side calls with byte offsets into the shared linear memory (signatures in
// ../exports.ts); nothing in this module allocates (the runtime is `stub`), keeps state, or
// has data segments, so several instances (one per thread) can share one memory.
export * from './gemm';
export * from './math';
export * from './rows';
export * from './optim';
export * from './binary';
export * from './unfold';
export * from './pool';
