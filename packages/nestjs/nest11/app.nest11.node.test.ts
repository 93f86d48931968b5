import { fileURLToPath } from 'node:url';
import { compiledAppSuite } from '../test/support/compiled-app-suite';

// The same CommonJS and ESM apps, resolving @nestjs/* from this NestJS 11 project.
compiledAppSuite({ under: fileURLToPath(new URL('.', import.meta.url)), nestMajor: 11 });
