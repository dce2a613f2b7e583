// `npm run soak`: the long variants of the fault suite (test/faults/soak/*.soak.ts), kept out of
// `npm test`. Each file bounds its own loops and time; nothing here runs forever.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/soak/**/*.soak.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
