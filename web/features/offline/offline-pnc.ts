import { motherFindings, newbornFindings, urgentCodes } from '../../../shared/pnc/pnc-rules';
import { worklistDay, worklistSection } from '../../../shared/pnc/pnc-schedule';
import { addToCounts, SECTION_RANK } from '../../../shared/pnc/pnc-worklist-core';
import {
  type FollowUp,
  type Worklist,
  type WorklistItem,
  type VisitInput,
  VisitInputSchema,
  type VisitInputRaw,
  type VisitResult,
} from '../../../shared/pnc/pnc.schema';
import { flattenDoc, unflattenDoc } from '../../../shared/sync/flat-record';
import { PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import type { OutboxEntry } from '../../../shared/sync/outbox';
import type { StoredRecord } from './offline-db';
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
  sendOrQueue(
    send,
    async () => {
      const { id: _id, ...visit } = parseForQueue(VisitInputSchema, input);
      // The instant in the server's form, so that the pulled copy is no change of it.
      const doc = { ...visit, visitedAt: new Date(visit.visitedAt).toISOString() };
      await queueRecord('pnc_visit', input.id, flattenDoc(PNC_VISIT_SHAPE, doc));
      return offlineResult(input.id, doc, ctx);
    },
    input.id,
  );

/** A visit as the follow-up page lists it: a contact the server refused carries the server's message. */
export type ShownVisit = FollowUp['visits'][number] & { refused?: string };

/**
 * The follow-up with the visits this device recorded and has not sent yet, so the worker sees them. A
 * create the server refused (a visit before the birth, say) is listed with the server's message: it is
 * not recorded, and its contact stays due.
 */
export async function withQueuedVisits(
  followUp: FollowUp,
): Promise<Omit<FollowUp, 'visits'> & { visits: ShownVisit[] }> {
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
        ...(e.state === 'rejected' ? { refused: e.error?.message ?? '' } : {}),
      })),
    ],
  };
}

/** A row's contact counts as not handed over (the commune has no postnatal worker, or no commune). */
const notHandedOver = (i: Pick<WorklistItem, 'handover'>) =>
  i.handover.reason !== null && i.handover.reason !== 'handed_over';

/**
 * The worklist without the contacts of `visits` (flat, as queued or pulled) that the server's copy does
 * not hold yet: a contact done leaves its row (due today, overdue or upcoming; an open referral stays until
 * closed) and the section counts, through the counting rule the worklist itself uses
 * (shared/pnc/pnc-worklist-core.ts).
 */
export function withoutContactsDone(
  worklist: Worklist,
  visits: ReadonlyArray<Pick<OutboxEntry, 'patch'>>,
): Worklist {
  const done = new Set<string>();
  for (const { patch } of visits) {
    const at = (who: string) => done.add(`${String(patch.birthId)}:${who}:${String(patch.contactCode)}`);
    if (patch['mother.seen'] === true) at('mother');
    for (const key of Object.keys(patch)) {
      const baby = /^newborns\.([^.]+)\./.exec(key);
      if (baby) at(baby[1]!);
    }
  }
  if (!done.size) return worklist;
  const counts = { ...worklist.counts };
  const items = worklist.items.filter((i) => {
    const who = i.kind === 'mother' ? 'mother' : String(i.newbornId);
    if (i.section === 'referral' || !done.has(`${i.birthId}:${who}:${i.contactCode}`)) return true;
    addToCounts(counts, SECTION_RANK[i.section], -1, notHandedOver(i));
    return false;
  });
  return { ...worklist, counts, items };
}

/**
 * The worklist as this device knows it: the contacts it recorded and has not sent (or pulled back) are
 * done. A contact the server refused is not: its row stays due (or overdue) until it is corrected.
 */
export const withQueuedContacts = async (worklist: Worklist) =>
  withoutContactsDone(
    worklist,
    (await listQueuedCreates('pnc_visit')).filter((e) => e.state !== 'rejected'),
  );

/**
 * The kept worklist without the contacts done elsewhere that the device pulled since it was read (a
 * colleague's home visit, a contact recorded at the facility): `pnc_visit` records of the `records` store
 * whose contact still has a row. A contact whose findings call for an urgent referral (the same rules
 * the server runs, shared/pnc/pnc-rules.ts, as for a contact recorded offline) keeps its rows: on the
 * server it has a referral row, which needs the server's contact id, so the row stays as last read until
 * the next read rather than the mother leaving the list. Its visit's birth gives the baby's age; the
 * gestation comes from the follow-up kept on the device, if any.
 */
export function withContactsDoneElsewhere(
  worklist: Worklist,
  pulled: readonly StoredRecord[],
  followUps: readonly FollowUp[],
): Worklist {
  const bornAt = new Map(worklist.items.map((i) => [i.birthId, i.bornAt]));
  const weeks = new Map(followUps.map((f) => [f.birthId, f.gestationalAgeWeeks]));
  const done = pulled.filter((r) => {
    const birthId = String(r.flat.birthId);
    if (r.recordType !== 'pnc_visit' || !bornAt.has(birthId)) return false;
    const visit = VisitInputSchema.safeParse({ id: r.id, ...unflattenDoc(PNC_VISIT_SHAPE, r.flat) });
    if (!visit.success) return false;
    const ctx = {
      bornAt: bornAt.get(birthId)!,
      gestationalAgeWeeks: weeks.get(birthId) ?? null,
      subjects: [],
    };
    return !offlineResult(r.id, visit.data, ctx).urgentReferral;
  });
  return withoutContactsDone(
    worklist,
    done.map((r) => ({ patch: r.flat })),
  );
}

