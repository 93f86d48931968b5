import { describe, expect, it } from 'vitest';
import { AuthenticationError, PermissionDeniedError } from '../../src';
import { reauthPolicy } from '../../src/auth/auth-policy';
import { clockSkewError } from '../../src/auth/clock-skew';
import { exchange, scriptedNext } from '../policies/stub-exchange';

const unauthorized = () => new AuthenticationError('401', { status: 401 });

describe('reauthPolicy (401 re-authentication)', () => {
  it('repeats a JWT request once after a 401, and returns what the second try gives', async () => {
    for (const auth of ['jwt', 'jwt+key'] as const) {
      const next = scriptedNext(unauthorized(), 'body');
      await expect(reauthPolicy()(exchange({ auth }), next)).resolves.toBe('body');
      expect(next.calls).toHaveLength(2);
    }
  });

  it('not twice: a second 401 means the credentials are wrong', async () => {
    const second = unauthorized();
    const next = scriptedNext(unauthorized(), second);
    await expect(reauthPolicy()(exchange(), next)).rejects.toBe(second);
    expect(next.calls).toHaveLength(2);
  });

  it("never for a rotation's confirm, a request without credentials, or a clock too far off", async () => {
    for (const auth of ['pending-secret+key', 'none'] as const) {
      const error = unauthorized();
      const next = scriptedNext(error, 'never');
      await expect(reauthPolicy()(exchange({ auth, method: 'POST' }), next)).rejects.toBe(error);
      expect(next.calls).toHaveLength(1);
    }
    const skewed = clockSkewError(unauthorized(), 7_200_000);
    const next = scriptedNext(skewed, 'never');
    await expect(reauthPolicy()(exchange(), next)).rejects.toBe(skewed);
    expect(next.calls).toHaveLength(1);
  });

  it('other errors pass through untouched', async () => {
    const forbidden = new PermissionDeniedError('403', { status: 403 });
    const next = scriptedNext(forbidden, 'never');
    await expect(reauthPolicy()(exchange(), next)).rejects.toBe(forbidden);
    expect(next.calls).toHaveLength(1);
  });
});
