import type { JSX } from 'preact';

/**
 * A snippet with its matches in `<mark>`: the server sends plain text and [start, end) ranges, and every piece
 * becomes a text node, so a snippet that contains markup shows it as text.
 */
export function Highlighted({
  text,
  ranges,
}: {
  text: string;
  ranges: ReadonlyArray<readonly [number, number]>;
}) {
  const parts: Array<string | JSX.Element> = [];
  let at = 0;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(from, at);
    const end = Math.min(to, text.length);
    // Also skips NaN and overlapping or reversed ranges: a bad range costs a highlight, never the text.
    if (!(end > start)) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
