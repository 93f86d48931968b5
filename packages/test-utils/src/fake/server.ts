import { keyedRng, uuidFrom } from '../data/prng';
import { signalsFor } from '../data/results';
import {
  type AnalysisOptions,
  type Dataset,
  type DatasetOptions,
  type SeededMeasurement,
  seedDataset,
} from '../data/seed';
import type { MeasurementSignals } from '../data/signals';
import { checkApiKey, checkJwt } from './auth';
import { type Clock, systemClock } from './clock';
import { type Consumer, type ConsumerCredentials, ConsumerRegistry } from './consumers';
import { corruptSeries } from './corrupt';
import { indexDataset } from './data-index';
import { FAULT_KINDS, type FaultDecision, FaultInjector, type FaultOptions } from './faults';
import { createHandlers } from './handlers';
import { type LimitOptions, RateLimiter } from './limits';
import { connectionReset } from './network-error';
import { type FakeStats, Recorder, type RequestLogEntry } from './recorder';
import { fail, type Reply } from './reply';
import { respond } from './respond';
import { matchRoute, type OperationName } from './router';
import { signSportsCloudToken, type TokenOptions } from './tokens';

export interface FakeSportsCloudOptions extends AnalysisOptions {
  /** Seed of all data, ids, credentials and fault draws. Default 1. */
  seed?: number;
  /** Size knobs of the seeded data. */
  dataset?: DatasetOptions;
  /** Time source for JWT checks, limits and latency. Default: the system clock. */
  clock?: Clock;
  /** Items per list page. Default 1000 (the real API's maximum). */
  pageSize?: number;
  /** Results bodies above this many (uncompressed) bytes answer 413. Default 6 MiB = 6 * 1024 * 1024. */
  responseLimitBytes?: number;
  /** Token bucket and daily quota. Defaults: 1 token/s, burst 60, 5000 per UTC day. */
  limits?: LimitOptions;
  /** 202 answers a cold analysis gets before 200. Default 2. */
  coldPolls?: number;
  faults?: FaultOptions;
  /** Clock skew accepted on `iat` (future) and `exp` (past). Default 5 s. */
  jwtClockToleranceSeconds?: number;
}

export interface FakeSportsCloud extends ConsumerCredentials {
  /** Serve one request. Rejects with a TypeError only for an injected connection reset. */
  fetch(request: Request): Promise<Response>;
  /** The seeded data (live: edit `data.analysis` to force 202/204 on chosen resources). */
  readonly data: Dataset;
  readonly clock: Clock;
  /** Every request served (not `/__fake/*`), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  stats(): FakeStats;
  /** A new consumer with an API key already issued; `accountIds: 'all'` grants every seeded account. */
  registerConsumer(options?: {
    consumerName?: string;
    accountIds?: readonly string[] | 'all';
  }): ConsumerCredentials;
  /** `Authorization` and `x-api-key` headers for a consumer (default: the seeded one), on the fake's clock. */
  authHeaders(credentials?: ConsumerCredentials, token?: TokenOptions): Promise<AuthHeaders>;
  /** Clear the request log and counters. */
  resetStats(): void;
  /** Refill every token bucket and daily quota. */
  resetLimits(): void;
  /** Forget 202 polls, so cold analyses are cold again. */
  resetPolls(): void;
}

export interface AuthHeaders {
  authorization: string;
  'x-api-key': string;
  [name: string]: string;
}

export const DEFAULT_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
const encoder = new TextEncoder();

/** Path after `/v1`, or undefined outside the API. */
function apiPath(pathname: string): string | undefined {
  if (pathname === '/v1') return '/';
  return pathname.startsWith('/v1/') ? pathname.slice(3) : undefined;
}

interface Outcome {
  /** Undefined when the connection is to be reset. */
  response?: Response;
  operation?: OperationName;
  fault?: FaultDecision['kind'];
  throttled?: 'burst' | 'daily';
}

