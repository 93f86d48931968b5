import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ofetch from 'ofetch';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** ofetch's private response fields (`_data` holds the parsed body, `_bodyInit` a polyfill's). */
const PRIVATE_FIELD = /\b_data\b|\b_bodyInit\b/g;
const OFETCH_IMPORT = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]ofetch(?:\/[^'"]*)?['"]/g;
const ANY_OFETCH_SPECIFIER = /from\s*['"](ofetch[^'"]*)['"]|import\(\s*['"](ofetch[^'"]*)['"]\s*\)/g;

/** What a source text uses of ofetch: its private fields, the specifiers and the names it imports. */
function ofetchUse(text: string) {
  return {
    privateFields: [...text.matchAll(PRIVATE_FIELD)].map((m) => m[0]),
    specifiers: [...text.matchAll(ANY_OFETCH_SPECIFIER)].map((m) => m[1] ?? m[2]!),
    names: [...text.matchAll(OFETCH_IMPORT)].flatMap((m) =>
      m[1]!
        .split(',')
        .map(
          (name) =>
            name
              .trim()
              .replace(/^type\s+/, '')
              .split(/\s+as\s+/)[0]!,
        )
        .filter(Boolean),
    ),
  };
}

const uses = sourceFiles(srcDir).map((path) => ({
  file: relative(srcDir, path),
  ...ofetchUse(readFileSync(path, 'utf8')),
}));

describe('core uses ofetch through its public API only', () => {
  it('reads no private field of ofetch anywhere in src', () => {
    expect(uses.filter((u) => u.privateFields.length > 0).map((u) => u.file)).toEqual([]);
  });

  it('imports ofetch in one module, from its main entry, and only names ofetch exports', () => {
    const importers = uses.filter((u) => u.specifiers.length > 0);
    expect(importers.map((u) => u.file)).toEqual(['transport/send-raw.ts']);
    expect(importers[0]!.specifiers).toEqual(['ofetch']);
    const names = importers[0]!.names;
    expect(names).toEqual(['createFetch', 'FetchError']);
    for (const name of names) expect(Object.keys(ofetch)).toContain(name);
  });

  it('would catch a private field, a deep import and an aliased name', () => {
    const caught = ofetchUse(
      "import { createFetch as make } from 'ofetch/node';\nconst body = response._data ?? response._bodyInit;",
    );
    expect(caught).toEqual({
      privateFields: ['_data', '_bodyInit'],
      specifiers: ['ofetch/node'],
      names: ['createFetch'],
    });
    expect(ofetchUse('const metadata = x; // not a private field')).toMatchObject({ privateFields: [] });
  });
});
