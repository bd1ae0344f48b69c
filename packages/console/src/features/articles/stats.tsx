import type { AgentArticle } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';

/** Share of helpful votes in whole percent, or null before anyone voted. */
export function helpfulRatio(stats: Pick<AgentArticle['stats'], 'helpful' | 'notHelpful'>): number | null {
  const votes = stats.helpful + stats.notHelpful;
  return votes === 0 ? null : Math.round((stats.helpful / votes) * 100);
}

export interface ArticleStatsProps {
  stats: AgentArticle['stats'];
  t: Translate;
  /** The picker shows votes only; the articles screen shows views and deflections as well. */
  compact?: boolean;
}

/** Numbers with their words, never colour or an icon alone, so screen readers read the same as the eye. */
export function ArticleStats({ stats, t, compact = false }: ArticleStatsProps) {
  const ratio = helpfulRatio(stats);
  return (
    <ul class={`article-stats${compact ? ' article-stats--compact' : ''}`}>
      {compact ? null : (
        <li class="article-stats__item">{t('articleStats.views', { count: stats.views })}</li>
      )}
      <li class="article-stats__item article-stats__ratio">
        {ratio === null ? t('articleStats.noVotes') : t('articleStats.ratio', { percent: ratio })}
      </li>
      {ratio === null ? null : (
        <li class="article-stats__item">
          {t('articleStats.helpful', { count: stats.helpful })} ·{' '}
          {t('articleStats.notHelpful', { count: stats.notHelpful })}
        </li>
      )}
      {compact ? null : (
        <li class="article-stats__item">{t('articleStats.deflections', { count: stats.deflections })}</li>
      )}
    </ul>
  );
}
