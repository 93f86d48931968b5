import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { beatTimes, sampleTimes, type TimeSeriesVariable } from '@sportscloud/core';
import type { PostgresStorage, ResultFilter, ResultRecord } from '@sportscloud/sync';
import type { Catalog } from './catalog';
import * as input from './input';
import { CATALOG, STORAGE } from './tokens-di';

const ACCOUNT = { name: 'accountId', example: '1-1' };
const FILTERS = [
  { name: 'athleteId', required: false, description: "Only this athlete's results" },
  { name: 'variables', required: false, description: 'Comma-separated variable names (default: all stored)' },
  { name: 'series', required: false, description: 'Include time series (default true); false: scalars only' },
] as const;

function filters(target: object, key: string | symbol, descriptor: PropertyDescriptor) {
  for (const q of FILTERS) ApiQuery(q)(target, key, descriptor);
}

const RESULTS = {
  description:
    'Where the results stand (pending, done, failed, error with its cause) and one record per athlete: scalars, and series with the epoch-millisecond time of every sample',
};

type Kind = 'session' | 'measurement' | 'session_lap' | 'measurement_lap';

/** Results of a session, a measurement or a lap of either, decoded from the database. */
@ApiTags('results')
@ApiBearerAuth('token')
@Controller('api/accounts/:accountId')
export class ResultsController {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(STORAGE) private readonly storage: PostgresStorage,
  ) {}

  @Get('sessions/:sessionId/results')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'sessionId', example: 1 })
  @filters
  @ApiOkResponse(RESULTS)
  session(@Param() p: Record<string, string>, @Query() q: Record<string, unknown>) {
    return this.#results('session', p, q);
  }

  @Get('sessions/:sessionId/laps/:lapId/results')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'sessionId', example: 1 })
  @ApiParam({ name: 'lapId', example: 1 })
  @filters
  @ApiOkResponse(RESULTS)
  sessionLap(@Param() p: Record<string, string>, @Query() q: Record<string, unknown>) {
    return this.#results('session_lap', p, q);
  }

  @Get('measurements/:measurementId/results')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'measurementId', example: 1 })
  @filters
  @ApiOkResponse(RESULTS)
  measurement(@Param() p: Record<string, string>, @Query() q: Record<string, unknown>) {
    return this.#results('measurement', p, q);
  }

  @Get('measurements/:measurementId/laps/:lapId/results')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'measurementId', example: 1 })
  @ApiParam({ name: 'lapId', example: 1 })
  @filters
  @ApiOkResponse(RESULTS)
  measurementLap(@Param() p: Record<string, string>, @Query() q: Record<string, unknown>) {
    return this.#results('measurement_lap', p, q);
  }

  async #results(kind: Kind, p: Record<string, string>, q: Record<string, unknown>) {
    const accountId = input.accountId('accountId', p.accountId);
    const isSession = kind === 'session' || kind === 'session_lap';
    const id = input.id(isSession ? 'sessionId' : 'measurementId', isSession ? p.sessionId : p.measurementId);
    const lapId = kind.endsWith('_lap') ? input.id('lapId', p.lapId) : undefined;
    const athleteId = input.optionalId('athleteId', q.athleteId);
    const variables = input.variableNames('variables', q.variables);
    const withSeries = input.bool('series', q.series, true);

    const item = await this.catalog.item(kind, accountId, id, lapId);
    if (!item) throw new NotFoundException(`no such ${kind.replace('_', ' ')}`);
    const filter: ResultFilter = {
      accountIds: [accountId],
      ...(isSession ? { sessionIds: [id] } : { measurementIds: [id] }),
      ...(lapId !== undefined ? { lapIds: [lapId] } : { includeLaps: false }),
      ...(athleteId !== undefined ? { athleteIds: [athleteId] } : {}),
      ...(variables ? { variables } : {}),
      // Scalars only: the series bytes are not even read.
      ...(withSeries ? {} : { series: false }),
    };
    const records = [];
    for await (const record of this.storage.readResults(filter)) {
      // A measurement's own results, or its part of a session's (the sync stores whichever applies).
      if (kind === 'measurement' && record.source !== 'measurement' && record.source !== 'session') continue;
      records.push(present(record, withSeries));
    }
    // A measurement in a session has state `none`: its results come with the session's.
    const state = String(item.results_state);
    return {
      results: {
        state: state === 'none' ? 'with-session' : state,
        ...(item.results_error ? { error: String(item.results_error) } : {}),
        ...(item.results_retry_at
          ? { retryAt: new Date(item.results_retry_at as string).toISOString() }
          : {}),
      },
      records,
    };
  }
}

function present(record: ResultRecord, withSeries: boolean) {
  const scalars = [];
  const series = [];
  for (const v of record.variables) {
    if ('values' in v) {
      if (withSeries) series.push(presentSeries(v, record.startTime));
    } else {
      scalars.push(v);
    }
  }
  const { variables: _, consumerId: __, ...rest } = record;
  return { ...rest, scalars, ...(withSeries ? { series } : {}) };
}

function presentSeries(v: TimeSeriesVariable, startTime: string) {
  const times = v.samplingRate ? sampleTimes(v, startTime) : beatTimes(v, startTime);
  return {
    name: v.name,
    ...(v.unit ? { unit: v.unit } : {}),
    ...(v.samplingRate ? { samplingRate: v.samplingRate } : {}),
    type: v.type,
    length: v.values.length,
    timestamps: Array.from(times),
    values: Array.from(v.values as ArrayLike<number | bigint>, Number),
  };
}
