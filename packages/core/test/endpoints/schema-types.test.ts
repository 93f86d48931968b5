// Core's public body types are hand-written interfaces (so its .d.ts does not import zod). These
// assertions are checked by `tsc -p tsconfig.test.json` (the package's typecheck): an interface that
// drifts from what its schema outputs fails the build.
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type * as core from '../../src';
import type * as schemas from '../../src/schemas';

type Out<S> = S extends z.ZodMiniType ? z.output<S> : never;

describe('public body types equal what their schemas output', () => {
  it('accounts', () => {
    expectTypeOf<core.Account>().toEqualTypeOf<Out<typeof schemas.accountSchema>>();
    expectTypeOf<core.AccountsResponse>().toEqualTypeOf<Out<typeof schemas.accountsSchema>>();
    expectTypeOf<string[]>().toEqualTypeOf<Out<typeof schemas.stringListSchema>>();
    expectTypeOf<core.RegisterResponse>().toEqualTypeOf<Out<typeof schemas.registerResponseSchema>>();
    expectTypeOf<core.ApiKey>().toEqualTypeOf<Out<typeof schemas.apiKeySchema>>();
    expectTypeOf<core.SharedSecret>().toEqualTypeOf<Out<typeof schemas.sharedSecretSchema>>();
  });

  it('people and teams', () => {
    expectTypeOf<core.Athlete>().toEqualTypeOf<Out<typeof schemas.athleteSchema>>();
    expectTypeOf<core.Coach>().toEqualTypeOf<Out<typeof schemas.coachSchema>>();
    expectTypeOf<core.AthletesPage>().toEqualTypeOf<Out<typeof schemas.athletesPageSchema>>();
    expectTypeOf<core.CoachesPage>().toEqualTypeOf<Out<typeof schemas.coachesPageSchema>>();
    expectTypeOf<core.Group>().toEqualTypeOf<Out<typeof schemas.groupSchema>>();
    expectTypeOf<core.Team>().toEqualTypeOf<Out<typeof schemas.teamSchema>>();
    expectTypeOf<core.TeamsPage>().toEqualTypeOf<Out<typeof schemas.teamsPageSchema>>();
  });

  it('measurements and sessions', () => {
    expectTypeOf<core.MeasurementLap>().toEqualTypeOf<Out<typeof schemas.measurementLapSchema>>();
    expectTypeOf<core.SessionLap>().toEqualTypeOf<Out<typeof schemas.sessionLapSchema>>();
    expectTypeOf<core.Measurement>().toEqualTypeOf<Out<typeof schemas.measurementSchema>>();
    expectTypeOf<core.Session>().toEqualTypeOf<Out<typeof schemas.sessionSchema>>();
    expectTypeOf<core.MeasurementsPage>().toEqualTypeOf<Out<typeof schemas.measurementsPageSchema>>();
    expectTypeOf<core.SessionsPage>().toEqualTypeOf<Out<typeof schemas.sessionsPageSchema>>();
  });

  it('results', () => {
    expectTypeOf<core.ScalarVariableBody>().toEqualTypeOf<Out<typeof schemas.scalarVariableSchema>>();
    expectTypeOf<core.TimeSeriesVariableBody>().toEqualTypeOf<Out<typeof schemas.timeSeriesVariableSchema>>();
    expectTypeOf<core.ResultVariableBody>().toEqualTypeOf<Out<typeof schemas.resultVariableSchema>>();
    expectTypeOf<core.MeasurementResults>().toEqualTypeOf<Out<typeof schemas.measurementResultsSchema>>();
    expectTypeOf<core.MeasurementLapResults>().toEqualTypeOf<
      Out<typeof schemas.measurementLapResultsSchema>
    >();
    expectTypeOf<core.SessionMeasurementResults>().toEqualTypeOf<
      Out<typeof schemas.sessionMeasurementResultsSchema>
    >();
    expectTypeOf<core.SessionLapMeasurementResults>().toEqualTypeOf<
      Out<typeof schemas.sessionLapMeasurementResultsSchema>
    >();
    expectTypeOf<core.SessionResults>().toEqualTypeOf<Out<typeof schemas.sessionResultsSchema>>();
    expectTypeOf<core.SessionLapResults>().toEqualTypeOf<Out<typeof schemas.sessionLapResultsSchema>>();
  });

  it('a drift is caught', () => {
    // The check is strict: an extra optional field, or one turned optional, is a difference.
    expectTypeOf<core.Athlete & { nickname?: string }>().not.toEqualTypeOf<
      Out<typeof schemas.athleteSchema>
    >();
    expectTypeOf<Omit<core.Team, 'teamId'> & { teamId?: number }>().not.toEqualTypeOf<
      Out<typeof schemas.teamSchema>
    >();
  });
});
