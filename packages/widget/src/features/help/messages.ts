import type { PluralBase, Translate } from '@topay-support/protocol';

// The help strings' reference table (English): its keys type every other locale's. Not in the help chunk:
// English travels in `i18n/locales/en.ts` like every locale but the inlined default (`messages.zh-CN.ts`).
export const helpEn = {
  'help.resultsLabel': 'Search results',
  'help.results_one': '{{count, number}} article found',
  'help.results_other': '{{count, number}} articles found',
  'help.noResults': 'No articles match “{{query}}”.',
  'help.noResultsBody': 'Try other words, or ask us directly.',
  'help.searchFailed': 'Search isn’t working right now.',
  'help.chat': 'Chat with us',
  'help.missing': 'This article isn’t available.',
  'help.missingBody': 'It may have been moved or removed.',
  'help.articleFailed': 'The article couldn’t be loaded.',
  'help.updated': 'Updated {{at, date}}',
  'help.converted': 'Automatically converted between Simplified and Traditional Chinese',
  'help.helpful': 'Was this article helpful?',
  'help.yes': 'Yes',
  'help.no': 'No',
  'help.thanks': 'Thanks for your feedback!',
  'help.stillNeed': 'Still need help?',
  'help.suggestions': 'These articles might answer your question',
} as const;

/** The keys code passes to `t` (plural keys without their `_one`/`_other` suffix). */
export type HelpKey = PluralBase<HelpEnKey>;
export type HelpEnKey = keyof typeof helpEn;

export type HelpTranslate = Translate<HelpKey>;
