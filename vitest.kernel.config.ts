import { defineConfig } from 'vitest/config';

// The live kernel conformance suite: builds labs in network namespaces (root only).
export default defineConfig({
  test: {
    include: ['src/**/*.kernel.test.ts', 'scripts/**/*.kernel.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
