import { fileURLToPath } from 'node:url';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The package's entry points, as users import them. */
export const ENTRY_POINTS: Record<string, string> = {
  '@sportscloud/core': at('src/index.ts'),
  '@sportscloud/core/schemas': at('src/schemas.ts'),
};
export const TSCONFIG = at('tsconfig.json');
export const API_REPORT_PATH = at('etc/core.api.md');
