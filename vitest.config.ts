import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests load the embedded model and build indexes: give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Marks the run's temporary folders and fails the run if a test leaves one behind.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
