import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/errors/redact';

describe('Redactor', () => {
  const r = new Redactor();
  r.add('my-shared-secret-value');

  it('scrubs registered secrets wherever they appear', () => {
    expect(r.text('x my-shared-secret-value y')).toBe('x [REDACTED] y');
  });

  it('scrubs JWTs, credential fields and URL user-info it was never told about', () => {
    expect(r.text('Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl')).toBe('Bearer [REDACTED]');
    expect(r.text('{"sharedSecret":"abc","apikey":"def","name":"ok"}')).toBe(
      '{"sharedSecret":"[REDACTED]","apikey":"[REDACTED]","name":"ok"}',
    );
    expect(r.text('GET https://user:pa55@api.test/v1/x failed')).toBe(
      'GET https://[REDACTED]@api.test/v1/x failed',
    );
  });

  it('redacts credential headers by name and keeps the rest', () => {
    expect(
      r.headers(new Headers({ Authorization: 'Bearer x', 'X-Api-Key': 'k', Accept: 'application/json' })),
    ).toEqual({
      authorization: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      accept: 'application/json',
    });
  });

  it('redacts cookies and proxy credentials too, whatever the case of their names', () => {
    expect(
      r.headers({
        Cookie: 'session=abc',
        'Set-Cookie': 'id=1; HttpOnly',
        'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
        'Content-Type': 'application/json',
      }),
    ).toEqual({
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'proxy-authorization': '[REDACTED]',
      'content-type': 'application/json',
    });
  });

  it('ignores values too short to redact safely', () => {
    r.add('abc');
    expect(r.text('abc')).toBe('abc');
  });
});
