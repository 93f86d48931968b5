import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, DEFAULT_MAX_RESPONSE_BYTES, SportsCloudClient } from '../../src';
import { type LoopbackServer, peakRssGrowth, startLoopbackServer } from '../support/loopback-server';
import { CREDENTIALS } from '../support/scripted-fetch';

const MiB = 1024 * 1024;
/** Peak RSS growth allowed while a hostile body is refused: the cap (32 MiB) plus runtime buffers. */
const MEMORY_BOUND = 160 * MiB;

let servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startLoopbackServer>[0]) {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

function client(baseURL: string, options: Record<string, unknown> = {}) {
  return new SportsCloudClient({ ...CREDENTIALS, baseURL, maxRetries: 0, ...options });
}

/** 1 GiB of zeros as 64 concatenated gzip members (≈ 1 MiB): what `fetch` inflates for us. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
}

/**
 * A zstd frame of RLE blocks (128 KiB of spaces per 4-byte block): 32 KB that decode to `total`
 * bytes. `declareSize` writes the size into the frame header, as the zstd CLI does.
 */
function zstdBomb(total: number, declareSize: boolean): Buffer {
  const block = 128 * 1024;
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];
  if (declareSize) {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(total));
    parts.push(Buffer.from([0xe0]), size); // single segment, 8-byte content size
  } else {
    parts.push(Buffer.from([0x00, 0x38])); // no content size, 128 KiB window
  }
  for (let i = 0, n = total / block; i < n; i++) {
    const header = (i === n - 1 ? 1 : 0) | (1 << 1) | (block << 3); // RLE block
    parts.push(Buffer.from([header & 0xff, (header >>> 8) & 0xff, header >>> 16, 0x20]));
  }
  return Buffer.concat(parts);
}

/** Writes `total` bytes of JSON whitespace then `[]`, respecting backpressure; counts what left. */
function streamBody(total: number, headers: Record<string, string | number> = {}) {
  const sent = { bytes: 0, closedEarly: false };
  const handler = async (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.on('close', () => {
      if (!res.writableFinished) sent.closedEarly = true;
    });
    while (sent.bytes < total && !res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!res.destroyed) res.end('[]');
  };
  return { sent, handler };
}

describe('response bodies are read as a capped stream', () => {
  it('a 1 MiB gzip body that inflates to 1 GiB stops at the cap, with bounded memory', async () => {
    const bomb = gzipBomb();
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const started = performance.now();
    const { result: error, peakGrowth } = await peakRssGrowth(() =>
      client(server.baseURL, { apiKey: CREDENTIALS.apiKey })
        .accounts.list()
        .catch((e: unknown) => e),
    );
    const ms = performance.now() - started;
    console.log(
      JSON.stringify({
        test: 'gzip-bomb',
        compressedBytes: bomb.length,
        inflatedBytes: 2 ** 30,
        capBytes: DEFAULT_MAX_RESPONSE_BYTES,
        peakRssGrowthMiB: Math.round(peakGrowth / MiB),
        ms: Math.round(ms),
        method: 'process.memoryUsage.rss() sampled every 2 ms during the call',
      }),
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error).toMatchObject({ code: 'body_too_large', limitBytes: DEFAULT_MAX_RESPONSE_BYTES });
    expect((error as Error).message).toContain('maxResponseBytes');
    expect(peakGrowth).toBeLessThan(MEMORY_BOUND);
    expect(server.seen).toHaveLength(1);
  });

  it.each([
    ['declares its size', true],
    ['does not declare its size', false],
  ])('a 32 KB zstd body that decodes to 1 GiB and %s stops at the cap', async (_label, declareSize) => {
    const bomb = zstdBomb(2 ** 30, declareSize);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' });
      res.end(bomb);
    });
    const started = performance.now();
    const { result: error, peakGrowth } = await peakRssGrowth(() =>
      client(server.baseURL, { apiKey: CREDENTIALS.apiKey })
        .accounts.list()
        .catch((e: unknown) => e),
    );
    console.log(
      JSON.stringify({
        test: `zstd-bomb (${declareSize ? 'size declared' : 'size not declared'})`,
        compressedBytes: bomb.length,
        decodedBytes: 2 ** 30,
        peakRssGrowthMiB: Math.round(peakGrowth / MiB),
        ms: Math.round(performance.now() - started),
      }),
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(peakGrowth).toBeLessThan(MEMORY_BOUND);
    expect(server.seen).toHaveLength(1);
  });

  it('a 500 MB plain body is not buffered: reading stops at the cap and the connection is dropped', async () => {
    const total = 500 * 1000 * 1000;
    const { sent, handler } = streamBody(total);
    const server = await serve(handler);
    const { result: error, peakGrowth } = await peakRssGrowth(() =>
      client(server.baseURL, { apiKey: CREDENTIALS.apiKey, maxRetries: 2 })
        .accounts.list()
        .catch((e: unknown) => e),
    );
    // Let the server notice the closed socket.
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(
      JSON.stringify({
        test: 'plain-500MB',
        bodyBytes: total,
        serverSentBytes: sent.bytes,
        peakRssGrowthMiB: Math.round(peakGrowth / MiB),
        method: 'bytes written by the server before the client closed the socket; RSS sampled every 2 ms',
      }),
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(sent.closedEarly).toBe(true);
    // What the socket buffers hold on both sides is all that is sent past the cap.
    expect(sent.bytes).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES + 16 * MiB);
    expect(peakGrowth).toBeLessThan(MEMORY_BOUND);
    // Not retried: a second try gets the same oversized body.
    expect(server.seen).toHaveLength(1);
  });

  it('a declared Content-Length above the cap is refused before the body is read', async () => {
    const { sent, handler } = streamBody(200 * MiB, { 'content-length': 200 * MiB + 2 });
    const server = await serve(handler);
    const error = await client(server.baseURL, { apiKey: CREDENTIALS.apiKey })
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(sent.bytes).toBeLessThan(16 * MiB);
  });

  it('maxResponseBytes is configurable: a body just over it fails, one under it passes', async () => {
    const body = JSON.stringify({ accounts: [{ accountId: '1-1', name: 'x'.repeat(3000) }] });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const small = client(server.baseURL, { apiKey: CREDENTIALS.apiKey, maxResponseBytes: 2048 });
    await expect(small.accounts.list()).rejects.toMatchObject({
      name: 'BodyTooLargeError',
      limitBytes: 2048,
    });
    const roomy = client(server.baseURL, { apiKey: CREDENTIALS.apiKey, maxResponseBytes: body.length });
    await expect(roomy.accounts.list()).resolves.toHaveLength(1);
  });
});
