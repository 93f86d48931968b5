/**
 * The fix for each documented cause the sync records. The cause text comes from the service
 * (@sportscloud/sync's table, in the API's words); the fixes follow the API's troubleshooting and
 * usage-limits pages, keyed by the status the cause names.
 */
const FIXES: [RegExp, string][] = [
  [
    /answered 204/,
    'Nothing to do: the sync retries it on a backoff of hours, then days. If it keeps failing, the recording has no usable heart-rate data.',
  ],
  [/answered 202/, 'Nothing to do: the sync revisits it once the analysis has run.'],
  [/answered 404/, 'Nothing to do if it was deleted upstream; otherwise check the account still holds it.'],
  [/answered 403/, 'Ask a coach of the account to grant it again: Sports Cloud → Settings → Cloud API.'],
  [/answered 401/, 'Check SPORTSCLOUD_CONSUMER_ID and the shared secret, and sync the clock (NTP).'],
  [/answered 413/, 'Sync fewer variables (the response would exceed 6 MB).'],
  [/daily quota/i, 'Wait: the quota resets at 00:00 UTC and the sync resumes by itself.'],
  [
    /5xx/,
    'Nothing to do: a later run retries. If it persists, contact Firstbeat support with the consumer id.',
  ],
  [/connection|timed out/i, 'Check the network path to the API; a later run retries.'],
  [/decoded|documented shape/i, 'A later run retries; if it persists, report it with the item id.'],
];

/** The cause (the service's text) split from the fix. */
export function causeAndFix(cause: string): { cause: string; fix: string } {
  const fix = FIXES.find(([pattern]) => pattern.test(cause))?.[1];
  return { cause, fix: fix ?? 'See the cause; a later run retries.' };
}
