import type { DiagnosisReport, DiagnosisStatus } from './diagnose';

const MARK: Record<DiagnosisStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skipped: 'skip' };
const INDENT = ' '.repeat(16);

/** The report as readable lines, e.g. for a CLI or a support email. Holds no credential. */
export function formatDiagnosis(report: DiagnosisReport): string {
  const lines = [
    `Sports Cloud connection check: ${report.ok ? 'OK' : 'FAILED'}`,
    `  consumer id: ${report.consumerId}`,
    `  base URL:    ${report.baseURL}`,
    `  checked at:  ${report.checkedAt}`,
    '',
  ];
  for (const check of report.checks) {
    lines.push(`[${MARK[check.status].padEnd(4)}] ${check.id.padEnd(8)} ${check.summary}`);
    if (check.cause) lines.push(`${INDENT}cause: ${check.cause}`);
    if (check.fix) lines.push(`${INDENT}fix:   ${check.fix}`);
  }
  return lines.join('\n');
}
