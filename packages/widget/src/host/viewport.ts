/** Below this width (in the panel's own pixels) the panel covers the screen and is modal (docs/design.md#widget: "full screen under 640 px"). */
const COMPACT_WIDTH = 640;

/**
 * Makes the floating host element a box over exactly the *visible* screen (`visualViewport`), so the launcher
 * and the panel, positioned inside it, stay on screen whatever the page does:
 * - a page wider than the phone (no viewport meta, an overflowing table, an RTL page) widens the box that
 *   `position: fixed` uses to the page's 1,000–1,500 px; the host is placed over the visual viewport instead;
 * - the on-screen keyboard shrinks only the visual viewport, and the composer must stay above it;
 * - a page zoomed out (no viewport meta: laid out at 980 px or more, shown at scale 375/980 or less) would show
 *   the panel's 15 px text at 5 px. The host is then laid out at the screen's size (375 px wide) and scaled up
 *   by 1/scale, so it looks and reads as on a phone-ready page. Zoomed *in* by the visitor, it is not scaled
 *   back down: they zoomed to read larger, and the panel honours that.
 * Compact (full-screen) is decided on the same box, in the panel's pixels: a media query would see the
 * zoomed-out page's 980 px.
 * Position and size travel as custom properties set through CSSOM, which a strict CSP allows. Where the browser
 * has no visual viewport the host keeps its plain fixed corner (the desktop layout). Returns the disposer.
 */
export function followVisualViewport(
  win: Window,
  host: HTMLElement,
  setCompact: (compact: boolean) => void,
): () => void {
  const viewport = win.visualViewport;
  if (!viewport) return () => {};
  const set = (name: string, value: number, unit = 'px') =>
    host.style.setProperty(`--_vv-${name}`, value + unit);
  let x = 0;
  let y = 0;
  const update = () => {
    // Where the fixed containing block sits is the browser's business (on a wide RTL page Chromium puts it
    // ~1,000 px off to the left of the screen), so measure where the host landed and move it by the difference.
    const box = host.getBoundingClientRect();
    x += viewport.offsetLeft - box.left;
    y += viewport.offsetTop - box.top;
    const scale = Math.min(viewport.scale, 1);
    const width = viewport.width * scale;
    set('x', x);
    set('y', y);
    set('w', width);
    set('h', viewport.height * scale);
    set('k', 1 / scale, '');
    host.toggleAttribute('data-compact', width < COMPACT_WIDTH);
    setCompact(width < COMPACT_WIDTH);
  };
  // Measured from a known place: the corner of the containing block.
  set('x', 0);
  set('y', 0);
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
