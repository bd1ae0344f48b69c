// tsc compiles code only; the demo's Markdown articles travel with the build so `dist/` runs on its own.
import { cpSync } from 'node:fs';

cpSync(new URL('../src/demo/articles', import.meta.url), new URL('../dist/demo/articles', import.meta.url), {
  recursive: true,
});
