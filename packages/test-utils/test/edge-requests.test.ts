// Issue 7, point 22: every odd request gets a clean 4xx from the fake, over real HTTP too.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOffset } from '../src/fake/pagination';
import { createFakeSportsCloud, createSimulatedClock } from '../src/index';
import { type FakeServer, startFakeServer } from '../src/node';
import { accountPath, makeFake } from './helpers';

/** One raw HTTP/1.1 exchange, so that methods and bytes fetch refuses to send can be sent. */
function raw(server: FakeServer, text: string): Promise<string> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer; got ${JSON.stringify(received)}`)));
  });
}

function send(server: FakeServer, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${server.origin}${path}`, { method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('methods fetch cannot carry, over real HTTP', () => {
  const fake = createFakeSportsCloud({ seed: 4, clock: createSimulatedClock() });
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer(fake, { port: 0 });
  });
  afterAll(() => server.close());

  it('TRACE: 400 on an API path, 404 elsewhere — never a 500', async () => {
    const onApi = await send(server, 'TRACE', '/v1/sports/accounts');
    expect([onApi.status, JSON.parse(onApi.body)]).toEqual([400, { message: 'Bad Request' }]);
    expect(onApi.headers['x-fake-reason']).toBe('method TRACE not allowed');
    const elsewhere = await send(server, 'TRACE', '/nowhere');
    expect([elsewhere.status, JSON.parse(elsewhere.body)]).toEqual([404, { message: 'Not Found' }]);
    // node:http's parser itself answers 400 to TRACK, a method it does not know.
    expect((await send(server, 'TRACK', '/v1/sports/accounts')).status).toBe(400);
  });

  it('CONNECT: an answer, not a closed socket', async () => {
    const answer = await raw(server, 'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(answer).toMatch(/\r\n\r\n\{"message":"Not Found"\}$/);
    const onApi = await raw(server, 'CONNECT /v1/sports/accounts HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(onApi).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('a query value with control or non-Latin-1 characters: 400 with a header-safe reason', async () => {
    const headers = await fake.authHeaders();
    const a = accountPath(fake.data.accounts[0]!.accountId);
    for (const bad of ['%0A', '%0D%0Ax-injected:%201', '%00', '%C5%81', '%F0%9F%98%80', '%7F']) {
      const res = await send(server, 'GET', `/v1${a}/coaches?offset=${bad}`, headers);
      expect(res.status, bad).toBe(400);
      expect(res.headers['x-fake-reason'], bad).toMatch(/^invalid offset "[\x20-\x7e]+$/);
      expect(res.headers['x-injected']).toBeUndefined();
    }
    const m = fake.data.accounts[0]!.measurements[0]!;
    const results = `/v1${a}/athletes/${m.athleteId}/measurements/${m.measurementId}/results`;
    const format = await send(server, 'GET', `${results}?format=%E2%9C%93%0A`, headers);
    expect(format.status).toBe(400);
    expect(format.headers['x-fake-reason']).toBe('format must be binary or list, not \\u{2713}\\u{a}');
    const unknown = await send(server, 'GET', `${results}?var=trimp,%C5%81%0A`, headers);
    expect(unknown.status).toBe(200);
    expect(unknown.headers['x-fake-unknown-var']).toBe('\\u{141}'); // names are trimmed, as var lists are
  });
});

describe('offset: one rule, the spec type "number"', () => {
  it('takes a JSON number that is a whole count of items', () => {
    for (const [text, value] of [
      ['0', 0],
      ['12', 12],
      ['1e2', 100],
      ['1E+2', 100],
      ['12.0', 12],
      ['-0', 0],
    ] as const) {
      expect(parseOffset(text), text).toBe(value);
    }
    expect(parseOffset(null)).toBe(0);
  });

  it('rejects everything else: not JSON numbers, fractions, negatives', async () => {
    const bad = [
      '',
      ' 1',
      '1 ',
      '+1',
      '0x10',
      '0b1',
      '0o7',
      '01',
      '.5',
      '1.',
      '1.5',
      '-1',
      '1e-1',
      'NaN',
      'Infinity',
      '1,2',
      '9'.repeat(400),
    ];
    for (const text of bad) expect(parseOffset(text), JSON.stringify(text)).toBeUndefined();
    const t = makeFake();
    const a = accountPath(t.fake.data.accounts[0]!.accountId);
    for (const text of ['', '0x10', '+1', '1.5', '01']) {
      const res = await t.call(`${a}/coaches?offset=${encodeURIComponent(text)}`);
      expect(res.status, JSON.stringify(text)).toBe(400);
    }
    expect((await t.call(`${a}/coaches?offset=1e2`)).status).toBe(200);
  });
});
