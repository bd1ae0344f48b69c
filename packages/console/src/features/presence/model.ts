import { type ReadonlySignal, signal } from '@preact/signals';
import type { AgentPresence } from '@topay-support/protocol';
import { type AgentTransport, NoAckError } from '../realtime/transport.js';

export type ChosenStatus = 'online' | 'away';

export interface PresenceModel {
  /** What the agent chose; while connected, the server reports the same. */
  readonly status: ReadonlySignal<ChosenStatus>;
  /** The merchant's agents and their presence, as last pushed. */
  readonly agents: ReadonlySignal<readonly AgentPresence[]>;
  readonly failed: ReadonlySignal<boolean>;
  set(status: ChosenStatus): Promise<void>;
  /** From the `presence` push. */
  receive(agents: readonly AgentPresence[]): void;
  /** After a reconnect the server counts us online again; repeat "away" if that was the choice. */
  reapply(): void;
}

/**
 * @example
 * const presence = createPresenceModel(transport);
 * await presence.set('away');
 */
export function createPresenceModel(transport: AgentTransport): PresenceModel {
  const status = signal<ChosenStatus>('online');
  const agents = signal<readonly AgentPresence[]>([]);
  const failed = signal(false);

  async function send(next: ChosenStatus) {
    try {
      const ack = await transport.request('presence:set', { status: next });
      failed.value = !ack.ok;
      if (ack.ok) agents.value = ack.data.presence;
    } catch (error) {
      if (!(error instanceof NoAckError)) throw error;
      // Offline: `reapply` sends the choice when the connection returns.
      failed.value = transport.state.peek() === 'connected';
    }
  }

  return {
    status,
    agents,
    failed,
    async set(next) {
      status.value = next;
      await send(next);
    },
    receive(next) {
      agents.value = next;
    },
    reapply() {
      if (status.peek() === 'away') void send('away');
    },
  };
}
