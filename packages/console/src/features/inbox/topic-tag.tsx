import type { Topic } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';

/** Complaints get a filled red tag with a mark, so they stand out without relying on colour alone. */
export function TopicTag({ topic, flagged, t }: { topic: Topic | null; flagged: boolean; t: Translate }) {
  if (!topic && !flagged) return null;
  const label = topic ? t(`topic.${topic}`) : t('topic.complaint');
  return (
    <span class={`tag${flagged || topic === 'complaint' ? ' tag--complaint' : ''}`}>
      {flagged || topic === 'complaint' ? <span aria-hidden="true">! </span> : null}
      {label}
    </span>
  );
}
