/** Kept in step with package.json by scripts/sync-version.mjs (run by `npm run version-packages`); a test checks it. */
export const VERSION = '0.0.0';
