import type { AgentPresence } from '@topay-support/protocol';
import { useState } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { visitorLabel } from '../inbox/format.js';
import { TopicTag } from '../inbox/topic-tag.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';
import type { ConversationModel } from './model.js';

export interface ConversationHeaderProps {
  model: ConversationModel;
  workspace: Workspace;
  locale: LocaleModel;
  onBack(): void;
}

/** The heading's id: focus lands here when a conversation opens, so screen readers announce whose it is. */
export const CONVERSATION_HEADING_ID = 'conversation-heading';

export function ConversationHeader({ model, workspace, locale, onBack }: ConversationHeaderProps) {
  const t = locale.t.value;
  const conversation = model.conversation.value;
  const busy = model.busy.value;
  // Local view state: whether the transfer picker is unfolded, and the agents it lists.
  const [agents, setAgents] = useState<readonly AgentPresence[] | null>(null);
  const [agentsFailed, setAgentsFailed] = useState(false);
  if (!conversation) return null;
  const me = workspace.agent.id;
  const { visitor, status, assignee } = conversation;
  const others = agents?.filter((agent) => agent.agentId !== me) ?? [];

  async function openTransfer() {
    setAgentsFailed(false);
    try {
      setAgents(await workspace.listAgents());
    } catch {
      setAgentsFailed(true);
    }
  }

  function submitTransfer(event: SubmitEvent) {
    event.preventDefault();
    const agentId = String(new FormData(event.currentTarget as HTMLFormElement).get('agent') ?? '');
    if (!agentId) return;
    setAgents(null);
    void model.transfer(agentId);
  }

  return (
    <header class="conversation-header">
      <div class="conversation-header__row">
        <Button variant="quiet" onClick={onBack} aria-label={t('conversation.back')}>
          <span aria-hidden="true">←</span>
          <span class="conversation-header__back-text">{t('conversation.back')}</span>
        </Button>
        <div class="conversation-header__who">
          <h2 id={CONVERSATION_HEADING_ID} class="conversation-header__name" dir="auto" tabIndex={-1}>
            {visitorLabel(visitor, t)}
          </h2>
          <p class="conversation-header__sub">
            {visitor.email ? <bdi>{visitor.email}</bdi> : null}
            {visitor.userId ? (
              <span>
                {t('context.userId')}: {visitor.userId}
              </span>
            ) : null}
          </p>
        </div>
        <fieldset class="conversation-header__actions">
          <legend class="visually-hidden">{t('conversation.actions')}</legend>
          {status === 'open' || (status === 'assigned' && assignee?.id !== me) ? (
            <Button
              variant={status === 'open' ? 'primary' : 'secondary'}
              busy={busy === 'claim'}
              onClick={() => void model.act('claim')}
            >
              {t('conversation.claim')}
            </Button>
          ) : null}
          {status !== 'resolved' ? (
            <Button variant="secondary" busy={busy === 'transfer'} onClick={() => void openTransfer()}>
              {t('conversation.transfer')}
            </Button>
          ) : null}
          {status !== 'resolved' ? (
            <Button variant="secondary" busy={busy === 'resolve'} onClick={() => void model.act('resolve')}>
              {t('conversation.resolve')}
            </Button>
          ) : (
            <Button variant="secondary" busy={busy === 'reopen'} onClick={() => void model.act('reopen')}>
              {t('conversation.reopen')}
            </Button>
          )}
        </fieldset>
      </div>
      <dl class="conversation-header__facts">
        <div>
          <dt>{t('conversation.status')}</dt>
          <dd>
            <span class={`status status--${status}`}>{t(`status.${status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('conversation.assignee')}</dt>
          <dd>{assignee ? assignee.name : t('conversation.unassigned')}</dd>
        </div>
        <div>
          <dt>{t('context.topic')}</dt>
          <dd>
            <TopicTag topic={conversation.topic} flagged={conversation.flagged} t={t} />
            {conversation.topic || conversation.flagged ? null : t('topic.none')}
          </dd>
        </div>
      </dl>
      {conversation.flagged && status !== 'resolved' ? (
        <Alert tone="error">{t('conversation.flagged')}</Alert>
      ) : null}
      {conversation.handoff ? (
        <Alert tone="info">
          {t('handoff.banner', { reason: t(`handoff.${conversation.handoff.reason}`) })}
        </Alert>
      ) : null}
      {conversation.assistant === 'answering' && status !== 'resolved' ? (
        <Alert tone="info">{t('assistant.answeringBanner')}</Alert>
      ) : null}
      {conversation.offline && conversation.assistant !== 'answering' ? (
        <Alert tone="info">{t('conversation.offline')}</Alert>
      ) : null}
      {model.actionError.value ? <Alert tone="error">{t('conversation.actionError')}</Alert> : null}
      {agentsFailed ? <Alert tone="error">{t('conversation.agentsError')}</Alert> : null}
      {agents ? (
        <form class="transfer" onSubmit={submitTransfer}>
          {others.length === 0 ? (
            <p>{t('conversation.noAgents')}</p>
          ) : (
            <label class="transfer__field">
              <span>{t('conversation.transferTo')}</span>
              <select name="agent" class="locale-switch__select" required>
                {others.map((agent) => (
                  <option key={agent.agentId} value={agent.agentId}>
                    <bdi>{agent.name}</bdi> · {t(`presence.${agent.status}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {others.length > 0 ? (
            <Button type="submit" variant="primary">
              {t('conversation.transferConfirm')}
            </Button>
          ) : null}
          <Button variant="quiet" onClick={() => setAgents(null)}>
            {t('conversation.cancel')}
          </Button>
        </form>
      ) : null}
    </header>
  );
}
