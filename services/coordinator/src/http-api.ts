import type { IncomingMessage, ServerResponse } from 'node:http';
import { JobSpecError } from '@matchnet/cluster';
import type { Coordinator } from './coordinator.js';

const MAX_BODY = 1 << 20;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * The job API: POST /jobs with a job spec, GET /jobs, GET /jobs/<name>.
 * Bad specs get 400 with every bad field named; a name clash gets 409.
 */
export function jobApi(coordinator: () => Coordinator | undefined) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/jobs')) return false;
    const c = coordinator();
    if (!c) {
      send(res, 503, { error: 'coordinator is starting' });
      return true;
    }
    const name = decodeURIComponent(url.pathname.slice('/jobs/'.length));
    if (req.method === 'GET' && url.pathname === '/jobs') send(res, 200, c.list());
    else if (req.method === 'GET' && name) {
      const status = c.status(name);
      if (status) send(res, 200, status);
      else send(res, 404, { error: `no job ${name}` });
    } else if (req.method === 'POST' && url.pathname === '/jobs') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
        if (body.length > MAX_BODY) req.destroy();
      });
      req.on('end', () => {
        let input: unknown;
        try {
          input = body.trim() ? JSON.parse(body) : {};
        } catch {
          return send(res, 400, { error: 'the request body is not JSON' });
        }
        c.submit(input).then(
          (spec) => send(res, 201, spec),
          (err: Error) => send(res, err instanceof JobSpecError ? (err.message.includes('exists already') ? 409 : 400) : 500, { error: err.message }),
        );
      });
    } else send(res, 405, { error: `${req.method} ${url.pathname} is not supported` });
    return true;
  };
}
