import type {
  BirthImportMode,
  BirthImportProgress,
  BirthImportReport,
} from '../../../shared/births/birth-import.schema';
import type { Locale } from '../../../shared/users/user.schema';

/** What a birth import is asked to do (births-import.service.ts runs it, here or in a worker thread). */
export type BirthImportOptions = {
  mode: BirthImportMode;
  /** Where the import came from, for the audit entry. */
  via: 'http' | 'cli' | 'bench';
  /** Language of zod's own messages in the report (rule messages are keys, translated at the edge). */
  locale?: Locale;
  /** Births per INSERT statement (and per transaction in valid_only). */
  batchSize?: number;
  /**
   * valid_only: batches written at once, each in its own transaction and connection. Default 1: on two
   * cores Node's parsing is the bottleneck and a second writer measured no gain (BENCHMARKS.md).
   */
  writeConcurrency?: number;
  /** A progress event after every this many rows. */
  progressEvery?: number;
  /**
   * Also write one 'create' audit entry per birth (in bulk, in the batch's transaction), so that each
   * record's history shows the import. Default on: up to 10 % more database CPU (BENCHMARKS.md).
   */
  auditEachRecord?: boolean;
  maxBytes?: number;
  /** Accept births before the register's earliest date (REGISTER_EARLIEST_BIRTH_DATE), e.g. an old register. */
  allowBefore?: boolean;
  /** Receives unexpected failures (database down, bugs); the report then says `internal`. */
  log?: (err: unknown) => void;
  /**
   * Where the parsing, checking and row building run: `worker` (PostgreSQL only) on a thread of their own
   * with their own connections, so that the event loop serving the dashboards stays free while a large
   * file is imported (docs/decisions.md); `here` in this thread. Default: `worker` when the database can
   * be reached from another thread (PostgreSQL) and the file is not known to be small (`bytes`), `here`
   * on PGlite, which lives in this thread.
   */
  thread?: 'worker' | 'here';
  /** The file's size when announced: below WORKER_FROM_BYTES a worker's start costs more than it saves. */
  bytes?: number;
};

/** A file whose header has been read and checked; `run` reads the rest and writes. */
export type BirthImport = {
  run(onProgress?: (p: BirthImportProgress) => void): Promise<BirthImportReport>;
};
