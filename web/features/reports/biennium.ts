import { bienniumOf, previousBiennium } from '../../../shared/reports/report-workflow';

/** Today's biennium (2026-2027), by the browser's date. */
export const currentBiennium = () => bienniumOf(new Date().toISOString().slice(0, 10));

/** The bienniums a person picks from: the current one and the two before it. */
export const bienniumChoices = () => {
  const now = currentBiennium();
  return [now, previousBiennium(now), previousBiennium(previousBiennium(now))];
};
