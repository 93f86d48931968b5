import {
  AnalysisFailedError,
  type CallOptions,
  type DecodedVariable,
  type SportsCloudClient,
  type TimeInput,
} from '@sportscloud/core';
import type { ExportItem } from './types';

export interface ItemsFromApiOptions {
  /** The consumer the client signs in as (the `consumerId` it was created with). */
  consumerId: string;
  accountId: string;
  /** Default: every athlete of the account. */
  athleteIds?: readonly number[];
  /** Measurements starting at or after this time. */
  fromTime?: TimeInput;
  /** Measurements starting before this time. */
  toTime?: TimeInput;
  /** Result variables (`var`); default: the API's default set. */
  vars?: readonly string[];
  /** Called for each measurement whose analysis failed (204): it has no results to export. */
  onAnalysisFailed?: (measurement: { athleteId: number; measurementId: number }) => void;
  /** Per-call options (signal, timeout, …) for every request. */
  callOptions?: CallOptions;
}

/**
 * Export items straight from the API, for a one-off export without a database: each athlete's
 * measurements in the time range, one results call each, one at a time (memory stays at one
 * measurement). It costs one request per measurement against the daily quota, and it does not
 * remember anything: for repeated exports, sync into storage and export from there.
 */
export async function* itemsFromApi(
  client: SportsCloudClient,
  options: ItemsFromApiOptions,
): AsyncGenerator<ExportItem> {
  const { consumerId, accountId, callOptions } = options;
  const athleteIds = options.athleteIds ?? (await listAthletes(client, accountId, callOptions));
  for (const athleteId of athleteIds) {
    const list = client.measurements.list(
      {
        accountId,
        athleteId,
        ...(options.fromTime === undefined ? {} : { fromTime: options.fromTime }),
        ...(options.toTime === undefined ? {} : { toTime: options.toTime }),
      },
      callOptions,
    );
    for await (const measurement of list) {
      const { measurementId } = measurement;
      let results: Awaited<ReturnType<SportsCloudClient['measurements']['results']>>;
      try {
        results = await client.measurements.results(
          { accountId, athleteId, measurementId, ...(options.vars ? { vars: [...options.vars] } : {}) },
          callOptions,
        );
      } catch (error) {
        if (!(error instanceof AnalysisFailedError)) throw error;
        options.onAnalysisFailed?.({ athleteId, measurementId });
        continue;
      }
      const startTime = results.startTime ?? measurement.startTime;
      if (startTime === undefined) continue; // nothing to anchor the samples to
      const startTimeLocal = results.startTimeLocal ?? measurement.startTimeLocal;
      const sessionId = results.sessionId ?? measurement.sessionId;
      yield {
        consumerId,
        accountId,
        athleteId,
        measurementId,
        // The API writes sessionId 0 for a measurement in no session.
        ...(sessionId ? { sessionId } : {}),
        startTime: toIso(startTime),
        ...(startTimeLocal === undefined ? {} : { startTimeLocal: String(startTimeLocal) }),
        variables: (results.variables ?? []) as DecodedVariable[],
      };
    }
  }
}

async function listAthletes(
  client: SportsCloudClient,
  accountId: string,
  options?: CallOptions,
): Promise<number[]> {
  const ids: number[] = [];
  for await (const athlete of client.athletes.list({ accountId }, options)) ids.push(athlete.athleteId);
  return ids;
}

function toIso(time: unknown): string {
  return time instanceof Date ? time.toISOString() : String(time);
}
