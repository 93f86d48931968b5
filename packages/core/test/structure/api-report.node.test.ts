import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiReport } from '../../scripts/api-report';
import { API_REPORT_PATH, ENTRY_POINTS, TSCONFIG } from '../../scripts/api-report-config';

describe('the public API', () => {
  const report = apiReport(ENTRY_POINTS, TSCONFIG);

  it('is the one reviewed in etc/core.api.md (run `pnpm api:report` and commit the diff)', () => {
    // `pnpm api:report` writes it; the review is the diff of etc/core.api.md.
    if (process.env.UPDATE_API_REPORT === '1') writeFileSync(API_REPORT_PATH, report);
    expect(report).toBe(readFileSync(API_REPORT_PATH, 'utf8'));
  });

  it('exports resources as types only, and no internals', () => {
    expect(report).toMatch(/^class Sessions extends ResultsResource \(type only\)/m);
    expect(report).toMatch(/^class AccountResource \(type only\) \(not constructible\)/m);
    // parseResponse is public on `./schemas` (validating bodies fetched elsewhere), not on `.`.
    for (const internal of ['decodeBody', 'supportedContentEncodings', 'createResources', 'Transport']) {
      expect(report).not.toMatch(new RegExp(`^\\S+ ${internal}\\b`, 'm'));
    }
    const main = report.slice(0, report.indexOf('## @sportscloud/core/schemas'));
    expect(main).not.toMatch(/^\S+ parseResponse\b/m);
  });
});
