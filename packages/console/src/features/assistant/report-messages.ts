import type { Catalogue, PluralBase, Translate } from '@topay-support/protocol';
import { screenStrings } from '../locale/translator.js';

/**
 * Strings of the assistant report only: they ship in its lazy chunk, not in the console's catalogue
 * (`locale/en.ts`) that every sign-in downloads. The nav link's and the inbox's strings live there.
 */
const en = {
  title: 'Assistant report',
  intro: 'How the assistant answered visitors, and what it could not answer.',
  period: 'Period',
  'period.7': 'Last 7 days',
  'period.30': 'Last 30 days',
  'period.90': 'Last 90 days',
  loading: 'Loading the report…',
  loadError: 'Couldn’t load the report.',
  retry: 'Try again',
  forbidden: 'Only admins can see the assistant report.',
  'stat.conversations': 'Conversations answered',
  'stat.resolved': 'Resolved by the assistant alone',
  'stat.handedOff': 'Handed off to people',
  'stat.helpful': 'Helpful rate',
  'stat.helpfulDetail_one': '{{helpful, number}} of {{count, number}} vote',
  'stat.helpfulDetail_other': '{{helpful, number}} of {{count, number}} votes',
  'stat.noVotes': 'No votes yet',
  'stat.share': '{{percent}} of conversations',
  'chart.title': 'Per day',
  'chart.conversations': 'Conversations',
  'chart.resolved': 'Resolved alone',
  'chart.handedOff': 'Handed off',
  'chart.day': 'Day',
  'chart.empty': 'No conversations in this period.',
  'unanswered.title': 'Top unanswered questions',
  'unanswered.intro': 'What visitors asked that no article answers: the articles to write next.',
  'unanswered.none': 'No unanswered questions in this period.',
  'unanswered.question': 'Question',
  'unanswered.count': 'Asked',
  'unanswered.last': 'Last asked',
  'unanswered.write': 'Write an article',
  'unanswered.writeLabel': 'Write an article for “{{question}}”',
};

/** The keys code passes (a plural key without its `_one`/`_other` suffix). */
export type ReportKey = PluralBase<ReportEnKey>;
type ReportEnKey = keyof typeof en;

const zhCN: Catalogue<ReportEnKey, 'zh-CN'> = {
  title: '智能助手报告',
  intro: '智能助手接待访客的情况，以及它没能回答的问题。',
  period: '时间范围',
  'period.7': '最近 7 天',
  'period.30': '最近 30 天',
  'period.90': '最近 90 天',
  loading: '正在加载报告…',
  loadError: '报告加载失败。',
  retry: '重试',
  forbidden: '只有管理员可以查看智能助手报告。',
  'stat.conversations': '助手接待的会话',
  'stat.resolved': '助手独立解决',
  'stat.handedOff': '转人工',
  'stat.helpful': '有帮助比例',
  'stat.helpfulDetail_other': '{{count, number}} 次评价中 {{helpful, number}} 次有帮助',
  'stat.noVotes': '暂无评价',
  'stat.share': '占会话的 {{percent}}',
  'chart.title': '每日趋势',
  'chart.conversations': '会话',
  'chart.resolved': '独立解决',
  'chart.handedOff': '转人工',
  'chart.day': '日期',
  'chart.empty': '这段时间没有会话。',
  'unanswered.title': '未能回答的热门问题',
  'unanswered.intro': '访客问到、但还没有文章能回答的问题：接下来可以写这些文章。',
  'unanswered.none': '这段时间没有未能回答的问题。',
  'unanswered.question': '问题',
  'unanswered.count': '次数',
  'unanswered.last': '最近一次',
  'unanswered.write': '写一篇文章',
  'unanswered.writeLabel': '为“{{question}}”写一篇文章',
};

export type ReportTranslate = Translate<ReportKey>;

/**
 * The report's strings in the console's translator.
 *
 * @example
 * reportTranslator('zh-CN')('stat.handedOff'); // '转人工'
 */
export const reportTranslator = screenStrings<ReportEnKey>('report', { en, 'zh-CN': zhCN });
