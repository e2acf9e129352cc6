import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Thrown when another live process has the embedded database open. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by another OpenEENC process (pid ${pid}). ` +
        'PGlite allows one process at a time: stop the server first (or use PostgreSQL with DATABASE_URL).',
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite opens a data directory without any lock, so two processes (the server and a command-line tool)
 * would both write to it and corrupt it. The opener writes its pid to `<dir>.pid`, next to the directory
 * (inside it PostgreSQL's own files live); a second opener is refused while that process lives. A lock
 * left by a process that died (Ctrl-C, kill) is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir.replace(/[/\\]+$/, '')}.pid`;
  // Exclusive create; on a leftover file, check who wrote it and take over only from the dead (or from
  // our own pid, reused after a restart in a container where the server is always pid 1).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new DataDirInUseError(dir, pid);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
