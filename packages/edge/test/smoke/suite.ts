// ONE smoke suite for every runtime (Node, Deno, workerd, edge-runtime), the way hono and jose test
// theirs: no test framework here, only Web APIs; each runner registers these cases with its own.
import {
  type DecodedVariable,
  decodeResults,
  isSportsCloudError,
  SportsCloudClient,
  type TimeSeriesArray,
} from '@sportscloud/core';

export interface SmokeContext {
  /** The harness origin, e.g. http://127.0.0.1:43117 (the API is at `${origin}/v1`). */
  readonly origin: string;
}

export interface SmokeCase {
  readonly name: string;
  run(ctx: SmokeContext): Promise<void>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

interface Credentials {
  consumerId: string;
  sharedSecret: string;
  apiKey: string;
}

async function newConsumer(ctx: SmokeContext): Promise<Credentials> {
  const response = await fetch(`${ctx.origin}/__harness/consumer`, { method: 'POST' });
  check(response.ok, `harness answered ${response.status}`);
  return (await response.json()) as Credentials;
}

async function stats(
  ctx: SmokeContext,
): Promise<{ throttled: { burst: number; daily: number }; total: number }> {
  return (await (await fetch(`${ctx.origin}/__fake/stats`)).json()) as {
    throttled: { burst: number; daily: number };
    total: number;
  };
}

async function sha256Hex(values: TimeSeriesArray): Promise<string> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface GoldenVariable {
  name: string;
  kind: 'series' | 'scalar';
  value?: number;
  unit?: string;
  type?: string;
  bits?: number;
  length?: number;
  sha256?: string;
  first?: number[];
  sum?: number;
}

export const smokeCases: readonly SmokeCase[] = [
  {
    name: 'authenticates: a JWT and the API key reach the fake, a wrong secret is an AuthenticationError',
    async run(ctx) {
      const credentials = await newConsumer(ctx);
      const client = new SportsCloudClient({ ...credentials, baseURL: `${ctx.origin}/v1` });
      const accounts = await client.accounts.list();
      check(accounts.length === 1, `expected 1 account, got ${accounts.length}`);
      same(client.tokenSignings, 1, 'JWTs signed');
      const wrong = new SportsCloudClient({
        ...credentials,
        sharedSecret: `${credentials.sharedSecret}x`,
        baseURL: `${ctx.origin}/v1`,
        maxRetries: 0,
      });
      const error = await wrong.accounts.list().then(
        () => undefined,
        (e: unknown) => e,
      );
      check(
        isSportsCloudError(error) && error.code === 'authentication',
        `expected authentication, got ${String(error)}`,
      );
      check(
        !JSON.stringify(error.toSupportBundle()).includes(credentials.sharedSecret),
        'secret in support bundle',
      );
    },
  },
  {
    name: 'lists: teams and their sessions, every page',
    async run(ctx) {
      const client = new SportsCloudClient({ ...(await newConsumer(ctx)), baseURL: `${ctx.origin}/v1` });
      const [account] = await client.accounts.list();
      check(account, 'no account');
      const teams = await client.teams.list({ accountId: account.accountId }).toArray();
      same(teams.length, 2, 'teams');
      const sessions = await client.sessions
        .list({ accountId: account.accountId, teamId: teams[0]!.teamId })
        .toArray();
      check(sessions.length >= 3, `expected ≥ 3 sessions, got ${sessions.length}`);
      const results = await client.sessions.results({
        accountId: account.accountId,
        teamId: teams[0]!.teamId,
        sessionId: sessions[0]!.sessionId,
        athleteIds: sessions[0]!.athleteIds,
      });
      // Annotated: Deno's type checker cannot follow core's split declaration chunk (see README).
      const variables: readonly DecodedVariable[] = results.measurements.flatMap(
        (m: { variables?: readonly DecodedVariable[] }) => m.variables ?? [],
      );
      const series = variables.filter((v) => 'values' in v);
      check(series.length > 0, 'no decoded series in session results');
    },
  },
  {
    name: 'decodes the four real samples to the golden values of the reference algorithm',
    async run(ctx) {
      const golden = (await (await fetch(`${ctx.origin}/__harness/golden.json`)).json()) as {
        samples: Record<string, { fields: Record<string, unknown>; variables: GoldenVariable[] }>;
      };
      same(Object.keys(golden.samples).length, 4, 'golden samples');
      for (const [file, want] of Object.entries(golden.samples)) {
        const raw = (await (await fetch(`${ctx.origin}/__harness/samples/${file}`)).json()) as {
          variables: unknown[];
        };
        const { variables, ...fields } = (await decodeResults(raw)) as unknown as {
          variables: Array<{
            name: string;
            value?: number;
            unit?: string;
            type?: string;
            bits?: number;
            values?: TimeSeriesArray;
          }>;
        } & Record<string, unknown>;
        same(fields, want.fields, `${file} fields`);
        same(
          variables.map((v) => v.name),
          want.variables.map((v) => v.name),
          `${file} variable names`,
        );
        for (const [i, w] of want.variables.entries()) {
          const got = variables[i]!;
          if (w.kind === 'scalar') {
            same(got.value, w.value, `${file} ${w.name}`);
            continue;
          }
          check(got.values, `${file} ${w.name} is not a series`);
          same(
            [got.type, got.bits, got.values.length],
            [w.type, w.bits, w.length],
            `${file} ${w.name} shape`,
          );
          same(await sha256Hex(got.values), w.sha256, `${file} ${w.name} sha256`);
          const numbers = Array.from(got.values as ArrayLike<number | bigint>, Number);
          same(numbers.slice(0, 5), w.first, `${file} ${w.name} first values`);
          same(
            numbers.reduce((a, b) => a + b, 0),
            w.sum,
            `${file} ${w.name} sum`,
          );
        }
      }
    },
  },
  {
    name: 'waits out a burst 429: a client promising itself more than the fake allows still gets every answer',
    async run(ctx) {
      // The client believes in a burst of 100 while the fake allows 20: 40 calls at once overrun it even
      // if the fake is slow to serve them (it refills 10/s); the client waits each 429 out (Retry-After absent: 1 s).
      const client = new SportsCloudClient({
        ...(await newConsumer(ctx)),
        baseURL: `${ctx.origin}/v1`,
        rateLimit: { burst: 100, perSecond: 10 },
      });
      const before = await stats(ctx);
      const answers = await Promise.all(Array.from({ length: 40 }, () => client.accounts.list()));
      const after = await stats(ctx);
      same(
        answers.map((a) => a.length),
        Array(40).fill(1),
        'answers',
      );
      check(
        after.throttled.burst - before.throttled.burst > 0,
        'the fake never answered 429: the test proves nothing',
      );
    },
  },
];
