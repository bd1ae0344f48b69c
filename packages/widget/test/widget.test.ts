import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { demoConfig, eventNames, installVisualViewport, type Mounted, mount } from './helpers.js';

let current: Mounted | undefined;
async function setup(...args: Parameters<typeof mount>): Promise<Mounted> {
  current = await mount(...args);
  return current;
}

afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.documentElement.lang = '';
  document.body.replaceChildren();
});

describe('host element', () => {
  test('is one <topay-support> with an open shadow root, appended to <body>, without registering an element', async () => {
    const define = vi.spyOn(customElements, 'define');
    const { host, shadow } = await setup();
    expect(document.querySelectorAll('topay-support')).toHaveLength(1);
    expect(host.parentElement).toBe(document.body);
    expect(shadow.mode).toBe('open');
    expect(host.getAttribute('data-mode')).toBe('floating');
    expect(define).not.toHaveBeenCalled();
    define.mockRestore();
  });

  test('never writes a style attribute or a <style> element without a nonce', async () => {
    const { shadow, run, ui } = await setup();
    await run((c) => c.open());
    expect(ui.getByRole('dialog')).toBeTruthy();
    expect(shadow.querySelectorAll('style')).toHaveLength(0);
    expect(shadow.querySelectorAll('[style]')).toHaveLength(0);
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
  });

  test('falls back to <style nonce> when constructable stylesheets are missing and a nonce is given', async () => {
    const { shadow } = await setup({ nonce: 'r4nd0m' });
    const styles = shadow.querySelectorAll('style');
    // jsdom has no adoptedStyleSheets, so this is the fallback path: base, theme, and chat, help and payments
    // (empty until their chunks load).
    expect(styles).toHaveLength(5);
    for (const style of styles) expect(style.getAttribute('nonce')).toBe('r4nd0m');
    expect(styles[0]?.textContent).toContain(':host{all:initial!important');
    expect(styles[1]?.textContent).toContain('--_cfg-accent:#0a7d4f');
  });

  test('takes position and colour scheme from the merchant, and init options override them', async () => {
    const first = await setup({}, demoConfig({ position: 'left', colorScheme: 'auto' }));
    expect(first.host.dataset.position).toBe('left');
    expect(first.host.dataset.scheme).toBe('auto');
    first.controller.destroy();
    const second = await setup({ position: 'right', colorScheme: 'dark' }, demoConfig({ position: 'left' }));
    expect(second.host.dataset.position).toBe('right');
    expect(second.host.dataset.scheme).toBe('dark');
  });

  test('a malformed merchant colour never reaches the stylesheet', async () => {
    const { shadow } = await setup({ nonce: 'n' }, demoConfig({ color: 'red}*{display:none' }));
    const theme = shadow.querySelectorAll('style')[1]?.textContent ?? '';
    expect(theme).not.toContain('display:none');
    expect(theme).toContain('--_cfg-accent:#1d4ed8');
  });
});

