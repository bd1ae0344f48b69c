// The help strings' reference table (English): its keys type every other locale's. Not in the help chunk:
// English travels in `i18n/locales/en.ts` like every locale but the inlined default (`messages.zh-CN.ts`).
export const helpEn = {
  'help.resultsLabel': 'Search results',
  'help.resultsOne': '1 article found',
  'help.results': '{{count}} articles found',
  'help.noResults': 'No articles match “{{query}}”.',
  'help.noResultsBody': 'Try other words, or ask us directly.',
  'help.searchFailed': 'Search isn’t working right now.',
  'help.retry': 'Try again',
  'help.chat': 'Chat with us',
  'help.popular': 'Popular articles',
  'help.categories': 'Browse by topic',
  'help.category.account': 'Account',
  'help.category.payments': 'Payments',
  'help.category.security': 'Security',
  'help.category.refunds': 'Refunds',
  'help.category.support': 'Getting help',
  'help.listsFailed': 'Articles couldn’t be loaded.',
  'help.missing': 'This article isn’t available.',
  'help.missingBody': 'It may have been moved or removed.',
  'help.articleFailed': 'The article couldn’t be loaded.',
  'help.updated': 'Updated {{date}}',
  'help.converted': 'Automatically converted between Simplified and Traditional Chinese',
  'help.helpful': 'Was this article helpful?',
  'help.yes': 'Yes',
  'help.no': 'No',
  'help.thanks': 'Thanks for your feedback!',
  'help.stillNeed': 'Still need help?',
  'help.suggestions': 'These articles might answer your question',
} as const;

export type HelpKey = keyof typeof helpEn;

export type HelpTranslate = (key: HelpKey, values?: Record<string, string>) => string;
