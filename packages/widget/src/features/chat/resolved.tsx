import { useState } from 'preact/hooks';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

/** The end of a conversation: a rating, the transcript, and a way to start over. */
export function Resolved({ room }: { room: ChatRoom }) {
  const t = useChatT();
  const rated = room.snapshot.value?.rated ?? false;
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const download = async () => {
    const text = await room.transcript().catch(() => undefined);
    if (text === undefined) return;
    // The transcript needs the visitor's bearer token, so a plain link cannot fetch it: hand over a blob.
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'conversation.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div class="resolved">
      <p class="chat-note">{t('chat.resolved')}</p>
      {rated ? (
        <p class="chat-note" role="status">
          {t('chat.thanks')}
        </p>
      ) : (
        <form
          class="rating"
          onSubmit={(event) => {
            event.preventDefault();
            if (!score || busy) return;
            setBusy(true);
            room
              .rate(score, comment)
              .catch(() => {})
              .finally(() => setBusy(false));
          }}
        >
          <fieldset>
            <legend>{t('chat.rateTitle')}</legend>
            <div class="stars">
              {[1, 2, 3, 4, 5].map((n) => (
                <button
                  key={n}
                  type="button"
                  class={n <= score ? 'star on' : 'star'}
                  aria-pressed={n === score}
                  aria-label={t('chat.star', { score: n })}
                  onClick={() => setScore(n)}
                >
                  ★
                </button>
              ))}
            </div>
          </fieldset>
          {score > 0 && (
            <>
              <label for="tps-comment">{t('chat.comment')}</label>
              <textarea
                id="tps-comment"
                dir="auto"
                rows={2}
                maxLength={1000}
                value={comment}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
              <button type="submit" class="primary" disabled={busy}>
                {t('chat.submitRating')}
              </button>
            </>
          )}
        </form>
      )}
      <div class="row">
        <button type="button" class="link" onClick={download}>
          {t('chat.transcript')}
        </button>
        <button type="button" class="link" onClick={room.newConversation}>
          {t('chat.newConversation')}
        </button>
      </div>
    </div>
  );
}
