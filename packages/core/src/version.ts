/** Kept in step with package.json by scripts/sync-version.mjs (run by `pnpm version-packages`); a test checks it. */
export const VERSION = '0.0.0';
