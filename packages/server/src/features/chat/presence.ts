import type { AgentPresence, BusinessHours } from '@topay-support/protocol';

interface Entry {
  name: string;
  status: 'online' | 'away';
  sockets: number;
}

/**
 * Which agents are connected, per merchant, on this node. An agent is online while at least one of
 * their sockets is connected and they have not set themselves away.
 */
export class PresenceRegistry {
  #merchants = new Map<string, Map<string, Entry>>();

  connect(merchantId: string, agentId: string, name: string): void {
    const agents = this.#merchants.get(merchantId) ?? new Map<string, Entry>();
    this.#merchants.set(merchantId, agents);
    const entry = agents.get(agentId);
    if (entry) entry.sockets++;
    else agents.set(agentId, { name, status: 'online', sockets: 1 });
  }

  disconnect(merchantId: string, agentId: string): void {
    const agents = this.#merchants.get(merchantId);
    const entry = agents?.get(agentId);
    if (!agents || !entry) return;
    entry.sockets--;
    if (entry.sockets <= 0) agents.delete(agentId);
  }

  setStatus(merchantId: string, agentId: string, status: 'online' | 'away'): void {
    const entry = this.#merchants.get(merchantId)?.get(agentId);
    if (entry) entry.status = status;
  }

  status(merchantId: string, agentId: string): AgentPresence['status'] {
    return this.#merchants.get(merchantId)?.get(agentId)?.status ?? 'offline';
  }

  onlineAgentIds(merchantId: string): string[] {
    const agents = this.#merchants.get(merchantId);
    return agents ? [...agents].filter(([, e]) => e.status === 'online').map(([id]) => id) : [];
  }

  anyOnline(merchantId: string): boolean {
    return this.onlineAgentIds(merchantId).length > 0;
  }
}

const WEEKDAYS: Record<string, 0 | 1 | 2 | 3 | 4 | 5 | 6> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** Whether `at` falls within the merchant's opening hours, read in the merchant's time zone. */
export function withinBusinessHours(hours: BusinessHours | undefined, at: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[part('weekday')];
  if (day === undefined) return true;
  const time = `${part('hour')}:${part('minute')}`;
  return (hours.days[day] ?? []).some(([open, close]) => time >= open && time < close);
}
