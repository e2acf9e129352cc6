import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../shared/users/user.schema';

/** The language of answers: the user's saved choice, else the browser's Accept-Language, else English. */
export function requestLocale(req: FastifyRequest): Locale {
  if (req.principal) return req.principal.locale;
  const header = req.headers['accept-language'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'vi' || tag === 'en') return tag;
    }
  }
  return 'en';
}
