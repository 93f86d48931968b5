/**
 * The 'reset' fault. In-process `fetch` rejects like undici does on a dropped connection — a
 * TypeError("fetch failed") whose cause carries code ECONNRESET — and the node server and msw
 * adapters recognise it by a registry symbol (not instanceof, which breaks across bundles).
 */

const RESET = Symbol.for('@sportscloud/test-utils/connection-reset');

export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET (injected by the fake)'), {
    code: 'ECONNRESET',
    [RESET]: true,
  });
  return new TypeError('fetch failed', { cause });
}

export function isConnectionReset(error: unknown): boolean {
  const cause = error instanceof TypeError ? (error.cause as Record<symbol, unknown> | undefined) : undefined;
  return cause?.[RESET] === true;
}
