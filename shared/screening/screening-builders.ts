/** What a screening holds beyond the test itself, before any result, triage or treatment (tests, seeds). */
export const NO_SCREENING_FINDINGS = {
  result: null,
  resultOn: null,
  genotypes: [],
  triageMethod: null,
  triageResult: null,
  triageOn: null,
  treatment: null,
  treatedOn: null,
  treatmentPlaceId: null,
  counsellingNote: null,
};
