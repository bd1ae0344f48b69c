import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat-completions request as the provider receives it. */
export interface RecordedPrompt {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
}

/** How the provider answers the next request. */
export type Behaviour =
  | { kind: 'stream'; chunks: string[]; delayMs?: number }
  | { kind: 'status'; status: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

/**
 * A model provider for tests: a real HTTP server speaking the OpenAI chat-completions wire format,
 * streaming as server-sent events. It records every prompt it receives, so a test can prove what
 * reached the provider and what did not. Third parties are faked this way, never our own server.
 */
export async function startFakeModel() {
  const prompts: RecordedPrompt[] = [];
  const queue: Behaviour[] = [];
  let fallback: Behaviour = { kind: 'stream', chunks: ['NO_ANSWER'] };
  const hanging = new Set<ServerResponse>();

  async function handle(request: IncomingMessage, response: ServerResponse) {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404).end();
      return;
    }
    prompts.push(JSON.parse(body) as RecordedPrompt);
    const behaviour = queue.shift() ?? fallback;
    if (behaviour.kind === 'status') {
      response.writeHead(behaviour.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'provider trouble', type: 'server_error' } }));
      return;
    }
    if (behaviour.kind === 'hang') {
      hanging.add(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const content of behaviour.chunks) {
      const chunk = {
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: 'test-model',
        choices: [{ index: 0, delta: { content }, finish_reason: null }],
      };
      response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    }
    const done = {
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: 'test-model',
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    };
    response.write(`data: ${JSON.stringify(done)}\n\ndata: [DONE]\n\n`);
    response.end();
  }

  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    prompts,
    /** Answers the next requests this way, in order. */
    next(...behaviours: Behaviour[]) {
      queue.push(...behaviours);
    },
    /** How requests are answered once the queue is empty. */
    otherwise(behaviour: Behaviour) {
      fallback = behaviour;
    },
    /** Forgets queued behaviours (a test's unused ones must not answer the next test). */
    reset() {
      queue.length = 0;
      fallback = { kind: 'stream', chunks: ['NO_ANSWER'] };
    },
    /** Every prompt's text, system and turns together. */
    promptTexts(): string[] {
      return prompts.map((p) => p.messages.map((m) => m.content).join('\n'));
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