export function createFakeSportsCloud(options: FakeSportsCloudOptions = {}): FakeSportsCloud {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? systemClock;
  const pageSize = options.pageSize ?? 1000;
  const responseLimit = options.responseLimitBytes ?? DEFAULT_RESPONSE_LIMIT_BYTES;
  const tolerance = options.jwtClockToleranceSeconds ?? 5;
  const data = seedDataset(seed, options.dataset, options);
  const accounts = indexDataset(data);
  const registry = new ConsumerRegistry(keyedRng(seed, 'consumers'));
  const limiter = new RateLimiter(options.limits);
  const faults = new FaultInjector(options.faults ?? {}, keyedRng(seed, 'faults'));
  const faultRng = keyedRng(seed, 'fault-effects');
  const requestIds = keyedRng(seed, 'request-ids');
  const recorder = new Recorder();
  const polls = new Map<string, number>();

  // Signals are deterministic; a small cache only saves recomputation across nearby requests.
  const signalCache = new Map<number, MeasurementSignals>();
  const signals = (m: SeededMeasurement): MeasurementSignals => {
    let s = signalCache.get(m.measurementId);
    if (!s) {
      s = signalsFor(seed, m);
      if (signalCache.size >= 128) signalCache.delete(signalCache.keys().next().value as number);
      signalCache.set(m.measurementId, s);
    }
    return s;
  };

  const handlers = createHandlers({
    seed,
    data,
    accounts,
    registry,
    pageSize,
    coldPolls: options.coldPolls ?? 2,
    polls,
    signals,
  });

  const credentialsOf = (c: Consumer): ConsumerCredentials => ({
    consumerId: c.id,
    sharedSecret: c.sharedSecret,
    apiKey: registry.apiKeyOf(c),
  });
  const seeded = registry.register('Sports Cloud SDK tests', accounts.keys());
  registry.apiKeyOf(seeded);

  const sleep = (ms: number) => (clock.sleep ? clock.sleep(ms) : systemClock.sleep!(ms));

  const toResponse = (
    reply: Reply,
    request: Request,
    truncate = false,
    encoded?: Uint8Array<ArrayBuffer>,
  ): Promise<Response> =>
    respond(reply, {
      acceptEncoding: request.headers.get('accept-encoding'),
      requestId: uuidFrom(requestIds),
      now: clock.now(),
      ...(encoded ? { encoded } : {}),
      // Keep 1..n-1 bytes, mostly from the middle: every JSON body is at least 2 bytes long.
      ...(truncate
        ? { truncateTo: (n: number) => Math.min(n - 1, Math.max(1, faultRng.int(n >> 2, (3 * n) >> 2))) }
        : {}),
    });

  async function serve(request: Request, url: URL, arrivedAt: number): Promise<Outcome> {
    const path = apiPath(url.pathname);
    const match = path === undefined ? ({ kind: 'none' } as const) : matchRoute(request.method, path);
    if (match.kind === 'none') return { response: await toResponse(fail(404, 'no such path'), request) };
    if (match.kind === 'method') {
      const reply = fail(400, `method ${request.method} not allowed here (${match.allowed.join(', ')})`);
      return { response: await toResponse(reply, request) };
    }
    const { route, params } = match;
    const operation = route.operation;
    const answer = async (reply: Reply, extra: Partial<Outcome> = {}): Promise<Outcome> => ({
      response: await toResponse(reply, request),
      operation,
      ...extra,
    });

    let consumer: ReturnType<ConsumerRegistry['get']>;
    if (route.auth !== 'none') {
      const jwt = await checkJwt(request.headers.get('authorization'), registry, clock.now(), tolerance);
      if (!jwt.ok) return answer(fail(401, jwt.reason));
      const confirming = operation === 'confirmNewSecret';
      if (jwt.signedWith === 'pending' && !confirming) return answer(fail(401, 'secret not confirmed yet'));
      if (confirming && jwt.signedWith !== 'pending') {
        return answer(fail(401, 'confirm must be signed with the new (pending) secret'));
      }
      if (route.auth === 'full') {
        const bad = checkApiKey(request.headers.get('x-api-key'), jwt.consumer);
        if (bad) return answer(fail(403, bad));
      }
      consumer = jwt.consumer;
    }

    if (route.limited && consumer) {
      const verdict = limiter.take(consumer.id, arrivedAt);
      if (verdict === 'burst') {
        const reply = fail(429, 'token bucket empty', 'Too Many Requests');
        return answer(
          { ...reply, headers: { 'x-amzn-ErrorType': 'ThrottledException' } },
          { throttled: 'burst' },
        );
      }
      if (verdict === 'daily') {
        const reply = fail(429, 'daily quota used up', 'Limit Exceeded');
        return answer(
          { ...reply, headers: { 'x-amzn-ErrorType': 'LimitExceededException' } },
          { throttled: 'daily' },
        );
      }
    }

    const binaryResults = route.results && url.searchParams.get('format') !== 'list';
    const fault = faults.decide(
      operation,
      FAULT_KINDS.filter((k) => k !== 'corrupt' || binaryResults),
    );
    if (fault?.kind === 'reset') return { operation, fault: 'reset' };
    if (fault?.kind === '500' || fault?.kind === '502' || fault?.kind === '503' || fault?.kind === '504') {
      return answer(fail(Number(fault.kind), 'injected fault'), { fault: fault.kind });
    }
    if (fault?.kind === 'latency') await sleep(fault.latencyMs);

    let reply = await handlers[operation]({ params, query: url.searchParams, request, consumer });
    let applied = fault?.kind === 'latency';
    if (fault?.kind === 'corrupt' && reply.status === 200) {
      applied = await corruptSeries(reply.body, faultRng);
    }
    // The limit applies to the JSON before any Content-Encoding (undocumented; see reference §9).
    let encoded = reply.body === undefined ? undefined : encoder.encode(JSON.stringify(reply.body));
    if (route.results && encoded && encoded.length > responseLimit) {
      reply = fail(413, `body of ${encoded.length} bytes exceeds ${responseLimit}`);
      encoded = undefined;
    }
    const truncate = fault?.kind === 'truncate' && reply.body !== undefined;
    applied ||= truncate;
    return {
      response: await toResponse(reply, request, truncate, encoded),
      operation,
      ...(applied && fault ? { fault: fault.kind } : {}),
    };
  }

  return {
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === '/__fake/stats') {
        return new Response(JSON.stringify(recorder.stats()), {
          headers: { 'content-type': 'application/json' },
        });
      }
      const entry = {
        time: clock.now(),
        method: request.method,
        path: `${apiPath(url.pathname) ?? url.pathname}${url.search}`,
      };
      const out = await serve(request, url, entry.time);
      recorder.record(
        {
          ...entry,
          ...(out.operation ? { operation: out.operation } : {}),
          status: out.response?.status ?? 0,
          ...(out.fault ? { fault: out.fault } : {}),
        },
        out.throttled,
      );
      if (!out.response) throw connectionReset();
      return out.response;
    },
    data,
    clock,
    requests: recorder.log,
    stats: () => recorder.stats(),
    get consumerId() {
      return seeded.id;
    },
    get sharedSecret() {
      return seeded.sharedSecret;
    },
    get apiKey() {
      return registry.apiKeyOf(seeded);
    },
    registerConsumer({ consumerName = 'Registered in a test', accountIds = [] } = {}) {
      return credentialsOf(
        registry.register(consumerName, accountIds === 'all' ? accounts.keys() : accountIds),
      );
    },
    async authHeaders(credentials = credentialsOf(seeded), token = {}) {
      const jwt = await signSportsCloudToken(credentials, { nowMs: clock.now(), ...token });
      return { authorization: `Bearer ${jwt}`, 'x-api-key': credentials.apiKey };
    },
    resetStats: () => recorder.reset(),
    resetLimits: () => limiter.reset(),
    resetPolls: () => polls.clear(),
  };
}
