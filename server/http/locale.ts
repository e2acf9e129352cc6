import type { FastifyRequest } from 'fastify';
import { type LanguageCode, negotiateLanguage } from '../../shared/i18n/languages';
import { AppError, type Issue } from '../../shared/errors';
import { translate } from '../../shared/i18n/messages';

/**
 * The language of answers: the user's saved choice, else the best language present for the browser's
 * Accept-Language, else English. A saved language whose catalogue is gone still reads, in English.
 */
export function requestLocale(req: FastifyRequest): LanguageCode {
  if (req.principal) return req.principal.locale;
  const header = req.headers['accept-language'];
  return negotiateLanguage(typeof header === 'string' ? header : undefined);
}

type ImportReport = { committed: boolean; errors: Issue[] };

/**
 * The answer to an import (org units, boundaries): a commit that could not be applied is a 400 in the
 * standard shape, listing every row's problems; otherwise the report, each problem in the caller's language.
 */
export function importAnswer<R extends ImportReport>(req: FastifyRequest, mode: string, report: R) {
  if (mode === 'commit' && !report.committed)
    throw new AppError('validation_failed', 'errors.validation', report.errors);
  const locale = requestLocale(req);
  return {
    ...report,
    errors: report.errors.map(({ params, ...e }) => ({
      ...e,
      message: translate(locale, e.message, params),
    })),
  };
}
