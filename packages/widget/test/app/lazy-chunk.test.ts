import { describe, expect, it } from 'vitest';
import { createLazyChunk } from '../../src/app/lazy-chunk.js';

const feature = () => ({
  disposed: false,
  dispose() {
    this.disposed = true;
  },
});

describe('createLazyChunk', () => {
  it('is unavailable without a source and never imports', async () => {
    let imports = 0;
    const lazy = createLazyChunk({ source: undefined, importChunk: async () => imports++, setup: feature });
    expect(lazy.status.value).toBe('unavailable');
    expect(await lazy.load()).toBeUndefined();
    expect(imports).toBe(0);
  });

  it('imports once for concurrent loads, and again after a failure', async () => {
    let imports = 0;
    let fail = true;
    const lazy = createLazyChunk({
      source: 'client',
      importChunk: async () => {
        imports++;
        if (fail) throw new Error('offline');
        return 'module';
      },
      setup: feature,
    });
    expect(await lazy.load()).toBeUndefined();
    expect(lazy.status.value).toBe('failed');
    fail = false;
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(b);
    expect(imports).toBe(2);
    expect(lazy.status.value).toBe('ready');
    expect(lazy.chunk.value).toBe('module');
  });

  it('builds nothing when disposed before the chunk arrives, and disposes what it built', async () => {
    const early = createLazyChunk({ source: 'client', importChunk: async () => 'module', setup: feature });
    const loading = early.load();
    early.dispose();
    expect(await loading).toBeUndefined();
    expect(early.feature.value).toBeUndefined();

    const late = createLazyChunk({ source: 'client', importChunk: async () => 'module', setup: feature });
    const built = await late.load();
    late.dispose();
    expect(built?.disposed).toBe(true);
  });
});
