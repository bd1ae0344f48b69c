/**
 * Every socket of one agent, on every node. A room name is what the adapter carries between nodes,
 * so the server and the CLI (which ends sessions through Redis) must name it alike: here, once.
 */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}
