import { SportsCloudError, type SportsCloudErrorOptions } from './sports-cloud-error';

/**
 * 202 from a results endpoint: the analysis is still running. The identical request should be
 * repeated later (the API suggests 5 s). The resilience layer polls on this outcome.
 */
export class AnalysisPendingError extends SportsCloudError {
  readonly status = 202 as const;
  /** How many 202s were seen for this request before giving up (1 when not polled). */
  readonly attempts: number;
  constructor(message: string, options: SportsCloudErrorOptions & { attempts?: number }) {
    super('analysis_pending', message, options);
    this.attempts = options.attempts ?? 1;
  }
}

/** 204 from a results endpoint: the analysis failed, there is nothing to return. */
export class AnalysisFailedError extends SportsCloudError {
  readonly status = 204 as const;
  constructor(message: string, options: SportsCloudErrorOptions) {
    super('analysis_failed', message, options);
  }
}
