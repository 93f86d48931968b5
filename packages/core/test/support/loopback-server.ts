/// <reference types="node" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenByServer {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** `${origin}/v1` */
  baseURL: string;
  /** Every request the server received, oldest first. */
  seen: SeenByServer[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 (any free port) answering with `handler`: a hostile API. */
export async function startLoopbackServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: LoopbackServer) => void | Promise<void>,
): Promise<LoopbackServer> {
  const seen: SeenByServer[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    Promise.resolve(handler(req, res, self)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const self: LoopbackServer = {
    origin,
    baseURL: `${origin}/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}

/**
 * Peak growth of the resident set while `work` runs, sampled every 2 ms (the body is read
 * asynchronously, so the sampler keeps running), in bytes above the level just before.
 */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; peakGrowth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakGrowth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
