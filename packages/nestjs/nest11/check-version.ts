import { createRequire } from 'node:module';
import { ModulesContainer } from '../test/support/nest-core';

// Guards the aliasing: what the tests import as @nestjs/core must be the NestJS 11 copy installed here.
const require = createRequire(import.meta.url);
const { version } = require('@nestjs/core/package.json') as { version: string };
const nest11 = require('@nestjs/core') as { ModulesContainer: unknown };
if (!version.startsWith('11.') || nest11.ModulesContainer !== ModulesContainer) {
  throw new Error(`the suite is not running on NestJS 11 (installed here: @nestjs/core ${version})`);
}
