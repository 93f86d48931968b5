/**
 * Why the API answers a failure, and what to do about it: one table for the hints in error
 * messages and for the checks of `diagnose()`, in the words of the API's troubleshooting and
 * usage-limits pages.
 */
export interface CauseAndFix {
  readonly cause: string;
  readonly fix: string;
}

export const CAUSES = {
  url: {
    cause: 'wrong base URL, path or HTTP method',
    fix: 'check the base URL, the HTTP method and the request body',
  },
  notFound: {
    cause: 'unknown id or path',
    fix: 'check the ids (the list operations return them) and the base URL',
  },
  jwt: {
    cause:
      'the JWT was rejected: wrong consumer id (iss), wrong shared secret, or the token is expired/not yet valid (clock)',
    fix:
      'check that consumerId is the `id` returned by registration and sharedSecret the secret returned with it ' +
      '(a lost secret cannot be recovered: register again), and sync the clock (NTP)',
  },
  apiKey: {
    cause: 'x-api-key missing or wrong (or the account is closed)',
    fix: 'check the apiKey option',
  },
  tooLarge: {
    cause: 'the response would exceed 6 MB',
    fix: 'ask for fewer variables or a narrower resource',
  },
  burst: {
    cause: 'the rate limit of this consumer (1 request/s, burst 60) was hit',
    fix: 'wait a minute and try again; every process using this consumer shares the limit',
  },
  daily: {
    cause: 'the daily request quota of this consumer is used up',
    fix: 'wait until the quota resets (00:00 UTC) and try again',
  },
  server: {
    cause: 'the API answered with a server error',
    fix:
      'try again later; if it persists, send Firstbeat support the consumer id and error.toSupportBundle() ' +
      '(never the shared secret)',
  },
} as const satisfies Record<string, CauseAndFix>;

/** The cause of an error status that has one cause (429 and 5xx are told apart otherwise). */
export function causeOfStatus(status: number): CauseAndFix | undefined {
  switch (status) {
    case 400:
      return CAUSES.url;
    case 401:
      return CAUSES.jwt;
    case 403:
      return CAUSES.apiKey;
    case 404:
      return CAUSES.notFound;
    case 413:
    case 419:
      return CAUSES.tooLarge;
    default:
      return undefined;
  }
}
