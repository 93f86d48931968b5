import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: two processes writing one data folder corrupt it. A lock file
 * with the owner's pid keeps a second opener out; a lock left by a process that died (kill -9) is
 * taken over.
 */
export class FolderInUseError extends Error {
  override readonly name = 'FolderInUseError';
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function lockFolder(dataDir: string): () => void {
  const path = join(dataDir, 'sportscloud-sync.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // Removed meanwhile: try again.
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new FolderInUseError(
          `the PGlite data folder ${dataDir} is open in process ${owner}${owner === process.pid ? ' (this one)' : ''}; PGlite serves one process at a time (use PostgreSQL for several)`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new FolderInUseError(`cannot lock the PGlite data folder ${dataDir}`);
}
