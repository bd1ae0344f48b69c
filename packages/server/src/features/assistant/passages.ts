import { articlePlainText } from '../help/markdown.js';
import { analyzeQuery } from '../help/query.js';
import { tokenize } from '../help/tokenize.js';

/** One quotable piece of an article: a paragraph or a list item, with the heading it sits under. */
export interface Passage {
  /** Position in the article, for keeping quoted passages in reading order. */
  index: number;
  /** The section's heading (plain text), `null` before the first heading. */
  heading: string | null;
  /** Plain text, no markup. */
  text: string;
  /** A list item (quoted with a bullet). */
  item: boolean;
}

const HEADING = /^#{1,6}\s+(.*)$/;
const ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;

/**
 * Splits an article's Markdown into paragraphs and list items under their headings. Articles are
 * written one paragraph or item per line (continuation lines join the block above).
 */
export function splitPassages(markdown: string): Passage[] {
  const passages: Passage[] = [];
  let heading: string | null = null;
  let open: { lines: string[]; item: boolean } | undefined;
  const close = () => {
    if (!open) return;
    const text = articlePlainText(open.lines.join('\n')).replace(/\s+/g, ' ').trim();
    if (text) passages.push({ index: passages.length, heading, text, item: open.item });
    open = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const title = HEADING.exec(line);
    if (title) {
      close();
      heading = articlePlainText(title[1]!).trim() || null;
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      close();
      open = { lines: [item[1]!], item: true };
      continue;
    }
    if (open) open.lines.push(line);
    else open = { lines: [line], item: false };
  }
  close();
  return passages;
}

/**
 * How well each passage answers the question: the share of the question's concepts (its words,
 * with their synonyms) found in the passage or its heading, each weighted by how specific it is
 * within this article (a word every passage has tells nothing about which one answers).
 */
export function scorePassages(passages: Passage[], question: string, chinese: boolean): number[] {
  const { concepts } = analyzeQuery(question, chinese);
  const terms = passages.map((p) => new Set(tokenize(`${p.heading ?? ''} ${p.text}`)));
  const weight = (term: string) => {
    const df = terms.filter((set) => set.has(term)).length;
    return Math.log(1 + (passages.length + 1) / (df + 0.5));
  };
  return terms.map((set) => {
    let score = 0;
    for (const concept of concepts) {
      const hits = concept.terms.filter((term) => set.has(term));
      if (hits.length > 0) score += Math.max(...hits.map(weight));
    }
    return score;
  });
}

/** Roughly how much a reply quotes: enough to answer, short enough to read on a phone. */
const QUOTE_BUDGET = 420;

/**
 * The passages to quote for a question: the best one with the rest of its section when that is
 * short (a heading's list is one answer), else the best two. With nothing matched (the question
 * matched the title only), the article's opening, which says what it is about.
 */
export function choosePassages(passages: Passage[], question: string, chinese: boolean): Passage[] {
  if (passages.length === 0) return [];
  const scores = scorePassages(passages, question, chinese);
  let best = 0;
  for (let i = 1; i < passages.length; i++) if (scores[i]! > scores[best]!) best = i;
  if (scores[best]! <= 0) return takeWithin(passages.slice(0, 3));
  const anchor = passages[best]!;
  const section = passages.filter((p) => p.heading === anchor.heading && (p.item || p === anchor));
  if (section.length > 1 && length(section) <= QUOTE_BUDGET) return section;
  const ranked = passages
    .map((passage, i) => ({ passage, score: scores[i]! }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.passage.index - b.passage.index)
    .map((entry) => entry.passage);
  return takeWithin(ranked.slice(0, 2)).sort((a, b) => a.index - b.index);
}

function length(passages: Passage[]): number {
  return passages.reduce((sum, p) => sum + p.text.length, 0);
}

/** The first passages that fit the budget; always at least one. */
function takeWithin(passages: Passage[]): Passage[] {
  const out: Passage[] = [];
  for (const passage of passages) {
    if (out.length > 0 && length(out) + passage.text.length > QUOTE_BUDGET) break;
    out.push(passage);
  }
  return out;
}

/** Passages as quoted text: the heading once per section, list items bulleted. */
export function quote(passages: Passage[]): string {
  const lines: string[] = [];
  let heading: string | null | undefined;
  for (const passage of passages) {
    if (passage.heading !== heading && passage.heading && passages.length > 1) lines.push(passage.heading);
    heading = passage.heading;
    lines.push(passage.item ? `• ${passage.text}` : passage.text);
  }
  return lines.join('\n');
}
