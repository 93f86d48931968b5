import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './auth';
import type { Catalog } from './catalog';
import * as input from './input';
import type { Principal } from './tokens';
import { CATALOG } from './tokens-di';

const ACCOUNT = { name: 'accountId', description: 'Account id, e.g. 1-1', example: '1-1' };
const PAGE_QUERIES = [
  {
    name: 'limit',
    required: false,
    description: 'Items per page, 1 to 1000 (default 100)',
    schema: { type: 'integer' },
  },
  { name: 'cursor', required: false, description: 'The `nextCursor` of the previous page, unchanged' },
] as const;
const TIME_QUERIES = [
  { name: 'from', required: false, description: 'Items starting at or after this ISO 8601 time' },
  { name: 'to', required: false, description: 'Items starting before this ISO 8601 time' },
] as const;
const PAGE = {
  schema: {
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: 'string' } },
  },
};

function queries(list: readonly { name: string; required: boolean; description: string; schema?: object }[]) {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    for (const q of list) ApiQuery(q as never)(target, key, descriptor);
  };
}

/** Accounts, teams, athletes, sessions and measurements as the last sync stored them. */
@ApiTags('data')
@ApiBearerAuth('token')
@Controller('api/accounts')
export class CatalogController {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  @Get()
  @ApiOkResponse({ description: 'Accounts granted to the consumer that this token covers' })
  async accounts(@CurrentPrincipal() principal: Principal) {
    return { items: await this.catalog.accounts(principal.accounts) };
  }

  @Get(':accountId/teams')
  @ApiParam(ACCOUNT)
  @queries(PAGE_QUERIES)
  @ApiOkResponse({ description: 'Teams and groups (a group has a parentTeamId)', ...PAGE })
  async teams(@Param('accountId') accountId: string, @Query() q: Record<string, unknown>) {
    return this.catalog.teams({
      accountId: await input.grantedAccount(this.catalog, accountId),
      ...input.page(q),
    });
  }

  @Get(':accountId/athletes')
  @ApiParam(ACCOUNT)
  @ApiQuery({ name: 'teamId', required: false, description: 'Members of this team or group' })
  @queries(PAGE_QUERIES)
  @ApiOkResponse({ description: 'Athletes with the teams they belong to', ...PAGE })
  async athletes(@Param('accountId') accountId: string, @Query() q: Record<string, unknown>) {
    return this.catalog.athletes({
      accountId: await input.grantedAccount(this.catalog, accountId),
      ...input.page(q),
      teamId: input.optionalId('teamId', q.teamId),
    });
  }

  @Get(':accountId/sessions')
  @ApiParam(ACCOUNT)
  @ApiQuery({ name: 'teamId', required: false, description: 'Sessions of this team' })
  @ApiQuery({ name: 'athleteId', required: false, description: 'Sessions this athlete took part in' })
  @queries(TIME_QUERIES)
  @queries(PAGE_QUERIES)
  @ApiOkResponse({
    description: 'Coach-made sessions, oldest first, with where their results stand',
    ...PAGE,
  })
  async sessions(@Param('accountId') accountId: string, @Query() q: Record<string, unknown>) {
    return this.catalog.sessions({
      accountId: await input.grantedAccount(this.catalog, accountId),
      ...input.page(q),
      ...input.timeRange(q.from, q.to),
      teamId: input.optionalId('teamId', q.teamId),
      athleteId: input.optionalId('athleteId', q.athleteId),
    });
  }

  @Get(':accountId/sessions/:sessionId/laps')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'sessionId', example: 1 })
  @ApiOkResponse({ description: 'Laps of a session' })
  async sessionLaps(@Param('accountId') accountId: string, @Param('sessionId') sessionId: string) {
    await input.grantedAccount(this.catalog, accountId);
    const id = input.id('sessionId', sessionId);
    if (!(await this.catalog.item('session', accountId, id))) throw new NotFoundException('no such session');
    return { items: await this.catalog.laps('session', accountId, id) };
  }

  @Get(':accountId/measurements')
  @ApiParam(ACCOUNT)
  @ApiQuery({ name: 'athleteId', required: false, description: "This athlete's measurements" })
  @ApiQuery({ name: 'teamId', required: false, description: 'Measurements of members of this team' })
  @queries(TIME_QUERIES)
  @queries(PAGE_QUERIES)
  @ApiOkResponse({ description: 'Measurements, oldest first', ...PAGE })
  async measurements(@Param('accountId') accountId: string, @Query() q: Record<string, unknown>) {
    return this.catalog.measurements({
      accountId: await input.grantedAccount(this.catalog, accountId),
      ...input.page(q),
      ...input.timeRange(q.from, q.to),
      teamId: input.optionalId('teamId', q.teamId),
      athleteId: input.optionalId('athleteId', q.athleteId),
    });
  }

  @Get(':accountId/measurements/:measurementId/laps')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'measurementId', example: 1 })
  @ApiOkResponse({ description: 'Laps of a measurement' })
  async measurementLaps(
    @Param('accountId') accountId: string,
    @Param('measurementId') measurementId: string,
  ) {
    await input.grantedAccount(this.catalog, accountId);
    const id = input.id('measurementId', measurementId);
    if (!(await this.catalog.item('measurement', accountId, id)))
      throw new NotFoundException('no such measurement');
    return { items: await this.catalog.laps('measurement', accountId, id) };
  }
}
