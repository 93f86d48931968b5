import type { ApiRequest, CallOptions, Transport } from '../../src/transport/types';

export interface RecordedCall {
  readonly request: ApiRequest;
  readonly options: CallOptions | undefined;
}

/**
 * An in-memory Transport that records every request and answers from `respond` (a function of the
 * request and its index, or a list of bodies served in order; the last one repeats).
 */
export function recordingTransport(
  respond: ((request: ApiRequest, index: number) => unknown) | readonly unknown[] = () => ({}),
): { transport: Transport; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const transport: Transport = {
    async send(sent, options) {
      // Record what goes on the wire; `parse` runs here, inside the "attempt", as in the real transport.
      const { parse, ...request } = sent;
      calls.push({ request, options });
      const index = calls.length - 1;
      const body =
        typeof respond === 'function'
          ? respond(request, index)
          : respond[Math.min(index, respond.length - 1)];
      // A fresh copy per call, as JSON parsing would give.
      const parsed: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
      return parse ? parse(parsed) : parsed;
    },
  };
  return { transport, calls };
}
