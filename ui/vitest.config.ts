import { mergeConfig, defineConfig } from 'vitest/config'
import viteConfig from './vite.config'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.ts'],
      setupFiles: ['src/test/setup.ts'],
      // A hang guard, not a timing check: mounting Element Plus dialogs on a loaded 2-core
      // machine (vitest runs two files at once) can pass 5 s.
      testTimeout: 20_000,
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
