import type { Message } from '@topay-support/protocol';
import { useModel } from '../../app/context.js';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

// A thumb, drawn once and turned upside down for "not helpful" (CSS), like the widget's other stroke icons.
const THUMB =
  'M7 10v11H3V10zm0 0 4-8c1.7 0 2.6 1.3 2.2 2.8L12.4 9H19a2 2 0 0 1 2 2.4l-1.4 7.8a2 2 0 0 1-2 1.8H7';

/** Who wrote an assistant reply: its name and a visible "assistant" marker, so nobody mistakes it for a person. */
export function BotAuthor({ name }: { name: string | undefined }) {
  const t = useChatT();
  return (
    <span class="author">
      <bdi>{name}</bdi> <span class="bot-tag">{t('chat.assistant')}</span>
    </span>
  );
}

/**
 * What comes with a stored assistant reply: the articles it is built from, opened in the widget's help view
 * (Back returns to the chat), and a thumbs up or down that the visitor may change.
 */
export function AssistantExtras({ message, room }: { message: Message; room: ChatRoom }) {
  const t = useChatT();
  const model = useModel();
  // The vote the server kept (the SDK sets it on the message, and history carries it after a reload).
  const vote = message.feedback;
  const sources = message.sources ?? [];
  const open = (slug: string) =>
    void model.help
      .load()
      .then((center) => (center ? center.open(slug, { view: 'chat' }) : model.showArticle(slug)));
  return (
    <>
      {sources.length > 0 && (
        <div class="sources">
          <span id={`tps-src-${message.id}`}>{t('chat.sources')}</span>
          <ul aria-labelledby={`tps-src-${message.id}`}>
            {sources.map((s) => (
              <li key={s.slug}>
                <button type="button" class="link" lang={s.locale} dir="auto" onClick={() => open(s.slug)}>
                  {s.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <span class="votes">
        {([true, false] as const).map((helpful) => (
          <button
            key={String(helpful)}
            type="button"
            class={helpful ? 'vote' : 'vote down'}
            aria-pressed={vote === helpful ? 'true' : 'false'}
            aria-label={t(helpful ? 'chat.helpful' : 'chat.notHelpful')}
            onClick={() => room.feedback(message.id, helpful)}
          >
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d={THUMB} />
            </svg>
          </button>
        ))}
      </span>
    </>
  );
}
