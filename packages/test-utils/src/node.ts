/// <reference types="node" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isConnectionReset } from './fake/network-error';
import { matchRoute } from './fake/router';
import type { FakeSportsCloud } from './fake/server';

/** Serve a fake over node:http, on loopback by default, for clients that need a real socket. */

export interface FakeServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface FakeServer {
  /** The API base URL, e.g. http://127.0.0.1:43117/v1. */
  url: string;
  /** http://127.0.0.1:43117 (GET /__fake/stats lives here). */
  origin: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    for (const v of value ?? []) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    init.body = Buffer.concat(chunks);
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

/** Methods a fetch `Request` cannot carry: `new Request(…, { method: 'TRACE' })` throws a TypeError. */
const NOT_FETCHABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * The answer the fake gives any method its route does not take: 400 on an API path, 404 elsewhere (the
 * troubleshooting page names 400 for a wrong method). Built here, since such a request never reaches
 * `fake.fetch`; it is not counted in the fake's stats.
 */
function notFetchable(method: string, rawPath: string): { status: number; reason: string; body: string } {
  const pathname = new URL(rawPath, 'http://fake.invalid').pathname;
  const path = pathname === '/v1' ? '/' : pathname.startsWith('/v1/') ? pathname.slice(3) : undefined;
  const match = path === undefined ? ({ kind: 'none' } as const) : matchRoute(method, path);
  return match.kind === 'none'
    ? { status: 404, reason: 'no such path', body: '{"message":"Not Found"}' }
    : { status: 400, reason: `method ${method} not allowed`, body: '{"message":"Bad Request"}' };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found' };

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Array<[string, string]> = [];
  response.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  res.writeHead(response.status, headers.flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startFakeServer(
  fake: Pick<FakeSportsCloud, 'fetch'>,
  { port = 0, host = '127.0.0.1' }: FakeServerOptions = {},
): Promise<FakeServer> {
  let origin = '';
  const server = createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (NOT_FETCHABLE.has(method)) {
      const answer = notFetchable(method, req.url ?? '/');
      res.writeHead(answer.status, { 'content-type': 'application/json', 'x-fake-reason': answer.reason });
      res.end(answer.body);
      return;
    }
    toRequest(req, origin)
      .then((request) => fake.fetch(request))
      .then((response) => send(response, res))
      .catch((error: unknown) => {
        // An injected reset drops the connection, as a crashed upstream would.
        if (isConnectionReset(error)) req.socket.destroy();
        else if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Internal server error', error: String(error) }));
        } else res.destroy();
      });
  });
  // Without a listener, node:http drops a CONNECT's socket; answer it like any method the API does not take.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const answer = notFetchable('CONNECT', req.url?.startsWith('/') ? req.url : '/');
    socket.end(
      `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status]}\r\ncontent-type: application/json\r\n` +
        `content-length: ${answer.body.length}\r\nx-fake-reason: ${answer.reason}\r\nconnection: close\r\n\r\n${answer.body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostText}:${address.port}`;
  return {
    url: `${origin}/v1`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export {
  type NodeStoreProcessesOptions,
  type NodeStoreProcessesRun,
  runNodeStoreProcesses,
  takeFromNodeProcesses,
} from './contracts/store-processes.node';