/**
 * The kept rows in the section the shared `worklistSection` gives their contact times at `now`, with the
 * counts moved by `addToCounts` and `today` the unit's local date at `now`: a row read as upcoming is due
 * today once its day comes, a row due today is overdue once its window closes, and an expired row leaves.
 * The upcoming horizon is a country setting the device does not hold, but a kept row was inside it when
 * read and only comes closer, so none is applied to kept rows (rows beyond the horizon when read are not
 * on the list: they wait for the next read). An open referral stays a referral. Only for a worklist that
 * holds every row of its unit, so that the counts stay those of its rows; rows that change section come
 * after the rows kept in it.
 */
export function withSectionsAt(worklist: Worklist, now: Date): Worklist {
  const day = { ...worklistDay(now, worklist.orgUnit.timezone, 0), horizonEnd: new Date(8.64e15) };
  const counts = { ...worklist.counts };
  let moved = false;
  const items = worklist.items.flatMap((i) => {
    if (i.section === 'referral') return [i];
    const section = worklistSection(
      {
        dueFrom: new Date(i.dueFrom),
        dueUntil: new Date(i.dueUntil),
        overdueAt: new Date(i.overdueAt),
        expiresAt: new Date(i.expiresAt),
      },
      now,
      day,
    );
    if (section === i.section) return [i];
    moved = true;
    addToCounts(counts, SECTION_RANK[i.section], -1, notHandedOver(i));
    if (!section) return [];
    addToCounts(counts, SECTION_RANK[section], 1, notHandedOver(i));
    return [{ ...i, section }];
  });
  if (!moved && day.today === worklist.today) return worklist;
  // A stable sort: rows keep their order within their section, those that moved come after.
  items.sort((a, b) => SECTION_RANK[a.section] - SECTION_RANK[b.section]);
  return { ...worklist, today: day.today, counts, items };
}

/**
 * The rows of follow-ups the device holds (pulled: a mother handed over since the worklist was read) that
 * the kept worklist has no row of, added with their counts. Only for a worklist answered from the device
 * that holds every row of its unit (first page, no section, no further page), so that a birth with no row
 * on it had none when it was read; only the unit's own rows (its facility-stage contacts, and the
 * contacts after discharge of pairs followed up there: `handover.unit`), as `subjectRows` of
 * shared/pnc/pnc-worklist-core.ts gives them for a unit without sub-units. The section is the shared
 * `worklistSection` of the follow-up's contact times (computed by the server from the country's
 * schedule) at `now`, with no upcoming horizon: the horizon is a country setting the device does not
 * hold, so such a pair's upcoming contacts wait for the next read. An open referral is a referral row.
 * Added rows come last in their section; the screening offer waits for the next read too.
 */
export function withFollowUpsPulled(worklist: Worklist, followUps: readonly FollowUp[], now: Date): Worklist {
  const onIt = new Set(worklist.items.map((i) => i.birthId));
  const day = worklistDay(now, worklist.orgUnit.timezone, 0);
  const unit = worklist.orgUnit.id;
  const counts = { ...worklist.counts };
  const added: WorklistItem[] = [];
  for (const f of followUps) {
    if (onIt.has(f.birthId)) continue;
    const pairRisk = f.subjects
      .filter((s) => s.kind === 'newborn' && s.alive)
      .reduce((n, s) => n + s.riskMarkers.filter((m) => m !== 'danger_signs').length, 0);
    for (const s of f.subjects) {
      for (const c of s.contacts) {
        const atFacility = c.stage === 'facility';
        if ((atFacility ? f.facility.id : f.handover.unit.id) !== unit) continue;
        const referral = c.recorded?.referral?.status === 'open' ? c.recorded.referral : null;
        const section = referral
          ? 'referral'
          : c.status === 'done' || c.status === 'cancelled'
            ? null
            : worklistSection(
                {
                  dueFrom: new Date(c.dueFrom),
                  dueUntil: new Date(c.dueUntil),
                  overdueAt: new Date(c.overdueAt),
                  expiresAt: new Date(c.expiresAt),
                },
                now,
                day,
              );
        if (!section) continue;
        const handover = atFacility
          ? { unit: { id: f.facility.id, name: f.facility.name }, reason: null }
          : f.handover;
        addToCounts(counts, SECTION_RANK[section], 1, notHandedOver({ handover }));
        added.push({
          section,
          subjectId: s.subjectId,
          kind: s.kind,
          birthId: f.birthId,
          newbornId: s.newbornId,
          birthOrder: s.birthOrder,
          contactCode: c.code,
          contactNumber: c.number,
          core: c.core,
          dueFrom: c.dueFrom,
          dueUntil: c.dueUntil,
          overdueAt: c.overdueAt,
          expiresAt: c.expiresAt,
          riskMarkers: s.riskMarkers,
          pairRisk,
          referral,
          handover,
          facility: { id: f.facility.id, name: f.facility.name },
          commune: f.commune,
          bornAt: f.bornAt,
          birthDate: f.birthDate,
          recordNumber: f.recordNumber,
          motherName: f.motherName,
          motherPhone: f.motherPhone,
          motherAddress: f.motherAddress,
          personalDataHidden: f.personalDataHidden,
          screeningOffer: false,
        });
      }
    }
  }
  if (!added.length) return worklist;
  // A stable sort: the kept rows keep their order, the added ones come last in their section.
  const items = [...worklist.items, ...added].sort(
    (a, b) => SECTION_RANK[a.section] - SECTION_RANK[b.section],
  );
  return { ...worklist, counts, items };
}
