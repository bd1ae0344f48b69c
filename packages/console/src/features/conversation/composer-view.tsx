import { type AgentArticle, ATTACHMENT_TYPES, LIMITS, type Locale } from '@topay-support/protocol';
import { useId, useRef, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { ArticlePicker } from '../articles/article-picker.js';
import { articleLinkText, insertAt } from '../articles/link.js';
import { UploadChips } from '../attachments/upload-chips.js';
import { matchCannedReplies } from '../canned-replies/model.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';
import { CannedPicker } from './canned-picker.js';

/** The reply box's id, so the Enter/r shortcut and "open conversation" can focus it. */
export const COMPOSER_INPUT_ID = 'composer-input';

const CANNED_TRIGGER = /^\/(\S*)$/;
const ACCEPT = ATTACHMENT_TYPES.join(',');

/** Files a paste carries, unless it also carries text: then the agent meant the text (e.g. from Excel). */
function pastedFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  return data.getData('text/plain') === '' ? Array.from(data.files ?? []) : [];
}

export interface ComposerViewProps {
  conversationId: string;
  resolved: boolean;
  /** The visitor's language (`conversation.context.locale`), which article search starts in. */
  visitorLocale?: Locale | null;
  workspace: Workspace;
  locale: LocaleModel;
}

export function ComposerView({
  conversationId,
  resolved,
  visitorLocale = null,
  workspace,
  locale,
}: ComposerViewProps) {
  const t = locale.t.value;
  const { composer, canned, uploads } = workspace;
  const draft = composer.drafts.value.get(conversationId) ?? { text: '', internal: false, queued: false };
  const files = uploads.byConversation.value.get(conversationId) ?? [];
  const noteId = useId();
  const pickerId = useId();
  const articlePickerId = useId();
  const articlePickerOpen = workspace.articlePickerOpen.value;
  // Told to screen readers once the link is in the reply box.
  const [inserted, setInserted] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  // Local view state: the last add left files out because a message holds at most five.
  const [tooMany, setTooMany] = useState(false);
  // Local view state of the picker: which option is highlighted, and whether Esc dismissed it.
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);

  const trigger = CANNED_TRIGGER.exec(draft.text);
  const prefix = trigger?.[1];
  const matches = prefix === undefined ? [] : matchCannedReplies(canned.replies.value, prefix);
  const pickerOpen = prefix !== undefined && dismissed !== draft.text;
  const highlighted = matches[Math.min(active, matches.length - 1)];
  const length = draft.text.trim().length;
  const tooLong = length > LIMITS.messageLength;
  const anyFailed = files.some((file) => file.state === 'failed');
  const cannotSend = (length === 0 && files.length === 0) || tooLong || anyFailed;

  function attach(picked: readonly File[]) {
    if (picked.length === 0) return;
    setTooMany(!uploads.add(conversationId, picked));
  }

  function choose(text: string) {
    composer.setText(conversationId, text);
    setActive(0);
  }

  function closeArticles() {
    workspace.setArticlePickerOpen(false);
    document.getElementById(COMPOSER_INPUT_ID)?.focus();
  }

  /** Puts `Title — https://…` where the caret was (a textarea keeps its selection while blurred). */
  function insertArticle(article: AgentArticle) {
    const url = workspace.articleUrl(article.url);
    const box = document.getElementById(COMPOSER_INPUT_ID);
    workspace.setArticlePickerOpen(false);
    if (!url || !(box instanceof HTMLTextAreaElement)) return;
    const current = composer.drafts.peek().get(conversationId)?.text ?? '';
    const next = insertAt(current, box.selectionStart, box.selectionEnd, articleLinkText(article.title, url));
    // Written to the element first, so the caret lands after the link; the render then finds it equal.
    box.value = next.text;
    composer.setText(conversationId, next.text);
    box.focus();
    box.setSelectionRange(next.caret, next.caret);
    setInserted(t('articlePicker.inserted', { title: article.title }));
  }

  function onKeyDown(event: KeyboardEvent) {
    // Chinese and Japanese input methods use Enter to confirm a candidate, not to send.
    if (event.isComposing || event.keyCode === 229) return;
    if (pickerOpen && matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((Math.min(active, matches.length - 1) + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && highlighted) {
        event.preventDefault();
        choose(highlighted.text);
        return;
      }
    }
    if (event.key === 'Escape') {
      if (pickerOpen) {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(draft.text);
        return;
      }
      // Leaving the box hands the keyboard back to the shortcuts (Esc again goes back to the list).
      (event.currentTarget as HTMLElement).blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      composer.submit(conversationId);
    }
  }

  if (resolved) {
    return (
      <div class="composer composer--disabled">
        <p>{t('composer.resolved')}</p>
      </div>
    );
  }

  return (
    <form
      class={`composer${draft.internal ? ' composer--note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        composer.submit(conversationId);
      }}
      onDragOver={(event) => {
        // Accepting the drag is what makes the drop event fire at all.
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        const dropped = Array.from(event.dataTransfer?.files ?? []);
        if (dropped.length === 0) return;
        event.preventDefault();
        attach(dropped);
      }}
    >
      {articlePickerOpen ? (
        <ArticlePicker
          id={articlePickerId}
          api={workspace.articles}
          visitorLocale={visitorLocale}
          locale={locale}
          onChoose={insertArticle}
          onClose={closeArticles}
        />
      ) : null}
      {pickerOpen && !articlePickerOpen ? (
        <CannedPicker
          id={pickerId}
          matches={matches}
          activeId={highlighted?.id}
          prefix={prefix ?? ''}
          t={t}
          onChoose={(reply) => {
            choose(reply.text);
            document.getElementById(COMPOSER_INPUT_ID)?.focus();
          }}
        />
      ) : null}
      <label class="visually-hidden" for={COMPOSER_INPUT_ID}>
        {draft.internal ? t('composer.noteLabel') : t('composer.label')}
      </label>
      <textarea
        id={COMPOSER_INPUT_ID}
        dir="auto"
        class="composer__input"
        rows={3}
        value={draft.text}
        placeholder={draft.internal ? t('composer.notePlaceholder') : t('composer.placeholder')}
        aria-autocomplete="list"
        aria-controls={pickerOpen ? pickerId : undefined}
        aria-activedescendant={pickerOpen && highlighted ? `${pickerId}-${highlighted.id}` : undefined}
        aria-invalid={tooLong ? 'true' : undefined}
        onInput={(event) => {
          composer.setText(conversationId, event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onPaste={(event) => {
          const pasted = pastedFiles(event.clipboardData);
          if (pasted.length === 0) return;
          // Otherwise the browser would also paste the image's file name (or nothing useful) as text.
          event.preventDefault();
          attach(pasted);
        }}
      />
      <UploadChips
        uploads={files}
        t={t}
        locale={locale.locale.value}
        onRetry={(key) => uploads.retry(conversationId, key)}
        onRemove={(key) => {
          uploads.remove(conversationId, key);
          setTooMany(false);
        }}
      />
      {tooMany ? (
        <p class="composer__error" role="alert">
          {t('attach.tooMany', { count: LIMITS.attachmentsPerMessage })}
        </p>
      ) : null}
      <div class="composer__bar">
        <input
          ref={fileInput}
          type="file"
          class="visually-hidden"
          accept={ACCEPT}
          multiple
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            const input = event.currentTarget;
            attach(Array.from(input.files ?? []));
            // Cleared, so picking the same file again (after removing it) still fires `change`.
            input.value = '';
          }}
        />
        <Button variant="quiet" onClick={() => fileInput.current?.click()}>
          {/* An inline icon: an emoji paperclip renders as an empty box where no emoji font is installed. */}
          <svg
            class="composer__attach-icon"
            viewBox="0 0 24 24"
            width="16"
            height="16"
            aria-hidden="true"
            focusable="false"
          >
            <path
              d="M16.5 6.5 8.4 14.6a2 2 0 0 0 2.8 2.8l8.5-8.5a4 4 0 0 0-5.7-5.7l-8.8 8.8a6 6 0 0 0 8.5 8.5l7.1-7.1"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
          {t('attach.button')}
        </Button>
        <Button
          variant="quiet"
          aria-haspopup="dialog"
          aria-expanded={articlePickerOpen ? 'true' : 'false'}
          aria-controls={articlePickerOpen ? articlePickerId : undefined}
          aria-keyshortcuts="Control+K Meta+K"
          onClick={() => {
            setInserted('');
            workspace.setArticlePickerOpen(!articlePickerOpen);
          }}
        >
          <svg
            class="composer__attach-icon"
            viewBox="0 0 24 24"
            width="16"
            height="16"
            aria-hidden="true"
            focusable="false"
          >
            <path
              d="M4 5.5A2.5 2.5 0 0 1 6.5 3H12v17H6.5A2.5 2.5 0 0 1 4 17.5zM20 5.5A2.5 2.5 0 0 0 17.5 3H12v17h5.5a2.5 2.5 0 0 0 2.5-2.5z"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linejoin="round"
            />
          </svg>
          {t('articlePicker.button')}
        </Button>
        <label class="composer__note-toggle" for={noteId}>
          <input
            id={noteId}
            type="checkbox"
            checked={draft.internal}
            onChange={(event) => composer.setInternal(conversationId, event.currentTarget.checked)}
          />
          {t('composer.noteToggle')}
        </label>
        {tooLong ? (
          <span class="composer__error" role="alert">
            {t('composer.tooLong', { count: length, max: LIMITS.messageLength })}
          </span>
        ) : null}
        <span class="visually-hidden" role="status">
          {inserted}
        </span>
        {draft.queued ? (
          <span class="composer__status" role="status">
            {t('attach.sendWhenUploaded')}
          </span>
        ) : null}
        <Button
          type="submit"
          variant="primary"
          busy={draft.queued}
          aria-disabled={cannotSend ? 'true' : undefined}
        >
          {draft.internal ? t('composer.addNote') : t('composer.send')}
        </Button>
      </div>
    </form>
  );
}
