import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one worker on a two-core machine, where
    // most of the suite's time is children (the CLI, Chromium, pre-commit, npm) the worker waits on.
    maxWorkers: Math.max(2, availableParallelism() + 1),
  },
});
