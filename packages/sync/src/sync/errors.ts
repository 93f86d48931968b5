import { isSportsCloudError } from '@sportscloud/core';

/** What each documented outcome means for a sync, in the words a user needs (reference §8.2). */
const CAUSES: Record<string, string> = {
  analysis_failed:
    'The API answered 204: Firstbeat could not analyse this recording (too short, no heart-rate data…). Retried on a backoff of hours, then days.',
  analysis_pending:
    'The API answered 202: the analysis is still running (old data is analysed when first asked for). Revisited later.',
  not_found: 'The API answered 404: the item is gone upstream (deleted, or moved out of the account).',
  permission_denied:
    'The API answered 403: the account is no longer granted to this consumer, or it is closed. A coach grants access in Sports Cloud → Settings → Cloud API.',
  authentication:
    'The API answered 401: the JWT was refused (check the consumer id, shared secret and clock).',
  response_too_large:
    'The API answered 413 even for a single variable: ask for fewer variables in the sync options.',
  rate_limited:
    'The daily quota (5000 requests, reset at 00:00 UTC) is used up: the sync resumes after midnight.',
  server_error: 'The API kept failing with 5xx after the retries: retried by a later run.',
  connection: 'The connection failed after the retries: retried by a later run.',
  timeout: 'The request timed out after the retries: retried by a later run.',
  decode: 'A result body could not be decoded, even after a refetch: retried by a later run.',
  validation: 'A response did not have the documented shape: retried by a later run.',
};

export function describeError(error: unknown): { code: string; cause: string } {
  if (isSportsCloudError(error)) {
    const code = error.code;
    return { code, cause: `${CAUSES[code] ?? 'The API call failed.'} (${error.message})` };
  }
  return { code: 'unexpected', cause: error instanceof Error ? error.message : String(error) };
}

/** Errors that concern the whole consumer, not one item: the run stops instead of recording them per item. */
export function isFatal(error: unknown): boolean {
  if (!isSportsCloudError(error)) return true;
  return error.code === 'authentication' || error.code === 'configuration' || error.code === 'aborted';
}
