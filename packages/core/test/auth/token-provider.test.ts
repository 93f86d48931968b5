import { describe, expect, it } from 'vitest';
import { Credentials } from '../../src/auth/credentials';
import { TokenProvider } from '../../src/auth/token-provider';
import { Redactor } from '../../src/errors/redact';
import { manualClock } from '../support/manual-clock';

const secret = 'a-shared-secret-of-some-length-0123456789';

function provider() {
  const clock = manualClock();
  const redactor = new Redactor();
  const tokens = new TokenProvider(
    new Credentials('consumer-1', secret, undefined, redactor),
    clock,
    redactor,
  );
  return { clock, tokens, redactor };
}

describe('TokenProvider', () => {
  it('reuses the current token, and signs a new one once it is dropped', async () => {
    const { tokens } = provider();
    const first = await tokens.token();
    expect(await tokens.token()).toBe(first);
    expect(tokens.signings).toBe(1);
    tokens.invalidate(first);
    await tokens.token();
    expect(tokens.signings).toBe(2);
  });

  it('a 401 for an old token does not discard the freshly minted one', async () => {
    const { clock, tokens } = provider();
    const old = await tokens.token();
    tokens.invalidate(old);
    await clock.advance(1_000);
    const fresh = await tokens.token();
    expect(fresh).not.toBe(old);
    // A request sent with the old token comes back 401 after the new one was minted.
    tokens.invalidate(old);
    expect(await tokens.token()).toBe(fresh);
    expect(tokens.signings).toBe(2);
    // Without a token, everything is dropped.
    tokens.invalidate();
    await clock.advance(1_000);
    expect(await tokens.token()).not.toBe(fresh);
    expect(tokens.signings).toBe(3);
  });

  it('every token it signs is known to the redactor', async () => {
    const { tokens, redactor } = provider();
    const token = await tokens.token();
    expect(redactor.text(`Bearer ${token.slice(0, 40)}… and ${token}`)).not.toContain(token);
  });
});
