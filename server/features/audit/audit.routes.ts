import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuditEntrySchema, AuditQuerySchema } from '../../../shared/audit/audit.schema';
import { redactPersonalData } from '../../../shared/audit/personal-data';
import { canSeePersonalData } from '../../../shared/auth/principal';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { apiRoutes } from '../../http/api-route';
import { searchAudit } from './audit.repo';

/** Records of these types hold no patient identifiers: their `name` fields are org-unit names. */
const STRUCTURE_ENTITY_TYPES: ReadonlySet<string> = new Set(['org_unit', 'user']);

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['audit']);

  route('GET /api/audit', {
    access: 'audit.read',
    summary: 'Search the append-only audit log (writes, reads of personal records, exports, logins)',
    description:
      'Examples: ?entityType=birth&entityId=<id>&action=read&from=<30 days ago> (who opened this record); ?actor=<username>&action=export (what a user exported). Newest first; page with ?before=<last id>.',
    querystring: AuditQuerySchema,
    reply: z.object({ items: z.array(AuditEntrySchema), nextBefore: z.number().nullable() }),
    handler: async (req) => {
      const reader = principalOf(req);
      const limit = req.query.limit ?? 100;
      const rows = await searchAudit(deps.db, reader, { ...req.query, limit });
      const items = rows.map(({ orgUnitPath, ...entry }) =>
        STRUCTURE_ENTITY_TYPES.has(entry.entityType) ||
        (orgUnitPath && canSeePersonalData(reader, orgUnitPath))
          ? entry
          : { ...entry, before: redactPersonalData(entry.before), after: redactPersonalData(entry.after) },
      );
      return { items, nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null };
    },
  });
}
