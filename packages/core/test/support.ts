import { createInMemoryAdapter, InMemoryDestination } from '../src/testing/in-memory-adapter.js';

export * from '@hub/core';

export function createInMemoryAdapterForTests() {
  return createInMemoryAdapter(new InMemoryDestination());
}
