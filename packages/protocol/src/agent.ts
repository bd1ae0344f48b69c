export const AGENT_ROLES = ['agent', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface AgentProfile {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
}

/** `POST /v1/agent/login` body. */
export interface AgentLoginRequest {
  email: string;
  password: string;
}

/** `POST /v1/agent/login` answer; `expiresAt` is ISO-8601 UTC. */
export interface AgentLoginResponse {
  token: string;
  expiresAt: string;
  agent: AgentProfile;
}

/** `GET /v1/agent/me` answer. */
export interface AgentMeResponse {
  agent: AgentProfile;
  merchant: { id: string; name: string };
}
