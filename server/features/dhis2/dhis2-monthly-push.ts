import type { Principal } from '../../../shared/auth/principal';
import type { Dhis2Mapping } from '../../../shared/dhis2/dhis2-exchange.schema';
import { AppError } from '../../../shared/errors';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { listScopes } from '../../http/sessions.repo';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { postDataValueSet } from './dhis2-client';
import { auditExchange, mappedValues, pushAnswerForAudit } from './dhis2-exchange.service';
import { getMapping } from './dhis2-mappings.service';

const DHIS2_MAPPING = auditSubject('dhis2_mapping');

/**
 * The monthly push (docs/dhis2.md): a mapping switched on for an area sends that area's previous month
 * to DHIS2 once, with the rights of the user who switched it on (a user who has left, or lost the area,
 * stops it: nothing is sent in anyone's name). Each month goes out once: the month is
 * claimed before sending and given back when DHIS2 refused it or could not be reached, so a failed
 * month is tried again at the next run and a month is never sent twice.
 */
export async function setMonthlyPush(
  deps: AppDeps,
  principal: Principal,
  mappingId: string,
  orgUnit: string | null,
): Promise<Dhis2Mapping> {
  const mapping = await getMapping(deps.db, mappingId);
  if (orgUnit) {
    const unit = await findOrgUnit(deps.db, orgUnit);
    if (!unit)
      throw new AppError('validation_failed', 'errors.validation', [
        { path: 'orgUnit', message: 'errors.notFound' },
      ]);
    authorize(principal, 'config.manage', unit.path);
  }
  await deps.db.query(
    `update dhis2_mappings set monthly_push_unit_id = $2, monthly_push_by = $3,
       monthly_push_last = case when monthly_push_unit_id is not distinct from $2 then monthly_push_last end
     where id = $1`,
    [mappingId, orgUnit, orgUnit ? principal.userId : null],
  );
  await auditChange(deps.db, principal, 'update', DHIS2_MAPPING(mappingId, orgUnit), {
    details: { monthlyPush: orgUnit !== null, version: mapping.version },
  });
  return getMapping(deps.db, mappingId);
}

/** The month before `now`'s (UTC), as a DHIS2 monthly period id: 2026-01-15 → 202512. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The user a monthly push acts for, as a session would see them; undefined once deactivated. */
async function principalOfUser(q: Queryable, userId: string): Promise<Principal | undefined> {
  const [u] = await q.query<{
    username: string;
    display_name: string;
    role: Principal['role'];
    locale: string;
  }>('select username, display_name, role, locale from users where id = $1 and active', [userId]);
  if (!u) return undefined;
  return {
    userId,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    locale: u.locale,
    scopes: await listScopes(q, userId),
  };
}

export type MonthlyPushOutcome = { mappingId: string; period: string; status: string; values: number };

/** Sends every switched-on mapping's previous month that has not gone out yet. */
export async function runMonthlyPushes(deps: AppDeps): Promise<MonthlyPushOutcome[]> {
  const connection = deps.config.dhis2;
  if (!connection) return [];
  const period = previousMonth(deps.clock.now());
  const due = await deps.db.query<{ id: string; unit: string; by: string; last: string | null }>(
    `select id, monthly_push_unit_id as unit, monthly_push_by as by, monthly_push_last as last
       from dhis2_mappings
      where monthly_push_unit_id is not null and monthly_push_last is distinct from $1 order by id`,
    [period],
  );
  const outcomes: MonthlyPushOutcome[] = [];
  for (const m of due) {
    const principal = await principalOfUser(deps.db, m.by);
    if (!principal) {
      outcomes.push({ mappingId: m.id, period, status: 'user_inactive', values: 0 });
      continue;
    }
    // Claim the month first: of several server instances running the loop, one sends it.
    const [claimed] = await deps.db.query(
      `update dhis2_mappings set monthly_push_last = $2
        where id = $1 and monthly_push_last is not distinct from $3 returning id`,
      [m.id, period, m.last],
    );
    if (!claimed) continue;
    const release = () =>
      deps.db.query(
        'update dhis2_mappings set monthly_push_last = $3 where id = $1 and monthly_push_last = $2',
        [m.id, period, m.last],
      );
    try {
      const { mapping, summary } = await mappedValues(deps, principal, m.id, m.unit, period);
      const result = await postDataValueSet(connection, summary.dataValues, false);
      await auditExchange(deps, principal, mapping, m.unit, {
        push: true,
        monthly: true,
        period,
        values: summary.values,
        ...pushAnswerForAudit(result),
      });
      if (result.status === 'ERROR') await release();
      outcomes.push({ mappingId: m.id, period, status: result.status, values: summary.values });
    } catch (err) {
      // Out of scope now, DHIS2 unreachable, …: reported, and tried again at the next run.
      await release();
      outcomes.push({
        mappingId: m.id,
        period,
        status: err instanceof AppError ? err.code : 'failed',
        values: 0,
      });
    }
  }
  return outcomes;
}

/** Runs the monthly push every `intervalMinutes` in this process (main.ts); 0 = never (cron instead). */
export function startMonthlyPushLoop(
  deps: AppDeps,
  intervalMinutes: number,
  onError: (err: unknown) => void,
): () => void {
  if (intervalMinutes <= 0 || !deps.config.dhis2) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runMonthlyPushes(deps)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
