// A stand-in for the real server's GET /v1/widget/config, on port 0. Plain JS on purpose: the widget's
// tsconfig has DOM types only (no Node built-ins in a browser package), and config-server.d.ts types this file.
import { createServer } from 'node:http';

export async function startConfigServer(answer) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const { status, body } =
      url.pathname === '/v1/widget/config'
        ? answer()
        : { status: 404, body: { error: { code: 'not_found', message: 'no' } } };
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
