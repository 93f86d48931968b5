import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/errors/redact';

// Redactors are made inside each test: a throw while registering a secret then fails that test
// rather than the collection of the file (which a mutation run cannot tell from a pass).
const withSecret = (secret: string) => {
  const r = new Redactor();
  r.add(secret);
  return r;
};

describe('Redactor', () => {
  const r = new Redactor();

  it('scrubs registered secrets wherever they appear', () => {
    expect(withSecret('my-shared-secret-value').text('x my-shared-secret-value y')).toBe('x [REDACTED] y');
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

describe('Redactor.text', () => {
  const r = new Redactor();

  it('scrubs every credential field Sports Cloud bodies use, with or without spaces around the colon', () => {
    expect(
      r.text('{"token" : "t-1", "secret":"s-1", "apiKey":\t"k-1", "apikey":"k-2", "sharedSecret":"s-2"}'),
    ).toBe(
      '{"token" : "[REDACTED]", "secret":"[REDACTED]", "apiKey":\t"[REDACTED]", "apikey":"[REDACTED]", "sharedSecret":"[REDACTED]"}',
    );
    // Other fields, and these names as values, are kept.
    expect(r.text('{"tokens":"x","name":"token","mySecret":"y"}')).toBe(
      '{"tokens":"x","name":"token","mySecret":"y"}',
    );
  });

  it('takes a credential value whole, escaped quotes and backslashes included, and nothing after it', () => {
    expect(r.text('{"secret":"ab\\"cd\\\\ef","next":"kept"}')).toBe('{"secret":"[REDACTED]","next":"kept"}');
  });

  it('scrubs a credential value cut off in transit to the end of the text, a trailing backslash too', () => {
    expect(r.text('{"id":"1","sharedSecret":"c0ffee00-dead')).toBe('{"id":"1","sharedSecret":"[REDACTED]"');
    expect(r.text('{"sharedSecret":"c0ffee00\\')).toBe('{"sharedSecret":"[REDACTED]"');
  });

  it('scrubs URL user-info of any scheme, in any case, every time it appears, and only up to the "@"', () => {
    expect(r.text('HTTPS://u:p@a.test and git+ssh://me:pw@b.test, x-1.2://k@c.test')).toBe(
      'HTTPS://[REDACTED]@a.test and git+ssh://[REDACTED]@b.test, x-1.2://[REDACTED]@c.test',
    );
    // An "@" after the host (a path, a query) or past a space is not user-info.
    expect(r.text('https://a.test/users/@me ok')).toBe('https://a.test/users/@me ok');
    expect(r.text('https://a.test b@c')).toBe('https://a.test b@c');
  });

  it('scrubs every JWT in a text, with "-" and "_" in any part, and leaves look-alikes alone', () => {
    expect(r.text('a eyJhb-_G.eyJp-_c.s-_ig b eyJ.x.y c')).toBe('a [REDACTED] b [REDACTED] c');
    expect(r.text('eyJhbGciOiJIUzI1NiJ9 and eyJx.y')).toBe('eyJhbGciOiJIUzI1NiJ9 and eyJx.y');
  });
});

describe('Redactor.add', () => {
  it('scrubs a registered secret of 6 characters or more every time it appears; shorter ones never', () => {
    const r = new Redactor();
    r.add('12345');
    r.add('123456');
    r.add(undefined);
    r.add('');
    expect(r.text('123456 x 123456 x 12345')).toBe('[REDACTED] x [REDACTED] x 12345');
    expect(r.text('1234 12345')).toBe('1234 12345');
  });

  it('takes a secret literally: regex characters in it match only themselves', () => {
    const r = new Redactor();
    r.add('a.b+c*d(e)');
    expect(r.text('aXbbcdde a.b+c*d(e)')).toBe('aXbbcdde [REDACTED]');
    expect(r.text('"a.b+c\\u002ad(e)"')).toBe('"[REDACTED]"');
    expect(r.text('"aXb+c\\u002ad(e)"')).toBe('"aXb+c\\u002ad(e)"');
  });

  it('scrubs a secret written in a JSON string with any character escaped, in either hex case', () => {
    const r = new Redactor();
    r.add('ab-cd/ef"g\\h');
    const forms = [
      '"ab\\u002dcd\\/ef\\"g\\\\h"',
      '"ab\\u002Dcd\\u002fef\\u0022g\\u005ch"',
      '"\\u0061\\u0062\\u002D\\u0063\\u0064\\u002F\\u0065\\u0066\\u0022\\u0067\\u005C\\u0068"',
    ];
    for (const form of forms) expect(r.text(`{"x":${form}}`)).toBe('{"x":"[REDACTED]"}');
    // Every occurrence, not only the first.
    expect(r.text('["ab\\u002dcd\\/ef\\"g\\\\h","ab\\u002Dcd\\/ef\\"g\\\\h"]')).toBe(
      '["[REDACTED]","[REDACTED]"]',
    );
    // A backslash before a character JSON has no short escape for is not part of the secret.
    expect(r.text('"\\ab\\u002dcd\\/ef\\"g\\\\h"')).toBe('"\\[REDACTED]"');
    // An escape of another character is not the secret.
    expect(r.text('"ab\\u002ecd\\/ef\\"g\\\\h"')).toBe('"ab\\u002ecd\\/ef\\"g\\\\h"');
  });

  it('keeps each secret once: registering it again changes nothing', () => {
    const r = new Redactor();
    r.add('repeated-secret');
    r.add('repeated-secret');
    expect(r.text('"repeated\\u002dsecret" repeated-secret')).toBe('"[REDACTED]" [REDACTED]');
  });
});

describe('Redactor.error', () => {
  const r = new Redactor();

  it('copies name, message, stack and a string or number code, each redacted, and nothing else', () => {
    const original = Object.assign(new TypeError('failed with hunter2-password'), {
      code: 'ECONNREFUSED',
      request: { headers: { authorization: 'hunter2-password' } },
    });
    const r = withSecret('hunter2-password');
    original.name = 'Named hunter2-password';
    original.stack = 'at hunter2-password (file.js:1:1)';
    const copy = r.error(original) as Error & Record<string, unknown>;
    expect(copy).not.toBe(original);
    expect(copy.message).toBe('failed with [REDACTED]');
    expect(copy.name).toBe('Named [REDACTED]');
    expect(copy.stack).toBe('at [REDACTED] (file.js:1:1)');
    expect(copy.code).toBe('ECONNREFUSED');
    expect(copy.request).toBeUndefined();
    expect((r.error(Object.assign(new Error('x'), { code: 23 })) as { code?: unknown }).code).toBe(23);
    expect('code' in r.error(Object.assign(new Error('x'), { code: { secret: 1 } }))).toBe(false);
    expect('code' in r.error(new Error('x'))).toBe(false);
  });

  it('keeps an error without a stack without one', () => {
    const original = new Error('no stack');
    original.stack = undefined;
    expect(r.error(original).stack).toBeUndefined();
  });

  it('turns a thrown non-error into an Error with its text redacted', () => {
    const r = withSecret('hunter2-password');
    const copy = r.error('refused: hunter2-password');
    expect(copy).toBeInstanceOf(Error);
    expect(copy.message).toBe('refused: [REDACTED]');
    expect(r.error(404).message).toBe('404');
  });

  it('copies the cause chain redacted, five errors deep at most, and adds none', () => {
    const r = withSecret('hunter2-password');
    expect('cause' in r.error(new Error('no cause'))).toBe(false);
    let chain: unknown = new Error('level 6 hunter2-password');
    for (let level = 5; level >= 1; level--) chain = new Error(`level ${level}`, { cause: chain });
    const messages: string[] = [];
    for (let e: unknown = r.error(chain); e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages).toEqual(['level 1', 'level 2', 'level 3', 'level 4', 'level 5']);
    const short = r.error(new Error('top', { cause: 'a string cause hunter2-password' }));
    expect((short.cause as Error).message).toBe('a string cause [REDACTED]');
  });
});

describe('Redactor.headers', () => {
  const r = new Redactor();

  it('gives an empty record for no headers', () => {
    expect(r.headers(undefined)).toEqual({});
  });

  it('lower-cases the names of a plain record and redacts the values of the others by content', () => {
    expect(
      r.headers({
        'X-API-KEY': 'k',
        Location: 'https://user:pw@api.test/x',
        'X-Trace': 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl',
      }),
    ).toEqual({
      'x-api-key': '[REDACTED]',
      location: 'https://[REDACTED]@api.test/x',
      'x-trace': '[REDACTED]',
    });
  });
});
