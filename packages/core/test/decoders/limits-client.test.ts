// Point 4 of issue 7 through the client: a decompression bomb is one request, never retried, and the
// limits are a client option.
import { describe, expect, it } from 'vitest';
import { ConfigurationError, DecodeError, SportsCloudClient } from '../../src';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';
import { base64, zlibZeros } from './bomb';

const BASE = 'https://api.test/v1';
const ids = { accountId: '3-12345', athleteId: 11, measurementId: 22 };

function bombServer(mebibytes: number) {
  const value = base64(zlibZeros(mebibytes));
  return scriptedFetch(() =>
    json({
      athleteId: 11,
      measurementId: 22,
      variables: [{ name: 'heartRateSeries', type: 'Unsigned', bits: 8, samplingRate: '0.2Hz', value }],
    }),
  );
}

describe('decode limits in the client', () => {
  it('fails a bomb with one request: a limit crossed is not retried', async () => {
    const clock = manualClock();
    const server = bombServer(64);
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch: server.fetch, clock });
    const retries: unknown[] = [];
    client.on('retry', (e) => retries.push(e));
    const error = await runUntilSettled(clock, client.measurements.results(ids)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).limit).toBe('maxSeriesBytes');
    expect(server.seen).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('takes decodeLimits from the options', async () => {
    const clock = manualClock();
    const server = bombServer(4);
    const options = { ...CREDENTIALS, baseURL: BASE, fetch: server.fetch, clock };
    const roomy = new SportsCloudClient(options);
    const ok = await runUntilSettled(clock, roomy.measurements.results(ids));
    expect((ok.variables[0] as { values: Uint8Array }).values.length).toBe(4 << 20);
    const tight = new SportsCloudClient({ ...options, decodeLimits: { maxResponseBytes: 1 << 20 } });
    const error = await runUntilSettled(clock, tight.measurements.results(ids)).catch((e: unknown) => e);
    expect((error as DecodeError).limit).toBe('maxResponseBytes');
  });

  it('rejects decodeLimits that would disable the guard at construction', () => {
    expect(
      () => new SportsCloudClient({ ...CREDENTIALS, decodeLimits: { maxSeriesBytes: Number.NaN } }),
    ).toThrow(ConfigurationError);
  });
});
