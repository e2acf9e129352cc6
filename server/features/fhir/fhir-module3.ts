import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import type {
  AssessmentDetail,
  AssessmentRecord,
  ChecklistVersion,
} from '../../../shared/assessments/assessment.schema';
import { type ChecklistItem, isRepeatingKind } from '../../../shared/assessments/checklist.schema';
import { localize } from '../../../shared/i18n/localized-text';
import { OPENEENC_SYSTEM } from './fhir-resources';

/**
 * Module 3 (hospital self-assessment) as FHIR (docs/fhir.md): a checklist version is a Questionnaire (one
 * group per section, repeating for observed births, interviews and chart reviews), and each filled-in
 * form of an assessment is a QuestionnaireResponse about the facility. Built from the same documents as
 * the JSON API, so personal answers hidden there are left out here too.
 */
const ANSWER_SYSTEM = `${OPENEENC_SYSTEM}/CodeSystem/checklist-answer`;
const STATUS: Record<ChecklistVersion['status'], NonNullable<Questionnaire['status']>> = {
  draft: 'draft',
  published: 'active',
  retired: 'retired',
};
const coding = (code: string, display?: string) => ({
  system: ANSWER_SYSTEM,
  code,
  ...(display ? { display } : {}),
});

function questionItem(item: ChecklistItem, lang: string): QuestionnaireItem {
  const text = localize(item.text, lang);
  const required = item.required ?? item.type !== 'text';
  const na = item.allowNa
    ? [{ valueCoding: coding('na', lang === 'vi' ? 'Không áp dụng' : 'Not applicable') }]
    : [];
  const base = { linkId: item.id, text, required };
  switch (item.type) {
    case 'yes_no':
    case 'yes_partial_no':
      return {
        ...base,
        type: 'choice',
        answerOption: [
          { valueCoding: coding('yes') },
          ...(item.type === 'yes_partial_no' ? [{ valueCoding: coding('partial') }] : []),
          { valueCoding: coding('no') },
          ...na,
        ],
      };
    case 'choice':
      return {
        ...base,
        type: 'choice',
        answerOption: [
          ...(item.options ?? []).map((o) => ({ valueCoding: coding(o.value, localize(o.text, lang)) })),
          ...na,
        ],
      };
    case 'number':
      return { ...base, type: item.integer ? 'integer' : 'decimal' };
    case 'text':
      return { ...base, type: 'text', ...(item.maxLength ? { maxLength: item.maxLength } : {}) };
  }
}

export function toQuestionnaire(v: ChecklistVersion, baseUrl: string, lang: string): Questionnaire {
  const def = v.definition;
  return {
    resourceType: 'Questionnaire',
    id: v.id,
    meta: { versionId: String(v.version), lastUpdated: v.updatedAt },
    url: `${baseUrl}/Questionnaire/${v.id}`,
    name: def.code,
    title: `${localize(def.title, lang)} (${v.label})`,
    status: STATUS[v.status],
    subjectType: ['Organization'],
    item: def.sections.map((s) => ({
      linkId: s.id,
      type: 'group',
      text: localize(s.title, lang),
      repeats: isRepeatingKind(s.kind),
      item: s.items.map((i) => questionItem(i, lang)),
    })),
  };
}

function answerOf(item: ChecklistItem, value: string | number): QuestionnaireResponseItemAnswer {
  if (typeof value === 'number') return item.integer ? { valueInteger: value } : { valueDecimal: value };
  return item.type === 'text' && value !== 'na' ? { valueString: value } : { valueCoding: coding(value) };
}

/** One filled-in form: the answered items of its section, without those withheld from the reader. */
export function toQuestionnaireResponse(
  a: AssessmentDetail,
  r: AssessmentRecord,
  baseUrl: string,
): QuestionnaireResponse {
  const section = a.definition.sections.find((s) => s.id === r.sectionId);
  const items: QuestionnaireResponseItem[] = (section?.items ?? []).flatMap((item) => {
    const value = r.answers[item.id];
    if (value === null || value === undefined || r.hiddenItems.includes(item.id)) return [];
    return [{ linkId: item.id, answer: [answerOf(item, value)] }];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updatedAt },
    questionnaire: `${baseUrl}/Questionnaire/${a.checklistVersionId}`,
    status: a.status === 'completed' ? 'completed' : 'in-progress',
    subject: { reference: `Organization/${a.facilityId}`, display: a.facilityName },
    authored: r.updatedAt,
    // FHIR allows no empty arrays: a form with nothing answered (or nothing shown) has no items.
    ...(items.length ? { item: [{ linkId: r.sectionId, item: items }] } : {}),
  };
}
