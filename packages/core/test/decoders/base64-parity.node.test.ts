// Point 20 of issue 7: the Node and Web kernels read base64 by one rule — the standard alphabet, padding
// optional, ASCII whitespace ignored — and reject everything else the same way.
import { describe, expect, it } from 'vitest';
import * as node from '../../src/decoders/kernel.node';
import * as web from '../../src/decoders/kernel.web';
import { defaultBudget } from '../../src/decoders/limits';
import { DecodeError } from '../../src/errors';

type Outcome = { bytes: number[] } | { error: string };

function outcome(decode: (s: string) => Uint8Array, input: string): Outcome {
  try {
    return { bytes: Array.from(decode(input)) };
  } catch (error) {
    return { error: error instanceof DecodeError ? 'DecodeError' : String(error) };
  }
}

const ACCEPTED: Record<string, number[]> = {
  QUJD: [65, 66, 67],
  'QUI=': [65, 66],
  QUI: [65, 66],
  'QQ==': [65],
  QQ: [65],
  '': [],
  'QU JD': [65, 66, 67],
  'QUJD\r\nQUJD\n': [65, 66, 67, 65, 66, 67],
  '\tQ Q = =': [65],
};

const REJECTED = [
  'AA-_', // base64url
  '-_-_',
  'QUJ_',
  'AA\u0141B', // Ł: Buffer reads its low byte, 0x41 = 'A'
  'AA\u0100A',
  'AA\u00c1B', // Latin-1 Á
  'QU\u{1F600}JD',
  'QU!D',
  'QUJD=QUJD',
  'AA==AA==',
  'Q',
  'QUJDQ',
  'QUI==',
  'QQ=',
  '====',
  'QUJD\u00a0', // NBSP is not ASCII whitespace
];

describe('one base64 rule on every runtime', () => {
  it.each(Object.entries(ACCEPTED))('both kernels accept %j', (input, bytes) => {
    expect(outcome(node.base64ToBytes, input)).toEqual({ bytes });
    expect(outcome(web.base64ToBytes, input)).toEqual({ bytes });
  });

  it.each(REJECTED)('both kernels reject %j', (input) => {
    expect(outcome(node.base64ToBytes, input)).toEqual({ error: 'DecodeError' });
    expect(outcome(web.base64ToBytes, input)).toEqual({ error: 'DecodeError' });
  });

  it('agrees on random strings over the base64 alphabets and their neighbours', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\u0141\u00c1!';
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    let accepted = 0;
    for (let n = 0; n < 5000; n++) {
      const length = Math.floor(random() * 13);
      let input = '';
      for (let i = 0; i < length; i++) {
        // Mostly the standard alphabet, so that both outcomes are common.
        const pool = random() < 0.9 ? 64 : alphabet.length;
        input += alphabet[Math.floor(random() * pool)];
      }
      const expected = outcome(web.base64ToBytes, input);
      expect(outcome(node.base64ToBytes, input), JSON.stringify(input)).toEqual(expected);
      if ('bytes' in expected) accepted++;
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('decodes the same series, or rejects it, through both kernels', async () => {
    const blob = 'eJxjYGBgAAAABAAB'; // zlib of 00 00 00 00: valid standard base64
    const nodeValues = node.decodeSeriesBlob(blob, 'Unsigned', 8, defaultBudget());
    expect(await web.decodeSeriesBlob(blob, 'Unsigned', 8, defaultBudget())).toEqual(nodeValues);
    const url = blob.replace(/\+/g, '-').replace(/\//g, '_').replace('J', '-');
    expect(() => node.decodeSeriesBlob(url, 'Unsigned', 8, defaultBudget())).toThrow(DecodeError);
    expect(() => web.decodeSeriesBlob(url, 'Unsigned', 8, defaultBudget())).toThrow(DecodeError);
  });
});
