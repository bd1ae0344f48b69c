import { AGENT_ROLES, type AgentProfile } from '@topay-support/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { ApiError } from '../../http/errors.js';
import type { AgentRecord } from '../../storage/agents.js';
import type { AuditLog } from '../audit/audit-log.js';
import { adminOf } from './security-routes.js';
import { agentActor, toAgentProfile } from './sign-in.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const roleBody = z.object({ role: z.enum(AGENT_ROLES) });

/**
 * Admins manage their team's agents: disable, enable, change role. Each one ends the agent's
 * sessions on every node at once and goes on the audit trail.
 */
export function registerAgentAdminRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { audit: AuditLog; endSessions(agentId: string): void },
): void {
  async function target(request: FastifyRequest): Promise<{ admin: AgentRecord; agent: AgentRecord }> {
    const admin = await adminOf(ctx, request);
    const { id } = idParams.parse(request.params);
    const agent = await ctx.storage.agents.findById(id);
    // Another merchant's agent is as absent as a missing one.
    if (!agent || agent.merchantId !== admin.merchantId || agent.role === 'bot') {
      throw new ApiError('not_found', 'No such agent on your team');
    }
    // An admin locking themselves out would leave nobody to undo it from the console.
    if (agent.id === admin.id) throw new ApiError('forbidden', 'Admins cannot disable or demote themselves');
    return { admin, agent };
  }

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    apiRoute(
      app,
      {
        method: 'POST',
        url: `/v1/agent/agents/:id/${name}`,
        summary: disabled
          ? 'Disable an agent (admins; ends their sessions)'
          : 'Enable an agent again (admins)',
        tag: 'Team',
        auth: 'agent',
        params: idParams,
        responses: { 200: { description: '`{ agent }`' } },
        errors: ['unauthorized', 'forbidden', 'not_found'],
      },
      async (request): Promise<{ agent: AgentProfile }> => {
        const { admin, agent } = await target(request);
        await ctx.storage.agents.setDisabled(agent.id, disabled);
        if (disabled) deps.endSessions(agent.id);
        await deps.audit.record({
          merchantId: admin.merchantId,
          actor: agentActor(admin),
          action: disabled ? 'agent.disabled' : 'agent.enabled',
          target: agent.email,
          ip: request.ip,
          details: {},
        });
        return { agent: toAgentProfile(agent) };
      },
    );
  }

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/v1/agent/agents/:id/role',
      summary: "Change an agent's role (admins)",
      tag: 'Team',
      auth: 'agent',
      params: idParams,
      body: roleBody,
      responses: { 200: { description: '`{ agent }`' } },
      errors: ['unauthorized', 'forbidden', 'not_found'],
    },
    async (request, _reply, input): Promise<{ agent: AgentProfile }> => {
      const { admin, agent } = await target(request);
      const { role } = input.body();
      if (agent.role !== role) {
        await ctx.storage.agents.setRole(agent.id, role);
        deps.endSessions(agent.id);
        await deps.audit.record({
          merchantId: admin.merchantId,
          actor: agentActor(admin),
          action: 'agent.role_changed',
          target: agent.email,
          ip: request.ip,
          details: { from: agent.role, to: role },
        });
      }
      return { agent: toAgentProfile({ ...agent, role }) };
    },
  );
}
