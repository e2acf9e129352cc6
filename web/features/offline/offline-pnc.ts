import { motherFindings, newbornFindings, urgentCodes } from '../../../shared/pnc/pnc-rules';
import {
  type FollowUp,
  type VisitInput,
  VisitInputSchema,
  type VisitInputRaw,
  type VisitResult,
} from '../../../shared/pnc/pnc.schema';
import { flattenDoc } from '../../../shared/sync/flat-record';
import { PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import { listQueuedCreates, queueRecord } from './outbox-store';
import { parseForQueue } from './parse-for-queue';
import { sendOrQueue } from './send-or-queue';

/** What the device knows of the birth a visit is for: the rules need the baby's age and gestation. */
export type VisitContext = Pick<FollowUp, 'bornAt' | 'gestationalAgeWeeks' | 'subjects'>;

/**
 * The answer the device gives to a contact recorded without network: the findings of the same rules
 * the server runs (shared/pnc/pnc-rules.ts), so the worker is told to refer at once; the server derives
 * them again when it receives the visit.
 */
function offlineResult(id: string, visit: Omit<VisitInput, 'id'>, ctx: VisitContext): VisitResult {
  const ageHours = (Date.parse(visit.visitedAt) - Date.parse(ctx.bornAt)) / 3_600_000;
  const subjectOf = (newbornId: string | null) =>
    ctx.subjects.find((s) => s.newbornId === newbornId)?.subjectId ?? id;
  const subjects = [
    ...(visit.mother ? [{ newbornId: null, findings: motherFindings(visit.mother) }] : []),
    ...visit.newborns.map((n) => ({
      newbornId: n.newbornId,
      findings: newbornFindings(n, { ageHours, gestationalAgeWeeks: ctx.gestationalAgeWeeks }),
    })),
  ].map((s) => ({
    subjectId: subjectOf(s.newbornId),
    kind: s.newbornId ? ('newborn' as const) : ('mother' as const),
    newbornId: s.newbornId,
    contactId: id,
    findings: s.findings,
    referralOpen: urgentCodes(s.findings).length > 0,
  }));
  return {
    visitId: id,
    version: 0,
    contactCode: visit.contactCode,
    urgentReferral: subjects.some((s) => s.referralOpen),
    subjects,
  };
}

/** A postnatal contact: sent at once, or queued without network (a `pnc_visit` create in the outbox). */
export const saveVisitOrQueue = (
  input: VisitInputRaw & { id: string },
  ctx: VisitContext,
  send: () => Promise<VisitResult>,
) =>
  sendOrQueue(send, async () => {
    const { id: _id, ...visit } = parseForQueue(VisitInputSchema, input);
    // The instant in the server's form, so that the pulled copy is no change of it.
    const doc = { ...visit, visitedAt: new Date(visit.visitedAt).toISOString() };
    await queueRecord('pnc_visit', input.id, flattenDoc(PNC_VISIT_SHAPE, doc));
    return offlineResult(input.id, doc, ctx);
  });

/** The follow-up with the visits this device recorded and has not sent yet, so the worker sees them. */
export async function withQueuedVisits(followUp: FollowUp): Promise<FollowUp> {
  const known = new Set(followUp.visits.map((v) => v.id));
  const queued = (await listQueuedCreates('pnc_visit')).filter(
    (e) => e.patch.birthId === followUp.birthId && !known.has(e.recordId),
  );
  return {
    ...followUp,
    visits: [
      ...followUp.visits,
      ...queued.map((e) => ({
        id: e.recordId,
        contactCode: String(e.patch.contactCode),
        visitedAt: String(e.patch.visitedAt),
        place: e.patch.place === 'facility' ? ('facility' as const) : ('home' as const),
        seenBy: String(e.patch.seenBy),
        version: 0,
        recordedBy: null,
      })),
    ],
  };
}
