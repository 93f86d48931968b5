import { describe, expect, it } from 'vitest';
import { DecodeError, ResponseTooLargeError, SportsCloudClient } from '../../../src';
import { createResultsSplitting, fetchSplitResults } from '../../../src/endpoints/results/split-results';
import { encodeSeries } from '../../decoders/helpers';
import { manualClock, runUntilSettled } from '../../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../../support/scripted-fetch';

/** Only what can change on a second try is tried again (issue 7, point 3). Requests are counted. */

describe('a body the client cannot read is not asked for again', () => {
  const ids = { accountId: '3-12345', athleteId: 11, measurementId: 22 };

  async function resultsWith(series: Record<string, unknown>) {
    const clock = manualClock();
    const server = scriptedFetch(() =>
      json({ athleteId: 11, measurementId: 22, variables: [{ name: 'heartRateSeries', ...series }] }),
    );
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch: server.fetch,
      clock,
      random: () => 0.5,
    });
    const error = await runUntilSettled(
      clock,
      client.measurements.results({ ...ids, vars: ['heartRateSeries'] }).catch((e: unknown) => e),
    );
    return { error, requests: server.seen.length };
  }

  it('an unknown series type: one request, a DecodeError that is not retryable', async () => {
    const value = await encodeSeries([70, 72, 75], 'Unsigned', 8);
    const { error, requests } = await resultsWith({ samplingRate: '0.2Hz', type: 'Complex', bits: 8, value });
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ retryable: false, variable: 'heartRateSeries' });
    expect((error as Error).message).toMatch(/unknown time-series type "Complex"/);
    expect(requests).toBe(1);
  });

  it('unsupported bits: one request', async () => {
    const value = await encodeSeries([70, 72, 75], 'Unsigned', 8);
    const { error, requests } = await resultsWith({
      samplingRate: '0.2Hz',
      type: 'Unsigned',
      bits: 12,
      value,
    });
    expect(error).toMatchObject({ retryable: false });
    expect(requests).toBe(1);
  });

  it('a series damaged in transit is still retried (up to maxRetries)', async () => {
    const value = await encodeSeries([70, 72, 75], 'Unsigned', 8);
    const damaged = `${value.slice(0, 8)}AAAA${value.slice(12)}`;
    const { error, requests } = await resultsWith({
      samplingRate: '0.2Hz',
      type: 'Unsigned',
      bits: 8,
      value: damaged,
    });
    expect(error).toMatchObject({ retryable: true });
    expect(requests).toBe(3);
  });
});

describe('a part still too large after a split is given up, never asked again', () => {
  const LIMIT = 10_000;
  /** Bytes of each variable in a response; the body answers 413 above LIMIT. */
  const SIZES: Record<string, number> = { trimp: 50_000, heartRateSeries: 50_000, epocSeries: 4_000 };

  function api() {
    const asked: string[] = [];
    const fetch = async (vars: readonly string[] | undefined) => {
      const names = vars ?? [];
      asked.push(names.join(','));
      const bytes = names.reduce((sum, name) => sum + (SIZES[name] ?? 100), 0);
      if (bytes > LIMIT) {
        throw new ResponseTooLargeError('GET …/results → 413: Response Too Large', {
          status: 413,
        });
      }
      return { variables: names.map((name) => ({ name, value: 1 })) };
    };
    return { asked, fetch };
  }

  it('two variables each over the limit: 3 distinct requests, an error naming the variable (was 13, 12 identical)', async () => {
    const { asked, fetch } = api();
    const error = await fetchSplitResults(createResultsSplitting({ limitBytes: LIMIT }), {
      operation: 'measurements.results',
      kind: 'measurement',
      vars: ['trimp', 'heartRateSeries'],
      format: undefined,
      fetch,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(
      /the variable (trimp|heartRateSeries) alone exceeds the response limit/,
    );
    // The whole, then both variables at once (each alone is too large; the first 413 gives up).
    expect(asked).toHaveLength(3);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('with a fallback for one variable (sessions: per athlete), the fallback is reached for each', async () => {
    const { asked, fetch } = api();
    const fallback: string[] = [];
    const body = await fetchSplitResults(createResultsSplitting({ limitBytes: LIMIT }), {
      operation: 'sessions.results',
      kind: 'session',
      vars: ['trimp', 'heartRateSeries', 'epocSeries'],
      format: undefined,
      fetch: async (vars) => {
        const part = await fetch(vars);
        return { measurements: [{ measurementId: 1, variables: part.variables }] };
      },
      oneVariable: async (variable) => {
        fallback.push(variable);
        return { measurements: [{ measurementId: 1, variables: [{ name: variable, value: 2 }] }] };
      },
    });
    console.log(JSON.stringify({ bench: 'split-one-variable-fallback', asked, fallback }));
    expect(fallback.sort()).toEqual(['heartRateSeries', 'trimp']);
    expect(new Set(asked).size).toBe(asked.length);
    // The whole, one split, then each variable alone once: trimp and heartRateSeries by the fallback.
    expect(asked).toHaveLength(5);
    const names = (body as { measurements: { variables: { name: string }[] }[] }).measurements[0]!.variables;
    expect(names.map((v) => v.name).sort()).toEqual(['epocSeries', 'heartRateSeries', 'trimp']);
  });
});
