import { LIMITS } from '@topay-support/protocol';
import { useEffect, useId, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import type { MessageKey } from '../locale/en.js';
import type { LocaleModel } from '../locale/model.js';
import {
  type CannedRepliesModel,
  type CannedReplyProblems,
  normalizeShortcut,
  SHORTCUT_MAX_LENGTH,
  validateCannedReply,
} from './model.js';

export interface CannedRepliesDialogProps {
  canned: CannedRepliesModel;
  locale: LocaleModel;
  onClose(): void;
}

const SHORTCUT_PROBLEM: Record<NonNullable<CannedReplyProblems['shortcut']>, MessageKey> = {
  required: 'canned.error.shortcutRequired',
  pattern: 'canned.error.shortcutPattern',
  tooLong: 'canned.error.shortcutTooLong',
};
const TEXT_PROBLEM: Record<NonNullable<CannedReplyProblems['text']>, MessageKey> = {
  required: 'canned.error.textRequired',
  tooLong: 'canned.error.textTooLong',
};

/**
 * Lists the merchant's canned replies, adds and deletes them. The list is the same signal the `/`
 * picker reads, so a reply added here can be inserted at once.
 */
export function CannedRepliesDialog({ canned, locale, onClose }: CannedRepliesDialogProps) {
  const t = locale.t.value;
  const replies = canned.replies.value;
  const ids = {
    title: useId(),
    shortcut: useId(),
    text: useId(),
    shortcutError: useId(),
    textError: useId(),
  };
  // Local view state: the form, which reply awaits delete confirmation, and the last outcome.
  const [shortcutInput, setShortcutInput] = useState('');
  const [text, setText] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailure, setSaveFailure] = useState<{ failure: ApiFailure; shortcut: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteFailed, setDeleteFailed] = useState(false);
  const [done, setDone] = useState('');

  // Other agents may have changed the list since sign-in; opening the dialog is the moment to look.
  useEffect(() => {
    void canned.load();
  }, [canned]);

  useEffect(() => {
    // The confirmation replaces the Delete button that had focus; keep the keyboard there.
    if (confirming) document.querySelector<HTMLElement>('.canned-list__confirm .button--primary')?.focus();
  }, [confirming]);

  const shortcut = normalizeShortcut(shortcutInput);
  const problems = validateCannedReply(shortcut, text);
  // "Required" waits for a first attempt; a bad character or length shows while typing.
  const shortcutProblem =
    problems.shortcut && (attempted || problems.shortcut !== 'required') ? problems.shortcut : undefined;
  const textProblem =
    problems.text && (attempted || problems.text !== 'required') ? problems.text : undefined;
  const textLength = text.trim().length;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setAttempted(true);
    setDone('');
    if (saving || problems.shortcut || problems.text) return;
    setSaving(true);
    setSaveFailure(null);
    const failure = await canned.create(shortcut, text);
    setSaving(false);
    if (failure) {
      setSaveFailure({ failure, shortcut });
      return;
    }
    setShortcutInput('');
    setText('');
    setAttempted(false);
    setDone(t('canned.added', { shortcut }));
    document.getElementById(ids.shortcut)?.focus();
  }

  async function confirmDelete(id: string, name: string) {
    setDeleting(true);
    setDeleteFailed(false);
    const failure = await canned.remove(id);
    setDeleting(false);
    if (failure) {
      setDeleteFailed(true);
      return;
    }
    setConfirming(null);
    setDone(t('canned.deleted', { shortcut: name }));
  }

  return (
    <Dialog
      titleId={ids.title}
      title={t('canned.dialogTitle')}
      closeLabel={t('canned.close')}
      onClose={onClose}
      wide
    >
      <p class="dialog__intro">{t('canned.intro')}</p>
      <form class="canned-form" noValidate onSubmit={submit}>
        <div class="field">
          <label class="field__label" for={ids.shortcut}>
            {t('canned.shortcut')}
          </label>
          <div class="canned-form__shortcut">
            <span aria-hidden="true">/</span>
            <input
              id={ids.shortcut}
              class="field__input"
              data-autofocus
              autoComplete="off"
              spellcheck={false}
              value={shortcutInput}
              aria-invalid={shortcutProblem ? 'true' : undefined}
              aria-describedby={shortcutProblem ? ids.shortcutError : undefined}
              onInput={(event) => setShortcutInput(event.currentTarget.value)}
            />
          </div>
          {shortcutProblem ? (
            <p id={ids.shortcutError} class="field__error">
              {t(SHORTCUT_PROBLEM[shortcutProblem], { max: SHORTCUT_MAX_LENGTH })}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label class="field__label" for={ids.text}>
            {t('canned.text')}
          </label>
          <textarea
            id={ids.text}
            dir="auto"
            class="field__input canned-form__text"
            rows={3}
            value={text}
            aria-invalid={textProblem ? 'true' : undefined}
            aria-describedby={textProblem ? ids.textError : undefined}
            onInput={(event) => setText(event.currentTarget.value)}
          />
          {textProblem ? (
            <p id={ids.textError} class="field__error">
              {t(TEXT_PROBLEM[textProblem], { count: textLength, max: LIMITS.messageLength })}
            </p>
          ) : null}
        </div>
        {saveFailure ? (
          <Alert tone="error">
            {saveFailure.failure.code === 'conflict'
              ? t('canned.error.conflict', { shortcut: saveFailure.shortcut })
              : saveFailure.failure.code === 'invalid_request'
                ? t('canned.error.invalid')
                : t('canned.error.save')}
          </Alert>
        ) : null}
        <div class="canned-form__actions">
          <Button type="submit" variant="primary" busy={saving}>
            {t('canned.add')}
          </Button>
        </div>
      </form>

      <p class="visually-hidden" role="status">
        {done}
      </p>
      {canned.error.value ? <Alert tone="error">{t('canned.error.load')}</Alert> : null}
      <h3 class="dialog__subtitle">{t('canned.listLabel')}</h3>
      {replies.length === 0 ? (
        <p class="empty-state">{t('canned.empty')}</p>
      ) : (
        <ul class="canned-list">
          {replies.map((reply) => (
            <li key={reply.id} class="canned-list__item">
              <div class="canned-list__body">
                <span class="canned__shortcut">/{reply.shortcut}</span>
                <span class="canned-list__text" dir="auto">
                  {reply.text}
                </span>
              </div>
              {confirming === reply.id ? (
                <div class="canned-list__confirm">
                  <span>{t('canned.confirmDelete', { shortcut: reply.shortcut })}</span>
                  {deleteFailed ? <span class="field__error">{t('canned.error.delete')}</span> : null}
                  <Button
                    variant="primary"
                    busy={deleting}
                    onClick={() => void confirmDelete(reply.id, reply.shortcut)}
                  >
                    {t('canned.confirmYes')}
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setConfirming(null);
                      setDeleteFailed(false);
                    }}
                  >
                    {t('canned.cancel')}
                  </Button>
                </div>
              ) : (
                <Button
                  variant="quiet"
                  aria-label={t('canned.deleteLabel', { shortcut: reply.shortcut })}
                  onClick={() => {
                    setConfirming(reply.id);
                    setDeleteFailed(false);
                  }}
                >
                  {t('canned.delete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
