import type { FastifyInstance } from 'fastify';
import { AppError, formatIssuePath, type Issue } from '../../shared/errors';

/** Deep enough for every body the API takes (a birth with its newborns and their procedures). */
const MAX_DEPTH = 12;

/** The paths of strings (keys or values) that hold a NUL character, which PostgreSQL text cannot store. */
export function nulPaths(value: unknown, path: (string | number)[] = [], out: Issue[] = []): Issue[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path: formatIssuePath(path), message: 'errors.nulCharacter' });
  } else if (value && typeof value === 'object' && path.length < MAX_DEPTH && !Buffer.isBuffer(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\u0000')) {
        out.push({ path: formatIssuePath([...path, key]), message: 'errors.nulCharacter' });
      } else nulPaths(v, [...path, Array.isArray(value) ? Number(key) : key], out);
    }
  }
  return out;
}

/**
 * A NUL in a path parameter, the query string or a JSON body is a 400 naming the field, before any
 * handler runs: otherwise it reached the database and came back as a 500 (08P01 or 22021). File uploads
 * (raw bodies) are checked row by row by their importers.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const issues = [...nulPaths(req.params), ...nulPaths(req.query), ...nulPaths(req.body)];
    if (issues.length) throw new AppError('validation_failed', 'errors.validation', issues);
  });
}
