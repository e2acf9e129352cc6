/** The closed value sets of a screening event (issue 22; WHO 2021, facts §12.4). */
export const SAMPLE_BY = ['self', 'provider'] as const;
export type SampleBy = (typeof SAMPLE_BY)[number];

/** HPV: negative/positive; VIA: negative/positive/suspected cancer; cytology likewise; any: inadequate. */
export const SCREEN_RESULTS = ['negative', 'positive', 'suspected_cancer', 'inadequate'] as const;
export type ScreenResult = (typeof SCREEN_RESULTS)[number];

/** HPV genotypes found by partial genotyping, where the test reports them. */
export const GENOTYPES = ['16', '18', 'other'] as const;
export type Genotype = (typeof GENOTYPES)[number];

export const TRIAGE_METHODS = ['via', 'colposcopy', 'cytology'] as const;
export type TriageMethod = (typeof TRIAGE_METHODS)[number];
export const TRIAGE_RESULTS = ['negative', 'positive', 'suspected_cancer'] as const;
export type TriageResult = (typeof TRIAGE_RESULTS)[number];

export const TREATMENTS = ['thermal_ablation', 'cryotherapy', 'leep', 'referral'] as const;
export type Treatment = (typeof TREATMENTS)[number];

export const HIV_STATUSES = ['positive', 'negative', 'unknown'] as const;
export type HivStatus = (typeof HIV_STATUSES)[number];

/** Why a woman is recalled (§12.4 [V2: S75]). */
export const RECALL_REASONS = ['never_screened', 'result_missing', 'positive_untreated'] as const;
export type RecallReason = (typeof RECALL_REASONS)[number];
