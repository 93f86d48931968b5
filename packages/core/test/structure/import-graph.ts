import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** A module of `src` and the modules of `src` it imports (relative specifiers and `#kernel`). */
export interface ModuleImports {
  readonly file: string;
  readonly imports: readonly string[];
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `../errors` is the folder's index module, `./define` the file. */
function moduleAt(srcDir: string, target: string): string {
  const isFolder = existsSync(target) && statSync(target).isDirectory();
  return relative(srcDir, isFolder ? join(target, 'index') : target);
}

/** Every module under `srcDir` with its imports, as paths relative to `srcDir`. */
export function importGraph(srcDir: string): ModuleImports[] {
  return sourceFiles(srcDir).map((path) => {
    const text = readFileSync(path, 'utf8');
    const imports: string[] = [];
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier === '#kernel') imports.push('decoders/kernel');
      else if (specifier.startsWith('.')) imports.push(moduleAt(srcDir, resolve(dirname(path), specifier)));
    }
    return { file: relative(srcDir, path), imports };
  });
}

/** The folder a module belongs to: its first path segment, or `.` for the files at the root. */
export function folderOf(modulePath: string): string {
  const segments = modulePath.split(/[\\/]/);
  return segments.length > 1 ? segments[0]! : '.';
}
