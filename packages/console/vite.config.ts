import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  // The server mounts the built files under /console/, so every asset URL must carry that prefix.
  base: '/console/',
  // No @preact/preset-vite: the automatic runtime pointed at preact is all the JSX support we need.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `source` makes @topay-support/protocol resolve to its TypeScript, so no protocol build is needed first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES2022 modules supports modulepreload; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
  },
});
