import { defineConfig } from 'vite';

// Nothing about `@topay-support/*` here, on purpose. The workspace packages also export their TypeScript under a
// `source` condition (the repo's tests and builds ask for it); Vite's default conditions do not include it, so
// this app gets each package's built `dist` (the `default` export), exactly what `npm install` would give it.
// Likewise tsconfig.json clears `customConditions`, so `tsc` reads the published `.d.ts` files.
export default defineConfig({
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
