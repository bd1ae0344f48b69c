import type { Catalogue } from '@topay-support/protocol';
import type { HelpEnKey } from './messages.js';

// The default locale's strings, inlined in the help chunk; other locales' arrive in their locale chunk.
export const helpZhCN: Catalogue<HelpEnKey, 'zh-CN'> = {
  'help.resultsLabel': '搜索结果',
  'help.results_other': '找到 {{count, number}} 篇文章',
  'help.noResults': '没有找到与“{{query}}”相关的文章。',
  'help.noResultsBody': '换个说法试试，或者直接联系客服。',
  'help.searchFailed': '搜索暂时不可用。',
  'help.chat': '联系客服',
  'help.missing': '这篇文章不存在或已下线。',
  'help.missingBody': '它可能已被移动或删除。',
  'help.articleFailed': '文章加载失败。',
  'help.updated': '更新于 {{at, date}}',
  'help.converted': '本文由繁体中文自动转换',
  'help.helpful': '这篇文章有帮助吗？',
  'help.yes': '有帮助',
  'help.no': '没帮助',
  'help.thanks': '感谢反馈！',
  'help.stillNeed': '还需要帮助？',
  'help.suggestions': '这些文章或许能解答你的问题',
};
