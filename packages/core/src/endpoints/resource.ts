import { type DecodeLimits, resolveDecodeLimits } from '../decoders/limits';
import type { Transport } from '../transport/types';
import type { ResultsContext } from './define';
import { createResultsSplitting, type ResultsSplitting } from './results/split-results';

/** Base of every resource: holds the transport that sends its requests. */
export abstract class APIResource {
  /** @internal */
  protected readonly transport: Transport;

  /** @internal The client constructs its resources. */
  constructor(transport: Transport) {
    this.transport = transport;
  }
}

/** Base of the resources with results endpoints: also holds the client's response-size handling. */
export abstract class ResultsResource extends APIResource {
  /** @internal */
  protected readonly resultsContext: ResultsContext;

  /**
   * @internal The client constructs its resources.
   *
   * `splitting`: the client's response-size handling (a default one when constructed alone);
   * `decodeLimits`: caps on what a body's series decode to (the defaults when not given).
   */
  constructor(
    transport: Transport,
    splitting: ResultsSplitting = createResultsSplitting(),
    decodeLimits?: DecodeLimits,
  ) {
    super(transport);
    this.resultsContext = { transport, splitting, decodeLimits: resolveDecodeLimits(decodeLimits) };
  }
}
