// Unit tests of web-common and of both apps: tests/**/*.test.ts, in Node (no browser DOM).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});
