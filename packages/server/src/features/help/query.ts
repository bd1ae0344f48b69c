import { SYNONYM_GROUPS } from './synonyms.js';
import { normalizeText, tokenizeNormalized } from './tokenize.js';

/** How much a word the customer did not type, found through the synonym list, counts against one they did. */
export const EXPANSION_WEIGHT = 0.6;

/**
 * One thing the customer asked about: the words they typed for it and, when the synonym list knows
 * it, the other words for the same thing. An article covers a concept when it matches any of them.
 */
export interface QueryConcept {
  terms: string[];
}

export interface AnalyzedQuery {
  concepts: QueryConcept[];
  /** Every search term with its weight: 1 for typed words, EXPANSION_WEIGHT for synonyms. */
  weights: Map<string, number>;
  /**
   * Terms worth highlighting: typed words and synonyms that are whole words ("退款" for "退钱"),
   * not a piece of a synonym phrase ("back" of "money back").
   */
  highlight: Set<string>;
}

interface Group {
  members: string[];
  /** Search terms of every member. */
  terms: string[];
  /** Search terms of the members that are one term. */
  words: string[];
}

const HAN = /\p{Script=Han}/u;

// Member terms depend on the segmenter, so the prepared list is kept per segmentation of a probe.
const prepared = new Map<string, Group[]>();

/** The groups, with only their Latin-script members when the articles are not in Chinese. */
function groups(chinese: boolean): Group[] {
  const key = `${chinese}:${tokenizeNormalized('手机号码').join('|')}`;
  let list = prepared.get(key);
  if (!list) {
    list = SYNONYM_GROUPS.map((group) => {
      const all = group.map((member) => normalizeText(member));
      // A Chinese word finds nothing in English articles and would only pull Chinese queries there.
      const members = chinese ? all : all.filter((member) => !HAN.test(member));
      const split = members.map((member) => tokenizeNormalized(member, false));
      return {
        members,
        terms: [...new Set(split.flat())],
        words: split.filter((terms) => terms.length === 1).map((terms) => terms[0]!),
      };
    });
    prepared.set(key, list);
  }
  return list;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Colloquial Chinese glues a modal before a verb or an aspect particle after it into one word
// the dictionary does not know ("想换", "锁了"); the verb alone is what the question is about.
const MODALS = new Set([...'想要能该']);
const PARTICLES = new Set([...'了过着']);

function unglue(term: string): string {
  if (term.length !== 2 || !HAN.test(term)) return term;
  if (MODALS.has(term[0]!)) return term[1]!;
  if (PARTICLES.has(term[1]!)) return term[0]!;
  return term;
}

// Whole-word patterns for Latin members, compiled once.
const patterns = new Map<string, RegExp>();

/** Where a member occurs: Chinese of two or more characters anywhere, anything else as whole words. */
function occurs(member: string, text: string, typed: Set<string>): boolean {
  if (HAN.test(member) && member.length >= 2) return text.includes(member);
  if (HAN.test(member)) return typed.has(member);
  let pattern = patterns.get(member);
  if (!pattern) {
    pattern = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(member)}(?:$|[^\\p{L}\\p{N}])`, 'u');
    patterns.set(member, pattern);
  }
  return pattern.test(text);
}

/**
 * Turns a query into concepts and weighted terms (normalised, segmented, expanded by synonyms).
 * `chinese` says whether the articles searched are in Chinese (either script).
 */
export function analyzeQuery(query: string, chinese = true): AnalyzedQuery {
  const text = normalizeText(query);
  const typedTerms = tokenizeNormalized(text).map(unglue);
  const typed = new Set(typedTerms);
  const weights = new Map<string, number>();
  for (const term of typedTerms) weights.set(term, 1);

  const claimed = new Set<string>();
  const highlight = new Set(typedTerms);
  const concepts: QueryConcept[] = [];
  for (const group of groups(chinese)) {
    const found = group.members.filter((member) => occurs(member, text, typed));
    if (found.length === 0) continue;
    // The typed words this group stands for: those inside a member that occurs in the query.
    const own = typedTerms.filter((term) => found.some((member) => member === term || member.includes(term)));
    for (const term of own) claimed.add(term);
    for (const term of group.terms) {
      if (!weights.has(term)) weights.set(term, EXPANSION_WEIGHT);
    }
    for (const word of group.words) highlight.add(word);
    concepts.push({ terms: [...new Set([...own, ...group.terms])] });
  }
  // The rest are one concept each, except that the pieces of a longer Chinese word (its sub-words
  // and bigrams) belong to that word: "手机号码" is one thing asked about, not four.
  const rest = [...typed].filter((term) => !claimed.has(term)).sort((a, b) => b.length - a.length);
  const words: QueryConcept[] = [];
  for (const term of rest) {
    const parent = HAN.test(term) ? words.find((c) => c.terms[0]!.includes(term)) : undefined;
    if (parent) parent.terms.push(term);
    else words.push({ terms: [term] });
  }
  return { concepts: [...concepts, ...words], weights, highlight };
}
