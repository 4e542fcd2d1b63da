import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.kernel.test.ts', 'node_modules/**'],
    pool: 'threads',
    maxWorkers: 2,
  },
});
