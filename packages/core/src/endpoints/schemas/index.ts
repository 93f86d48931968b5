export { parseResponse } from '../parse';
export * from './accounts';
export * from './activities';
export * from './people';
export * from './results';
export * from './teams';
export * from './types';
