import type { Exchange, Handler } from '../../src/transport/pipeline';
import type { ApiRequest } from '../../src/transport/types';

/** An exchange as a policy receives it, for a request of the given shape. */
export function exchange(
  request: Partial<ApiRequest> = {},
  options: Partial<Exchange['options']> = {},
): Exchange {
  return {
    request: { operation: 'athletes.list', method: 'GET', path: '/athletes', auth: 'jwt', ...request },
    options: { timeout: 60_000, maxRetries: 2, ...options },
    headers: {},
  };
}

/** A `next` that answers from a script, one outcome per call (Error: thrown), and records the calls. */
export function scriptedNext(...outcomes: unknown[]): Handler & { calls: Exchange[] } {
  const calls: Exchange[] = [];
  const next = async (sent: Exchange) => {
    calls.push(sent);
    if (calls.length > outcomes.length)
      throw new Error(`next called ${calls.length} times, scripted ${outcomes.length}`);
    const outcome = outcomes[calls.length - 1];
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return Object.assign(next, { calls });
}
