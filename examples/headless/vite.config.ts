import { defineConfig } from 'vite';

// As in examples/npm-app: Vite's default conditions skip the workspace's `source` export, so
// `@topay-support/sdk` resolves to its built `dist`, as it would from npm. Run `pnpm build` first.
export default defineConfig({
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
