/** A request as it was sent, already redacted: safe to log, print or hand to support. */
export interface RequestSnapshot {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response as it was received, already redacted. */
export interface ResponseSnapshot {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text of the body (decoded), truncated to a few kilobytes for large payloads. */
  readonly body?: string;
}

/** What Firstbeat support asks for (troubleshooting page), with every credential redacted. */
export interface SupportBundle {
  readonly consumerId?: string;
  readonly error: { readonly name: string; readonly code: string; readonly message: string };
  readonly request?: RequestSnapshot;
  readonly response?: ResponseSnapshot;
  readonly sdk: { readonly name: '@sportscloud/core'; readonly version: string };
}
