import { SignJWT } from 'jose';

/** The API accepts tokens that live at most 5 minutes (`exp − iat ≤ 300 s`). */
export const MAX_TOKEN_LIFETIME_S = 300;

export interface MintedToken {
  readonly token: string;
  /** Epoch milliseconds at which the API stops accepting the token. */
  readonly expiresAt: number;
}

const encoder = new TextEncoder();

/** Signs an HS256 JWT with `iss` = consumer id, as the API documents (no aud, sub or nbf). */
export async function mintToken(
  consumerId: string,
  sharedSecret: string,
  nowMs: number,
  lifetimeS = MAX_TOKEN_LIFETIME_S,
): Promise<MintedToken> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + Math.min(lifetimeS, MAX_TOKEN_LIFETIME_S);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(consumerId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(encoder.encode(sharedSecret));
  return { token, expiresAt: exp * 1000 };
}
