/** Kept in step with package.json by the release script (changeset version). */
export const VERSION = '0.0.0';
