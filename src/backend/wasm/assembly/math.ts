// Kernels of ../exports.ts (work in progress).
