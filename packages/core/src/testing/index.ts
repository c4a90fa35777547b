// Test helpers for plugin authors. Imports vitest: use only from test files.
export * from './adapter-contract-suite.js';
export * from './in-memory-adapter.js';
export * from './in-memory-source.js';
export * from './source-contract-suite.js';
