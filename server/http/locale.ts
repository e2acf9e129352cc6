import type { FastifyRequest } from 'fastify';
import { type LanguageCode, negotiateLanguage } from '../../shared/i18n/languages';

/**
 * The language of answers: the user's saved choice, else the best language present for the browser's
 * Accept-Language, else English. A saved language whose catalogue is gone still reads, in English.
 */
export function requestLocale(req: FastifyRequest): LanguageCode {
  if (req.principal) return req.principal.locale;
  const header = req.headers['accept-language'];
  return negotiateLanguage(typeof header === 'string' ? header : undefined);
}
