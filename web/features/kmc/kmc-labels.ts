import type { TFunction } from 'i18next';
import type { KmcBaby } from '../../../shared/kmc/kmc.schema';
import { formatNumber } from '../../lib/format';

/** The KMC rule a baby was judged under, in words: a preset's name or the country's numbers. */
export function ruleLabel(t: TFunction, rule: KmcBaby['rule']): string {
  if (rule.preset !== 'custom') return t(`rule.${rule.preset}`);
  const weight = t(`rule.weight.${rule.kmcWeightCutoff}`, { grams: rule.kmcMaxWeightGrams });
  const weeks =
    rule.kmcMaxGestationalWeeks === null
      ? ''
      : t(`rule.weeks.${rule.kmcWeeksCutoff}`, { weeks: rule.kmcMaxGestationalWeeks });
  return t('rule.custom', { weight, weeks });
}

/**
 * The special-care mark in words, with the country's thresholds formatted for the reader's language:
 * urgent referral where the facility declares it does not provide special newborn care, special care
 * here where it declares it does, and "refer if not available here" where it has not said.
 */
export function specialCareText(
  t: TFunction,
  b: Pick<KmcBaby, 'specialCareBelow' | 'specialCareHere'>,
  locale: string,
): string {
  const key = { true: 'specialCareHere', false: 'specialCareRefer', null: 'specialCare' }[
    String(b.specialCareHere) as 'true' | 'false' | 'null'
  ];
  return t(key, {
    grams: formatNumber(b.specialCareBelow.grams, locale),
    weeks: formatNumber(b.specialCareBelow.weeks, locale),
  });
}

/** The badges of a baby: special care, eligibility when not plainly eligible, the ward flags. */
export function babyBadges(t: TFunction, b: KmcBaby): Array<{ key: string; text: string; danger: boolean }> {
  const out: Array<{ key: string; text: string; danger: boolean }> = [];
  if (b.specialCare)
    out.push({
      key: 'special',
      text: t(b.specialCareHere === false ? 'urgentReferralShort' : 'specialCareShort'),
      danger: b.specialCareHere !== true,
    });
  if (b.eligible === false) out.push({ key: 'ne', text: t('notEligible'), danger: false });
  if (b.eligible === null) out.push({ key: 'nu', text: t('eligibilityUnknown'), danger: false });
  if (b.belowMinHours) out.push({ key: 'h', text: t('belowMinHours'), danger: true });
  if (b.weightFalling) out.push({ key: 'w', text: t('weightFalling'), danger: true });
  return out;
}

/** A yes / no / cannot-say answer of the daily log (or a check as recorded), in words. */
export const logAnswerText = (t: TFunction, v: boolean | null): string =>
  t(v === null ? 'logAnswer.null' : v ? 'logAnswer.yes' : 'logAnswer.no');
