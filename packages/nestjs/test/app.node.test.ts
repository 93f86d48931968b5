import { compiledAppSuite } from './support/compiled-app-suite';

compiledAppSuite({ nestMajor: 12 });
