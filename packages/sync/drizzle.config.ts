import { defineConfig } from 'drizzle-kit';

// One migration set for PGlite and PostgreSQL: `pnpm db:generate` after editing src/storage/schema.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './drizzle',
});