describe('launcher and panel', () => {
  test('the launcher has an accessible name and opens a labelled dialog inside the shadow root', async () => {
    const { ui, shadow, events } = await setup();
    const launcher = ui.getByRole('button', { name: 'Open support' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-controls')).toBe('tps-panel');
    // Checked on the attribute: jsdom caches computed styles in shadow trees, so a role query here
    // would keep seeing the panel as display:none after it opens.
    expect(shadow.getElementById('tps-panel')?.hidden).toBe(true);

    fireEvent.click(launcher);
    await current?.flush();

    const dialog = ui.getByRole('dialog');
    expect(dialog.id).toBe('tps-panel');
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    const title = shadow.getElementById(dialog.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Demo Shop');
    expect(dialog.hasAttribute('aria-modal')).toBe(false);
    expect(shadow.activeElement).toBe(ui.getByRole('searchbox', { name: 'Search help articles' }));
    expect(eventNames(events)).toEqual(['ready', 'open']);
  });

  test('Escape closes the panel and returns focus to the launcher', async () => {
    const { ui, shadow, events, flush } = await setup();
    const launcher = ui.getByRole('button', { name: 'Open support' });
    launcher.focus();
    fireEvent.click(launcher);
    await flush();
    fireEvent.keyDown(shadow.activeElement as Element, { key: 'Escape' });
    await flush();
    expect(ui.queryByRole('dialog')).toBeNull();
    expect(shadow.activeElement).toBe(launcher);
    expect(eventNames(events)).toEqual(['ready', 'open', 'close']);
  });

  test('the close button closes and returns focus to the launcher', async () => {
    const { ui, shadow, run, flush } = await setup();
    await run((c) => c.open());
    fireEvent.click(ui.getByRole('button', { name: 'Close support' }));
    await flush();
    expect(ui.queryByRole('dialog')).toBeNull();
    expect(shadow.activeElement).toBe(ui.getByRole('button', { name: 'Open support' }));
  });

  test('a programmatic close does not steal focus from the page', async () => {
    const outside = document.body.appendChild(document.createElement('input'));
    const { ui, run } = await setup();
    await run((c) => c.open());
    outside.focus();
    await run((c) => c.close());
    expect(ui.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(outside);
  });

  test('without a launcher, closing returns focus to what had it before opening', async () => {
    const trigger = document.body.appendChild(document.createElement('button'));
    trigger.focus();
    const { ui, shadow, run, flush } = await setup({ hideLauncher: true });
    expect(ui.queryByRole('button', { name: 'Open support' })).toBeNull();
    await run((c) => c.open());
    fireEvent.keyDown(shadow.activeElement as Element, { key: 'Escape' });
    await flush();
    expect(document.activeElement).toBe(trigger);
  });

  test('open, close and toggle emit open/close only on a change of state', async () => {
    const { run, events } = await setup();
    await run((c) => c.open());
    await run((c) => c.open());
    await run((c) => c.toggle());
    await run((c) => c.close());
    await run((c) => c.toggle());
    expect(eventNames(events)).toEqual(['ready', 'open', 'close', 'open']);
  });
});

describe('phone layout', () => {
  test('under 640 px the dialog is modal and Tab cycles inside it', async () => {
    const { viewport, restore } = installVisualViewport({ width: 375, height: 667 });
    try {
      const { ui, shadow, run } = await setup();
      await run((c) => c.open());
      const dialog = ui.getByRole('dialog');
      expect(dialog.getAttribute('aria-modal')).toBe('true');

      const close = ui.getByRole('button', { name: 'Close support' });
      const entries = ui.getAllByRole('button').filter((b) => dialog.contains(b));
      const last = entries[entries.length - 1] as HTMLElement;
      last.focus();
      fireEvent.keyDown(last, { key: 'Tab' });
      expect(shadow.activeElement).toBe(close);
      fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
      expect(shadow.activeElement).toBe(last);

      // Compact is decided on the visible screen in the panel's pixels: a page zoomed out to 980 px or more
      // (no viewport meta) on the same phone is still a phone…
      await run(() => viewport.set({ width: 1448, height: 2576, scale: 375 / 1448 }));
      expect(dialog.getAttribute('aria-modal')).toBe('true');
      // …and a window wider than 640 px is not.
      await run(() => viewport.set({ width: 1024, height: 768, scale: 1 }));
      expect(dialog.hasAttribute('aria-modal')).toBe(false);
    } finally {
      restore();
    }
  });
});

describe('inline mode', () => {
  test('renders the panel into the container, always open, without launcher or close button', async () => {
    const container = document.body.appendChild(document.createElement('section'));
    const { host, ui, events, run } = await setup({ container });
    expect(host.parentElement).toBe(container);
    expect(host.dataset.mode).toBe('inline');
    expect(ui.queryByRole('button', { name: 'Open support' })).toBeNull();
    expect(ui.queryByRole('button', { name: 'Close support' })).toBeNull();
    // Part of the merchant's page, not a dialog over it.
    expect(ui.queryByRole('dialog')).toBeNull();
    expect(ui.getByRole('region', { name: 'Demo Shop' }).getAttribute('aria-modal')).toBeNull();
    // Mounting inline must not pull focus away from the page.
    expect(host.shadowRoot?.activeElement ?? null).toBeNull();
    await run((c) => c.close());
    fireEvent.keyDown(ui.getByRole('region', { name: 'Demo Shop' }), { key: 'Escape' });
    expect(ui.getByRole('region', { name: 'Demo Shop' })).toBeTruthy();
    expect(eventNames(events)).toEqual(['ready']);
  });
});

describe('untrusted text', () => {
  test('the merchant name, greeting and a search query render as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const { ui, shadow, run, flush } = await setup(
      {},
      demoConfig({ name: evil, greeting: { en: `${evil} hi` } }),
    );
    await run((c) => c.open());
    expect(ui.getByRole('heading', { level: 2 }).textContent).toBe(evil);
    expect(ui.getByText(`${evil} hi`)).toBeTruthy();
    await run((c) => c.searchHelp(evil));
    await flush();
    expect((ui.getByRole('searchbox') as HTMLInputElement).value).toBe(evil);
    expect(shadow.querySelector('img')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('destroy', () => {
  test('removes the host node and every listener it added', async () => {
    const { viewport, restore } = installVisualViewport({ width: 1024, height: 768 });
    const added = vi.spyOn(window, 'addEventListener');
    const docAdded = vi.spyOn(document, 'addEventListener');
    try {
      const { controller, run, host } = await setup();
      await run((c) => c.open());
      expect(viewport.listeners).toBe(2);
      controller.destroy();
      expect(host.isConnected).toBe(false);
      expect(document.querySelector('topay-support')).toBeNull();
      expect(viewport.listeners).toBe(0);
      // The widget listens only on its own nodes, never on window or document.
      expect(added).not.toHaveBeenCalled();
      expect(docAdded).not.toHaveBeenCalled();
    } finally {
      added.mockRestore();
      docAdded.mockRestore();
      restore();
    }
  });

  test('is idempotent, and later commands and late answers do nothing', async () => {
    let answer: (config: ReturnType<typeof demoConfig>) => void = () => {};
    const pending = new Promise<ReturnType<typeof demoConfig>>((resolve) => {
      answer = resolve;
    });
    const { controller, events, flush } = await setup({}, () => pending);
    controller.destroy();
    controller.destroy();
    controller.open();
    answer(demoConfig());
    await flush();
    expect(events).toEqual([]);
    expect(document.querySelector('topay-support')).toBeNull();
  });
});
