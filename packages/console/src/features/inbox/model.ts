import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Conversation, ConversationStatus, Topic } from '@topay-support/protocol';
import type { AgentApi } from '../../agent-api.js';
import { ApiFailure } from '../../api.js';
import { matchesLocally, sortForTab } from './order.js';
import type { ConversationStore } from './store.js';

export interface InboxModel {
  /** Which conversations the list shows; the agent API filters by the same statuses. */
  readonly filter: ReadonlySignal<ConversationStatus>;
  readonly topic: ReadonlySignal<Topic | null>;
  /** What is typed in the search box; the server is asked once typing pauses. */
  readonly query: ReadonlySignal<string>;
  /** The conversations of the current tab, topic and search, in the order agents work them. */
  readonly visible: ReadonlySignal<readonly Conversation[]>;
  /** Waiting conversations, for the Open tab's counter. */
  readonly openCount: ReadonlySignal<number>;
  /** Unread visitor messages in the queue and in conversations assigned to me: the tab title count. */
  readonly unreadTotal: ReadonlySignal<number>;
  readonly loading: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<ApiFailure | null>;
  /** The server has more conversations for the current view. */
  readonly hasMore: ReadonlySignal<boolean>;
  setFilter(status: ConversationStatus): void;
  setTopic(topic: Topic | null): void;
  setQuery(query: string): void;
  loadMore(): Promise<void>;
  /** Re-reads the queue, my conversations and the current view: at start and after every reconnect. */
  resync(): Promise<void>;
  /** Reads one conversation the console has not loaded (a message arrived in it); one request at a time per id. */
  fetch(conversationId: string): Promise<void>;
  dispose(): void;
}

export interface InboxOptions {
  api: AgentApi;
  store: ConversationStore;
  agentId: string;
  /** Pause after the last keystroke before searching on the server. */
  searchDelayMs?: number;
}

/** Enough for a busy queue in one request; older ones arrive with "Load more". */
const PAGE_SIZE = 50;

function toFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure('network_error', (error as Error).message);
}

/**
 * The inbox: which conversations to show and fetching them. Conversations themselves live in the
 * shared store, which socket pushes update directly.
 *
 * @example
 * const inbox = createInboxModel({ api, store, agentId: agent.id });
 * await inbox.resync();
 * inbox.setFilter('assigned');
 */
export function createInboxModel(options: InboxOptions): InboxModel {
  const { api, store, agentId } = options;
  const filter = signal<ConversationStatus>('open');
  const fetching = new Set<string>();
  const topic = signal<Topic | null>(null);
  const query = signal('');
  // The query the current results belong to, which lags `query` while the agent is still typing.
  const searched = signal('');
  const serverMatches = signal<ReadonlySet<string>>(new Set());
  const nextCursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<ApiFailure | null>(null);
  let generation = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  const visible = computed(() => {
    const status = filter.value;
    const wantedTopic = topic.value;
    const q = searched.value.trim();
    const matches = serverMatches.value;
    const list = [...store.byId.value.values()].filter(
      (conversation) =>
        conversation.status === status &&
        (wantedTopic === null || conversation.topic === wantedTopic) &&
        // Server results cover message text; the local match lets live arrivals that fit join in.
        (q === '' || matches.has(conversation.id) || matchesLocally(conversation, q)),
    );
    return sortForTab(list, status, agentId);
  });

  const openCount = computed(
    () => [...store.byId.value.values()].filter((conversation) => conversation.status === 'open').length,
  );

  const unreadTotal = computed(() => {
    let total = 0;
    for (const conversation of store.byId.value.values()) {
      const mine = conversation.status === 'assigned' && conversation.assignee?.id === agentId;
      if (conversation.status === 'open' || mine) total += conversation.unreadCount;
    }
    return total;
  });

  /** Loads the first page of the current view, replacing what the view matched before. */
  async function loadView(): Promise<void> {
    const current = ++generation;
    const q = query.peek().trim();
    batch(() => {
      loading.value = true;
      error.value = null;
    });
    try {
      const page = await api.listConversations({
        status: filter.peek(),
        ...(topic.peek() ? { topic: topic.peek() ?? undefined } : {}),
        ...(q ? { q } : {}),
        limit: PAGE_SIZE,
      });
      if (current !== generation) return;
      batch(() => {
        store.upsert(page.conversations);
        serverMatches.value = new Set(page.conversations.map((conversation) => conversation.id));
        searched.value = q;
        nextCursor.value = page.nextCursor;
      });
    } catch (failure) {
      if (current === generation) error.value = toFailure(failure);
    } finally {
      if (current === generation) loading.value = false;
    }
  }

  /**
   * Refreshes every conversation of `status` we hold. One that is no longer listed changed while we
   * were not listening (e.g. resolved during a network drop), so it is asked for by id.
   */
  async function refreshStatus(status: ConversationStatus): Promise<void> {
    const page = await api.listConversations({ status, limit: PAGE_SIZE });
    store.upsert(page.conversations);
    if (page.nextCursor !== null) return;
    const listed = new Set(page.conversations.map((conversation) => conversation.id));
    const stale = [...store.byId.peek().values()].filter(
      (conversation) => conversation.status === status && !listed.has(conversation.id),
    );
    await Promise.all(
      stale.map(async (conversation) => {
        try {
          store.upsert([await api.getConversation(conversation.id)]);
        } catch (failure) {
          if (toFailure(failure).code === 'not_found') store.remove(conversation.id);
        }
      }),
    );
  }

  return {
    filter,
    topic,
    query,
    visible,
    openCount,
    unreadTotal,
    loading,
    error,
    hasMore: computed(() => nextCursor.value !== null),

    setFilter(status) {
      if (status === filter.peek()) return;
      filter.value = status;
      void loadView();
    },

    setTopic(next) {
      if (next === topic.peek()) return;
      topic.value = next;
      void loadView();
    },

    setQuery(next) {
      query.value = next;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => void loadView(), options.searchDelayMs ?? 300);
    },

    async loadMore() {
      const cursor = nextCursor.peek();
      if (cursor === null || loading.peek()) return;
      const current = generation;
      const q = searched.peek();
      loading.value = true;
      try {
        const page = await api.listConversations({
          status: filter.peek(),
          ...(topic.peek() ? { topic: topic.peek() ?? undefined } : {}),
          ...(q ? { q } : {}),
          limit: PAGE_SIZE,
          cursor,
        });
        if (current !== generation) return;
        batch(() => {
          store.upsert(page.conversations);
          serverMatches.value = new Set([
            ...serverMatches.peek(),
            ...page.conversations.map((conversation) => conversation.id),
          ]);
          nextCursor.value = page.nextCursor;
        });
      } catch (failure) {
        if (current === generation) error.value = toFailure(failure);
      } finally {
        if (current === generation) loading.value = false;
      }
    },

    async fetch(conversationId) {
      if (fetching.has(conversationId)) return;
      fetching.add(conversationId);
      try {
        store.upsert([await api.getConversation(conversationId)]);
      } catch (failure) {
        // Gone or not this merchant's: nothing to show. Anything else: the next resync reads it.
        if (toFailure(failure).code !== 'not_found') error.value = toFailure(failure);
      } finally {
        fetching.delete(conversationId);
      }
    },

    async resync() {
      // The queue and my conversations feed the unread count whichever tab is showing.
      const background = Promise.all([refreshStatus('open'), refreshStatus('assigned')]).catch(
        (failure: unknown) => {
          error.value = toFailure(failure);
        },
      );
      await Promise.all([loadView(), background]);
    },

    dispose() {
      generation += 1;
      clearTimeout(searchTimer);
    },
  };
}
