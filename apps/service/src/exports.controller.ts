import { Controller, Get, Inject, Logger, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportFormat,
  exportResults,
  type PostgresStorage,
  type ResultFilter,
  toWebWritable,
} from '@sportscloud/sync';
import type { Request, Response } from 'express';
import { RequireScope } from './auth';
import type { Catalog } from './catalog';
import * as input from './input';
import { ServiceMetrics } from './metrics';
import { CATALOG, STORAGE } from './tokens-di';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/** Exports of stored results in the sync package's formats and layouts, streamed as they are read. */
@ApiTags('exports')
@ApiBearerAuth('token')
@Controller('api/accounts/:accountId/export')
export class ExportsController {
  readonly #log = new Logger('Export');

  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(STORAGE) private readonly storage: PostgresStorage,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {}

  @Get()
  @RequireScope('export')
  @ApiParam({ name: 'accountId', example: '1-1' })
  @ApiQuery({ name: 'format', enum: EXPORT_FORMATS, description: 'csv, ndjson or parquet' })
  @ApiQuery({
    name: 'layout',
    enum: EXPORT_LAYOUTS,
    required: false,
    description: 'long (a row per sample, default), wide (a row per timestamp) or summary (a row per item)',
  })
  @ApiQuery({ name: 'teamId', required: false })
  @ApiQuery({ name: 'athleteId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'Items starting at or after this ISO 8601 time' })
  @ApiQuery({ name: 'to', required: false, description: 'Items starting before this ISO 8601 time' })
  @ApiQuery({ name: 'variables', required: false, description: 'Comma-separated variable names' })
  @ApiQuery({ name: 'laps', required: false, description: 'Include lap records (default false)' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiResponse({ status: 200, description: 'The export, streamed (chunked)' })
  async export(
    @Param('accountId') rawAccountId: string,
    @Query() q: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Everything is checked before the first byte is sent: afterwards an error can only cut the stream.
    const accountId = input.accountId('accountId', rawAccountId);
    const format = input.oneOf('format', q.format, EXPORT_FORMATS);
    const layout = input.oneOf('layout', q.layout, EXPORT_LAYOUTS, 'long');
    const teamId = input.optionalId('teamId', q.teamId);
    const athleteId = input.optionalId('athleteId', q.athleteId);
    const { fromTime, toTime } = input.timeRange(q.from, q.to);
    const variables = input.variableNames('variables', q.variables);
    const laps = input.bool('laps', q.laps, false);
    if (!(await this.catalog.hasAccount(accountId))) throw new NotFoundException('no such account');

    const filter: ResultFilter = {
      accountIds: [accountId],
      includeLaps: laps,
      ...(teamId !== undefined ? { teamIds: [teamId] } : {}),
      ...(athleteId !== undefined ? { athleteIds: [athleteId] } : {}),
      ...(fromTime ? { fromTime } : {}),
      ...(toTime ? { toTime } : {}),
      ...(variables ? { variables } : {}),
      // The summary layout has a column per scalar and none for series: do not read them.
      ...(layout === 'summary' ? { series: false } : {}),
    };
    const abort = new AbortController();
    request.on('close', () => {
      if (!response.writableFinished) abort.abort(new Error('the client went away'));
    });
    response.status(200);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.setHeader(
      'content-disposition',
      `attachment; filename="sportscloud-${accountId}-${layout}.${format}"`,
    );
    let bytes = 0;
    // The response, with every byte counted for the export_bytes metric (a cut stream counts too).
    const counted = toWebWritable({
      write: (chunk, callback) => {
        bytes += chunk.byteLength;
        return response.write(chunk, callback);
      },
      end: (callback) => response.end(callback),
      destroy: (error) => response.destroy(error),
      once: (event, listener) => response.once(event, listener),
      removeListener: (event, listener) => response.removeListener(event, listener),
    });
    try {
      await exportResults(this.storage.readResults(filter), counted, {
        format,
        layout,
        ...(variables ? { filter: { variables } } : {}),
        signal: abort.signal,
      });
    } catch (error) {
      if (!abort.signal.aborted) this.#log.error(`export failed: ${(error as Error).message}`);
      if (!response.destroyed) response.destroy();
    } finally {
      this.metrics.exportBytes.inc({ format }, bytes);
    }
  }
}
