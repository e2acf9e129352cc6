import type { z } from 'zod';
import { ApiError } from '../../lib/api-client';

/** Form input as the server would parse it (defaults applied), or the form's field issues, as the API says them. */
export function parseForQueue<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError(
    400,
    'validation_failed',
    'validation_failed',
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
