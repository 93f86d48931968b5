import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/index';
import { accountPath, json, makeFake, readReference, referenceDir, type TestFake } from './helpers';

/**
 * Every operation's 200 body validates against the response schema of spec 1.1.0, made strict:
 * `additionalProperties: false` on every object, so a misspelt or invented field fails. Two
 * deliberate, documented deviations from the spec text:
 * - ApiKey: the real API (and the official client) send `apikey`; the spec says `apiKey`.
 * - format=list: `value` is a number array, while the spec only types the binary string.
 */

type Json = Record<string, unknown>;
interface Spec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>
  >;
  components: { schemas: Record<string, Json> };
}

const spec = readReference('openapi-1.1.0.json') as Spec;
// ajv-formats is CJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if (out.type === 'object' && out.properties) out.additionalProperties = false;
  return out;
}

function components(variant: 'binary' | 'list'): Json {
  const schemas = strict(structuredClone(spec.components.schemas)) as Record<
    string,
    Json & { properties: Json }
  >;
  const apiKey = schemas.ApiKey as Json & { properties: Json };
  apiKey.properties = { apikey: apiKey.properties.apiKey };
  apiKey.required = ['apikey'];
  if (variant === 'list') {
    (schemas.TimeSeriesVariable as { properties: Json }).properties.value = {
      type: 'array',
      items: { type: 'number' },
    };
  }
  return { $id: `openapi-${variant}`, components: { schemas } };
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(components('binary'));
ajv.addSchema(components('list'));

function validator(
  specPath: string,
  method: string,
  variant: 'binary' | 'list' = 'binary',
): ValidateFunction {
  const schema = spec.paths[specPath]?.[method]?.responses['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no 200 JSON schema for ${method} ${specPath}`);
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  return ref
    ? (ajv.getSchema(`openapi-${variant}${ref}`) as ValidateFunction)
    : ajv.compile(strict(schema) as Json);
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
}

describe('the fake against spec 1.1.0', () => {
  let t: TestFake;
  const paths: Record<string, string> = {};

  beforeAll(() => {
    t = makeFake({
      seed: 11,
      limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY },
    });
    const acc = t.fake.data.accounts[0]!;
    const a = accountPath(acc.accountId);
    const m = acc.measurements.find((x) => x.laps.length > 0 && x.measurementType === 'exercise')!;
    const s = acc.sessions.find((x) => x.laps.length > 0)!;
    const team = acc.teams[0]!;
    Object.assign(paths, {
      '/sports/accounts': '/sports/accounts',
      '/sports/sports-types': '/sports/sports-types',
      '/sports/event-types': '/sports/event-types',
      '/sports/accounts/{accountId}/athletes': `${a}/athletes`,
      '/sports/accounts/{accountId}/athletes/{athleteId}': `${a}/athletes/${m.athleteId}`,
      '/sports/accounts/{accountId}/athletes/{athleteId}/measurements': `${a}/athletes/${m.athleteId}/measurements?includeLaps=true`,
      '/sports/accounts/{accountId}/athletes/{athleteId}/measurements/{measurementId}/results': `${a}/athletes/${m.athleteId}/measurements/${m.measurementId}/results`,
      '/sports/accounts/{accountId}/athletes/{athleteId}/measurements/{measurementId}/laps/{lapId}/results': `${a}/athletes/${m.athleteId}/measurements/${m.measurementId}/laps/${m.laps[0]!.lapId}/results`,
      '/sports/accounts/{accountId}/coaches': `${a}/coaches`,
      '/sports/accounts/{accountId}/coaches/{coachId}': `${a}/coaches/${acc.coaches[0]!.coachId}`,
      '/sports/accounts/{accountId}/teams': `${a}/teams`,
      '/sports/accounts/{accountId}/teams/{teamId}': `${a}/teams/${team.teamId}`,
      '/sports/accounts/{accountId}/teams/{teamId}/athletes': `${a}/teams/${team.teamId}/athletes`,
      '/sports/accounts/{accountId}/teams/{teamId}/sessions': `${a}/teams/${team.teamId}/sessions?includeLaps=true`,
      '/sports/accounts/{accountId}/teams/{teamId}/sessions/{sessionId}/results': `${a}/teams/${s.teamId}/sessions/${s.sessionId}/results`,
      '/sports/accounts/{accountId}/teams/{teamId}/sessions/{sessionId}/laps/{lapId}/results': `${a}/teams/${s.teamId}/sessions/${s.sessionId}/laps/${s.laps[0]!.lapId}/results`,
    });
  });

  it('implements exactly the 20 operations of the spec', () => {
    const fromSpec = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(fromSpec).toHaveLength(20);
    expect(ROUTES.map((r) => `${r.method} ${r.pattern}`).sort()).toEqual(fromSpec.sort());
  });

  const getOps = Object.entries(spec.paths)
    .filter(([p]) => p.startsWith('/sports/'))
    .map(([p]) => p);

  it.each(getOps)('GET %s validates (binary)', async (specPath) => {
    const res = await t.call(paths[specPath]!);
    expect(res.status).toBe(200);
    expectValid(validator(specPath, 'get'), await json(res));
  });

  const resultsOps = getOps.filter((p) => p.endsWith('/results'));
  const allSeries =
    'heartRateSeries,epocSeries,energyConsumptionSeries,trimpSeries,heartRateSeries1s,heartRatePercentageSeries,' +
    'trimpPerMinuteSeries,rmssd1MinSeries,vlfSeries,lfSeries,hfSeries,artifactCorrectedRrVector,rriSeries,' +
    'movementLoadAccumulationRate,movementLoadSeries,energyConsumptionRelativeFatSeries,artifactPercentageSeries,' +
    'heartRateAverage,trimp';

  it.each(resultsOps)('GET %s validates with every series, binary and list', async (specPath) => {
    for (const variant of ['binary', 'list'] as const) {
      const res = await t.call(`${paths[specPath]!}?var=${allSeries}&format=${variant}`);
      expect(res.status).toBe(200);
      const body = await json(res);
      expectValid(validator(specPath, 'get', variant), body);
      // The list variant is not simply the binary one loosened: its values really are arrays.
      if (variant === 'list') expect(JSON.stringify(body)).toContain('"value":[');
    }
  });

  it('a list body does not pass as binary, nor a binary body as list', async () => {
    const p = '/sports/accounts/{accountId}/athletes/{athleteId}/measurements/{measurementId}/results';
    const list = await json(await t.call(`${paths[p]!}?format=list`));
    const binary = await json(await t.call(paths[p]!));
    expect(validator(p, 'get', 'binary')(list)).toBe(false);
    expect(validator(p, 'get', 'list')(binary)).toBe(false);
    expect(validator(p, 'get', 'binary')({ ...(binary as Json), measurmentId: 1 })).toBe(false);
  });

  it('POST /account/register validates', async () => {
    const res = await t.call('/account/register', {
      method: 'POST',
      auth: false,
      body: JSON.stringify({ consumerName: 'Fidelity check' }),
    });
    expect(res.status).toBe(200);
    expectValid(validator('/account/register', 'post'), await json(res));
  });

  it('GET /account/api-key answers {"apikey"} (the real spelling) and validates against the patched schema', async () => {
    const res = await t.call('/account/api-key');
    const body = await json<Record<string, string>>(res);
    expect(Object.keys(body)).toEqual(['apikey']);
    expectValid(validator('/account/api-key', 'get'), body);
    // The spec's own spelling is *not* what the fake sends: the unpatched schema would flag it.
    const unpatched = ajv.compile(strict(spec.components.schemas.ApiKey) as Json);
    expect(unpatched(body)).toBe(false);
  });

  it('GET /account/new-secret validates, POST /account/new-secret/confirm answers 200 with no body', async () => {
    const res = await t.call('/account/new-secret');
    const body = await json<{ sharedSecret: string }>(res);
    expectValid(validator('/account/new-secret', 'get'), body);
    const headers = await t.fake.authHeaders({
      consumerId: t.fake.consumerId,
      sharedSecret: body.sharedSecret,
      apiKey: t.fake.apiKey,
    });
    const confirm = await t.call('/account/new-secret/confirm', { method: 'POST', headers });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toBe('');
    expect(spec.paths['/account/new-secret/confirm']?.post?.responses['200']?.content).toBeUndefined();
  });
});

describe('the real samples against spec 1.1.0', () => {
  const dir = join(referenceDir(), 'real-samples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('there are four', () => expect(files).toHaveLength(4));

  it.each(files)('%s validates as AthleteMeasurementResults (strict)', (file) => {
    const validate = ajv.getSchema(
      'openapi-binary#/components/schemas/AthleteMeasurementResults',
    ) as ValidateFunction;
    expectValid(validate, readReference('real-samples', file));
  });
});
