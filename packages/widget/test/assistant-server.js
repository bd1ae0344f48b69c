// A real server for the widget's assistant tests: the server's own test helper (real SQLite, the demo
// seed and articles, the assistant answering first), started in this jsdom process. Plain JS for the
// same reason as config-server.js: the widget's tsconfig has no Node types; assistant-server.d.ts types it.
import { loginDemoAgent, startTestServer } from '../../server/test/helpers.js';

/**
 * jsdom replaces the global Uint8Array with its own, while Node's TextEncoder still returns Node's; the
 * server's JWT library then rejects its own key. The server shares this realm only in tests.
 */
function restoreNodeTypedArrays() {
  const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor;
  if (globalThis.Uint8Array !== nodeUint8Array) globalThis.Uint8Array = nodeUint8Array;
}

export async function startAssistantServer() {
  restoreNodeTypedArrays();
  const t = await startTestServer({ assistant: { mode: 'first', name: 'Topay 助手' } });
  const token = await loginDemoAgent(t.url);
  return {
    url: t.url,
    // What an agent sees of a conversation, over the agent HTTP API (DESIGN §3.4).
    async agentConversation(id) {
      const response = await fetch(`${t.url}/v1/agent/conversations/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.json()).conversation;
    },
    async report() {
      const response = await fetch(`${t.url}/v1/agent/assistant/report`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.json();
    },
    close: () => t.close(),
  };
}
