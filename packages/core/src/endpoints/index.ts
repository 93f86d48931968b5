import type { DecodeLimits } from '../decoders/limits';
import type { Transport } from '../transport/types';
import { Accounts } from './accounts';
import { Athletes } from './athletes';
import { Coaches } from './coaches';
import { EventTypes } from './event-types';
import { Measurements } from './measurements';
import { createResultsSplitting, type ResultsSplitting } from './results/split-results';
import { Sessions } from './sessions';
import { SportsTypes } from './sports-types';
import { Teams } from './teams';

/** The API's resources, as the client exposes them. */
export interface Resources {
  readonly accounts: Accounts;
  readonly sportsTypes: SportsTypes;
  readonly eventTypes: EventTypes;
  readonly athletes: Athletes;
  readonly coaches: Coaches;
  readonly teams: Teams;
  readonly measurements: Measurements;
  readonly sessions: Sessions;
}

/**
 * `splitting`: how results over the response limit are split (the client passes its own);
 * `decodeLimits`: caps on what results bodies decode to.
 */
export function createResources(
  transport: Transport,
  splitting: ResultsSplitting = createResultsSplitting(),
  decodeLimits?: DecodeLimits,
): Resources {
  return {
    accounts: new Accounts(transport),
    sportsTypes: new SportsTypes(transport),
    eventTypes: new EventTypes(transport),
    athletes: new Athletes(transport),
    coaches: new Coaches(transport),
    teams: new Teams(transport),
    measurements: new Measurements(transport, splitting, decodeLimits),
    sessions: new Sessions(transport, splitting, decodeLimits),
  };
}
