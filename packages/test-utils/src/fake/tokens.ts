import { SignJWT } from 'jose';

/** Mint a Sports Cloud JWT the way the official samples do (HS256, iss/iat/exp, 5 minutes). */

export interface TokenOptions {
  /** Epoch ms used for the default `iat`. Default Date.now(). */
  nowMs?: number;
  /** Override `iat` (epoch seconds), e.g. to test a token from the future. */
  iat?: number;
  /** Override `exp` (epoch seconds). Default iat + 300. */
  exp?: number;
}

export async function signSportsCloudToken(
  credentials: { consumerId: string; sharedSecret: string },
  { nowMs = Date.now(), iat = Math.floor(nowMs / 1000), exp = iat + 300 }: TokenOptions = {},
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(credentials.consumerId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(credentials.sharedSecret));
}
