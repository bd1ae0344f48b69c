/** Replaces the text of one stylesheet of the shadow root. */
export type SetStyles = (css: string) => void;

function supportsAdoption(root: ShadowRoot, view: typeof globalThis | null): view is typeof globalThis {
  return (
    view !== null &&
    'adoptedStyleSheets' in root &&
    typeof view.CSSStyleSheet === 'function' &&
    'replaceSync' in view.CSSStyleSheet.prototype
  );
}

/**
 * Gives the shadow root `count` independent stylesheets without ever needing `'unsafe-inline'`:
 * constructable stylesheets where the browser has them, else `<style nonce>` when `init` passed a nonce,
 * else nothing (the widget still works, unstyled, rather than tripping the page's CSP).
 */
export function createStyleSlots(root: ShadowRoot, count: number, nonce?: string): SetStyles[] {
  const doc = root.ownerDocument;
  const view = doc.defaultView as (typeof globalThis & Window) | null;
  if (supportsAdoption(root, view)) {
    // The sheets must come from the shadow root's own window: adopting a sheet made by another
    // document (an iframe's, say) throws.
    const sheets = Array.from({ length: count }, () => new view.CSSStyleSheet());
    // Assigned, not pushed: older Chromium exposes a frozen array.
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
    return sheets.map((sheet) => (css: string) => sheet.replaceSync(css));
  }
  if (nonce) {
    return Array.from({ length: count }, () => {
      const style = doc.createElement('style');
      style.setAttribute('nonce', nonce);
      root.append(style);
      return (css: string) => {
        style.textContent = css;
      };
    });
  }
  return Array.from({ length: count }, () => () => {});
}
