import { decodeJwt, errors, jwtVerify } from 'jose';
import type { Consumer, ConsumerRegistry } from './consumers';

/**
 * JWT + API key checks (reference §3): HS256 keyed with the shared secret, `iss` = consumer id,
 * integer `iat`/`exp` with `exp − iat ≤ 300`. Failures carry a reason for the `x-fake-reason`
 * header; the body stays the gateway's terse `{"message":"Unauthorized"}`.
 */

const MAX_TOKEN_LIFETIME_S = 300;

export type JwtCheck =
  | { ok: true; consumer: Consumer; signedWith: 'current' | 'pending' }
  | { ok: false; reason: string };

const encoder = new TextEncoder();

async function verifyWith(token: string, secret: string, now: Date, toleranceS: number) {
  return jwtVerify(token, encoder.encode(secret), {
    algorithms: ['HS256'],
    currentDate: now,
    clockTolerance: toleranceS,
    requiredClaims: ['iss', 'iat', 'exp'],
    // Rejects an `iat` in the future (beyond the tolerance) and tokens older than 5 minutes.
    maxTokenAge: MAX_TOKEN_LIFETIME_S,
  });
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return `token expired (${error.claim})`;
  if (error instanceof errors.JWTClaimValidationFailed) return `claim check failed: ${error.message}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm must be HS256';
  return 'invalid token';
}

export async function checkJwt(
  authorization: string | null,
  registry: ConsumerRegistry,
  nowMs: number,
  toleranceS: number,
): Promise<JwtCheck> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return { ok: false, reason: 'missing bearer token' };
  const token = match[1] as string;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  const consumer = typeof claims.iss === 'string' ? registry.get(claims.iss) : undefined;
  if (!consumer) return { ok: false, reason: 'unknown issuer' };
  if (
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    claims.exp - claims.iat > MAX_TOKEN_LIFETIME_S
  ) {
    return { ok: false, reason: `token lifetime exceeds ${MAX_TOKEN_LIFETIME_S} s` };
  }
  const now = new Date(nowMs);
  try {
    await verifyWith(token, consumer.sharedSecret, now, toleranceS);
    return { ok: true, consumer, signedWith: 'current' };
  } catch (error) {
    if (!(error instanceof errors.JWSSignatureVerificationFailed) || consumer.pendingSecret === undefined) {
      return { ok: false, reason: describe(error) };
    }
  }
  try {
    await verifyWith(token, consumer.pendingSecret, now, toleranceS);
    return { ok: true, consumer, signedWith: 'pending' };
  } catch (error) {
    return { ok: false, reason: describe(error) };
  }
}

/** The API key must be the one issued to the consumer the JWT names. */
export function checkApiKey(header: string | null, consumer: Consumer): string | undefined {
  if (!header) return 'missing x-api-key';
  if (consumer.apiKey === undefined || header !== consumer.apiKey) return 'invalid x-api-key';
  return undefined;
}
