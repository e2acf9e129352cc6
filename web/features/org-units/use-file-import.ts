import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Issue } from '../../../shared/errors';
import { ApiError } from '../../lib/api-client';

export type ImportMode = 'validate' | 'commit';

type ImportReport = { committed: boolean; errors: Issue[] };

/**
 * The state of a check-then-write file import (units, boundaries): the chosen file, the last report,
 * and its problems, which are the report's rows in error or the issues of a refused request. Choosing
 * another file clears the report; a committed import refreshes the queries under `refresh`.
 */
export function useFileImport<R extends ImportReport>(
  send: (file: File, mode: ImportMode) => Promise<R>,
  refresh: QueryKey,
) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const mutation = useMutation({
    mutationFn: (mode: ImportMode) => send(file!, mode),
    onSuccess: async (r) => {
      setReport(r);
      if (r.committed) await queryClient.invalidateQueries({ queryKey: refresh });
    },
    onError: () => setReport(null),
  });
  const problems: Issue[] = report?.errors.length
    ? report.errors
    : mutation.error instanceof ApiError
      ? mutation.error.issues
      : [];
  return {
    file,
    report,
    problems,
    error: mutation.error,
    busy: mutation.isPending,
    run: (mode: ImportMode) => mutation.mutate(mode),
    chooseFile: (chosen: File | null) => {
      setFile(chosen);
      setReport(null);
      mutation.reset();
    },
    clearReport: () => setReport(null),
  };
}

export type FileImport = Pick<
  ReturnType<typeof useFileImport>,
  'file' | 'problems' | 'error' | 'busy' | 'run' | 'chooseFile'
> & { report: ImportReport | null };
