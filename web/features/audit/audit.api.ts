import type { AuditEntry, AuditQuery } from '../../../shared/audit/audit.schema';
import { api, withQuery } from '../../lib/api-client';

export type AuditPage = { items: AuditEntry[]; nextBefore: number | null };
export const searchAudit = (q: AuditQuery) => api.get<AuditPage>(withQuery('/api/audit', q));
