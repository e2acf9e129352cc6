import type { ProgrammeOptions } from '../seed/programme';

/**
 * The small synthetic programme the feature tests generate (`generateProgramme`): two countries, twenty
 * facilities, 2023–2024. A test spreads it and overrides only what it is about.
 */
export const TEST_PROGRAMME: ProgrammeOptions = {
  countries: 2,
  facilities: 20,
  births: 500,
  fromYear: 2023,
  toYear: 2024,
  healthWorkers: 10,
  seed: 7,
};
