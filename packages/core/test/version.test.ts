import { describe, expect, it } from 'vitest';
import pkg from '../package.json';
import { SportsCloudError, VERSION } from '../src';

describe('VERSION', () => {
  it('is the package version (support bundles report it)', () => {
    expect(VERSION).toBe(pkg.version);
    expect(new SportsCloudError('timeout', 'x').toSupportBundle().sdk).toEqual({
      name: '@sportscloud/core',
      version: pkg.version,
    });
  });
});
