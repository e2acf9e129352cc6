import { evaluateFilter, type Filter } from '../indicators/filter';
import { type ContactDefinition, type PncSubjectKind, RiskMarker } from './pnc-settings';

/**
 * Which contacts of a schedule a follow-up subject is expected to have, written once: the server's
 * checks, the follow-up page and the worklist evaluate it here; the database's `pnc_contact_applies`
 * (which the view `pnc_contact_facts` joins by), the indicators' PNC sources and the reminder job
 * compile it to SQL (`contactAppliesSql`, server/features/pnc/pnc-contact-applies.sql.ts).
 */

/** What the rule reads: of the subject, and of the schedule entry (named as pnc_schedule_entries). */
export type ContactAppliesFacts = {
  subject_kind: PncSubjectKind;
  /** The baby's markers from its birth record (empty for the mother). */
  risk_markers: readonly string[];
  /** A danger sign was found at one of the subject's contacts: it counts as the `danger_signs` marker. */
  danger_found: boolean;
  for_mother: boolean;
  for_newborn: boolean;
  only_for_markers: readonly string[];
};
export const CONTACT_APPLIES_FIELDS = [
  'subject_kind',
  'risk_markers',
  'danger_found',
  'for_mother',
  'for_newborn',
  'only_for_markers',
] as const satisfies ReadonlyArray<keyof ContactAppliesFacts>;

const isNewborn: Filter = { field: 'subject_kind', eq: 'newborn' };

/**
 * A contact applies to a subject of a kind it is for; a contact for some markers only (the extra
 * visits of small or sick babies) to a baby with one of them, danger signs found counting as one.
 * Such a contact is never a mother's: the settings refuse markers on a contact for mothers
 * (`pnc.settingsMarkersNewbornOnly`), so the SQL copies this replaced, which did not look at markers
 * for mothers, gave the same answers on every schedule that can be stored.
 */
export const CONTACT_APPLIES_WHERE: Filter = {
  all: [
    {
      any: [
        {
          all: [
            { field: 'subject_kind', eq: 'mother' },
            { field: 'for_mother', eq: true },
          ],
        },
        { all: [isNewborn, { field: 'for_newborn', eq: true }] },
      ],
    },
    {
      any: [
        { field: 'only_for_markers', isEmpty: true },
        {
          all: [
            isNewborn,
            {
              any: [
                { field: 'risk_markers', overlapsField: 'only_for_markers' },
                {
                  all: [
                    { field: 'danger_found', eq: true },
                    { field: 'only_for_markers', has: RiskMarker.dangerSigns },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The rule on one subject and entry. */
export const contactAppliesTo = (facts: ContactAppliesFacts): boolean =>
  evaluateFilter(CONTACT_APPLIES_WHERE, facts);

/** The entry's half of the facts, from a contact definition of the settings. */
export const entryFactsOf = (
  def: Pick<ContactDefinition, 'subjects' | 'onlyForMarkers'>,
): Pick<ContactAppliesFacts, 'for_mother' | 'for_newborn' | 'only_for_markers'> => ({
  for_mother: def.subjects.includes('mother'),
  for_newborn: def.subjects.includes('newborn'),
  only_for_markers: def.onlyForMarkers,
});
