import { createHash } from 'node:crypto';
import type { Dhis2MappingRow } from '../../../shared/dhis2/dhis2-exchange.schema';
import type { Db } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { DEMO_COUNTRIES, type DemoUnit } from '../../seed/demo-org-units';
import { userIdOf } from '../../seed/demo';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findMapping, insertMapping } from './dhis2-mappings.repo';
import { mappingContent } from './dhis2-mappings.service';
import RMNCAH_SAMPLE from './fixtures/rmncah-sample-metadata.json';

/** The demo mapping's id: fixed, so that seeding twice finds it instead of adding a second one. */
export const DEMO_DHIS2_MAPPING_ID = uuidV5('dhis2-mapping:demo-rmncah');
export const DEMO_DHIS2_MAPPING_NAME = 'RMNCAH (DHIS2 sample package): delivery and newborn';
export { RMNCAH_SAMPLE };

const DEFAULT_COMBO = 'HllvX50cXC0';
const count = (
  indicator: string,
  dataElement: string,
  more: Partial<Pick<Dhis2MappingRow, 'dimension' | 'value'>> = {},
): Dhis2MappingRow => ({
  indicator,
  part: 'numerator',
  ...more,
  dataElement,
  categoryOptionCombo: DEFAULT_COMBO,
});

/**
 * Which OpenEENC count fills which element of the RMNCAH package (fixtures/README.md). Only counts whose
 * definition matches the element's are mapped; the EENC practices have no element in that package and
 * are left out rather than given identifiers that DHIS2 never issued (docs/dhis2.md).
 */
export const DEMO_DHIS2_ROWS: readonly Dhis2MappingRow[] = [
  count('live_births', 'nnjXw0HrTwM'),
  count('documented_birth_weight', 'AVrYR9vZtT5'),
  count('deliveries', 'euVXky1Oczb', { dimension: 'mode', value: 'spontaneous_vaginal' }),
  count('deliveries', 'ut99wiyLOjn', { dimension: 'mode', value: 'assisted_vaginal' }),
  count('uterotonic_within_1_min', 'E70PgIBpwNK'),
  count('preterm_rate', 'kDA2O0sHWkz'),
  count('facility_neonatal_deaths', 'T4JbVDttOMO'),
  count('kmc_eligible_initiated', 'Do6GGAEz16D'),
  count('any_pnc_newborn', 'ImJDnjbrh1N'),
  count('pnc_on_time_newborn', 'KOpyX8sPayv'),
  count('any_pnc_mother', 'pCFpE0jcw6f'),
  count('pnc_on_time_mother', 'tZM3ZFIA8U9'),
];

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = `0123456789${LETTERS}`;

/**
 * A DHIS2-shaped uid (11 characters, a letter first) derived from a demo unit's code, standing for the id
 * the country's HMIS would have given it: the same on every machine, so a by-hand push to a DHIS2 can be
 * repeated. Not an id of any real DHIS2.
 */
export function demoDhis2Uid(code: string): string {
  const bytes = createHash('sha256').update(`openeenc-demo-dhis2-org-unit:${code}`).digest();
  let uid = LETTERS[bytes[0]! % LETTERS.length]!;
  for (let i = 1; i < 11; i++) uid += ALPHANUMERIC[bytes[i]! % ALPHANUMERIC.length]!;
  return uid;
}

export const demoUnitCodes = (units: readonly DemoUnit[] = DEMO_COUNTRIES): string[] =>
  units.flatMap((u) => [u.code, ...demoUnitCodes(u.children ?? [])]);

/** The demo's mapping is created by its national administrator, as an upload of the sample file would be. */
const DEMO_ACTOR = { userId: userIdOf('admin.vn'), username: 'admin.vn' };

/**
 * The DHIS2 side of the demo (first `npm start`): DHIS2 uids on the demo units, as if they had come from
 * the HMIS, and a mapping of the core counts to the RMNCAH sample data set, checked and stored by the
 * same code as an uploaded mapping (version 1, audited). Seeding again changes nothing.
 */
export async function seedDhis2Demo(db: Db, now: Date): Promise<void> {
  for (const code of demoUnitCodes())
    await db.query('update org_units set dhis2_id = $1 where code = $2 and dhis2_id is null', [
      demoDhis2Uid(code),
      code,
    ]);
  if (await findMapping(db, DEMO_DHIS2_MAPPING_ID)) return;
  const content = mappingContent({
    name: DEMO_DHIS2_MAPPING_NAME,
    metadata: RMNCAH_SAMPLE,
    rows: [...DEMO_DHIS2_ROWS],
  });
  await db.transaction(async (tx) => {
    await insertMapping(tx, DEMO_DHIS2_MAPPING_ID, content, DEMO_ACTOR.userId, now);
    await auditChange(tx, DEMO_ACTOR, 'create', auditSubject('dhis2_mapping')(DEMO_DHIS2_MAPPING_ID, null), {
      after: await findMapping(tx, DEMO_DHIS2_MAPPING_ID),
    });
  });
}
