import type { TextPart } from '@topay-support/protocol';
import { render } from 'preact';
import { describe, expect, test } from 'vitest';
import { LINKIFY_CASES } from '../../../../protocol/test/linkify-cases.js';
import { linkify } from '../../../src/features/conversation/linkify.js';

/** The rendered message read back: only text nodes and anchors may be there. */
function readBack(container: HTMLElement): TextPart[] {
  return Array.from(container.childNodes, (node) => {
    if (node.nodeType === Node.TEXT_NODE) return { text: node.textContent ?? '' };
    const anchor = node as HTMLAnchorElement;
    expect(anchor.tagName).toBe('A');
    expect(anchor.children).toHaveLength(0);
    expect(anchor.getAttribute('target')).toBe('_blank');
    expect(anchor.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    return { text: anchor.textContent ?? '', href: anchor.getAttribute('href') ?? '' };
  });
}

// The same table as the protocol's and the widget's (packages/protocol/test/linkify-cases.ts).
describe("the console's message text", () => {
  test.each(LINKIFY_CASES)('$name', ({ input, parts }) => {
    const container = document.createElement('div');
    render(<p>{linkify(input)}</p>, container);
    // Adjacent strings render as separate text nodes; joined, they are the case's plain parts.
    const merged = readBack(container.firstElementChild as HTMLElement).reduce<TextPart[]>((all, part) => {
      const last = all.at(-1);
      if (last && !last.href && !part.href) last.text += part.text;
      else if (part.text !== '' || part.href) all.push(part);
      return all;
    }, []);
    expect(merged).toEqual(parts);
    render(null, container);
  });
});
