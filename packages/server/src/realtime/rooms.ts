/**
 * Every socket of one agent, on every node. A room name is what the adapter carries between nodes,
 * so the server and the CLI (which ends sessions through Redis) must name it alike: here, once.
 */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

export const rooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  merchantVisitors: (merchantId: string) => `merchant-visitors:${merchantId}`,
  merchantAgents: (merchantId: string) => `merchant:${merchantId}`,
  /** Every socket of one agent, on every node (the adapter carries room operations across nodes). */
  agent: agentRoom,
  /** Sockets opened from a "continue the chat" link, which see this one conversation only. */
  continued: (conversationId: string) => `continued:${conversationId}`,
};

/** Everyone on the visitor side of one conversation: the visitor's own sockets and continue-link sessions. */
export function visitorRooms(conversation: { id: string; visitorId: string }): string[] {
  return [rooms.visitor(conversation.visitorId), rooms.continued(conversation.id)];
}
