/** A bare date means its midnight UTC; anything else goes to core as typed (it names a bad value). */
export function utcTime(text: string): string {
  return /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : text;
}
