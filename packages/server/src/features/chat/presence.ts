import type { AgentPresence } from '@topay-support/protocol';

export type AgentStatus = AgentPresence['status'];

/**
 * Which agents are connected, per merchant. An agent is online while at least one of their sockets
 * is connected (on any node) and they have not set themselves away.
 */
export interface Presence {
  connect(merchantId: string, agentId: string): Promise<void>;
  disconnect(merchantId: string, agentId: string): Promise<void>;
  setStatus(merchantId: string, agentId: string, status: 'online' | 'away'): Promise<void>;
  /** Every connected agent's status; agents not in the map are offline. */
  statuses(merchantId: string): Promise<Map<string, 'online' | 'away'>>;
  /** Stops background work and withdraws this node's agents. */
  close(): Promise<void>;
}

export async function onlineAgentIds(presence: Presence, merchantId: string): Promise<string[]> {
  const statuses = await presence.statuses(merchantId);
  return [...statuses].filter(([, status]) => status === 'online').map(([id]) => id);
}

export function statusOf(statuses: Map<string, 'online' | 'away'>, agentId: string): AgentStatus {
  return statuses.get(agentId) ?? 'offline';
}

interface Entry {
  status: 'online' | 'away';
  sockets: number;
}

/** This node's own agents, counted by socket. Serves one node alone, and is the Redis view's fallback. */
export class LocalPresence implements Presence {
  #merchants = new Map<string, Map<string, Entry>>();

  async connect(merchantId: string, agentId: string): Promise<void> {
    this.connectNow(merchantId, agentId);
  }

  /** Returns whether this is the agent's first socket on this node. */
  connectNow(merchantId: string, agentId: string): boolean {
    const agents = this.#merchants.get(merchantId) ?? new Map<string, Entry>();
    this.#merchants.set(merchantId, agents);
    const entry = agents.get(agentId);
    if (entry) entry.sockets++;
    else agents.set(agentId, { status: 'online', sockets: 1 });
    return !entry;
  }

  async disconnect(merchantId: string, agentId: string): Promise<void> {
    this.disconnectNow(merchantId, agentId);
  }

  /** Returns whether that was the agent's last socket on this node. */
  disconnectNow(merchantId: string, agentId: string): boolean {
    const agents = this.#merchants.get(merchantId);
    const entry = agents?.get(agentId);
    if (!agents || !entry) return false;
    entry.sockets--;
    if (entry.sockets > 0) return false;
    agents.delete(agentId);
    if (agents.size === 0) this.#merchants.delete(merchantId);
    return true;
  }

  async setStatus(merchantId: string, agentId: string, status: 'online' | 'away'): Promise<void> {
    const entry = this.#merchants.get(merchantId)?.get(agentId);
    if (entry) entry.status = status;
  }

  async statuses(merchantId: string): Promise<Map<string, 'online' | 'away'>> {
    return this.statusesNow(merchantId);
  }

  statusesNow(merchantId: string): Map<string, 'online' | 'away'> {
    const agents = this.#merchants.get(merchantId);
    return new Map(agents ? [...agents].map(([id, entry]) => [id, entry.status]) : []);
  }

  /** Every (merchant, agent) pair with a socket on this node. */
  *entries(): Generator<[merchantId: string, agentId: string]> {
    for (const [merchantId, agents] of this.#merchants) {
      for (const agentId of agents.keys()) yield [merchantId, agentId];
    }
  }

  async close(): Promise<void> {
    this.#merchants.clear();
  }
}
