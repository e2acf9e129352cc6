/**
 * Building blocks shared by the indicator library (definitions.ts, sources.ts) and the module files
 * that plug sources and indicators into it (kmc-indicators.ts, screening-indicators.ts). It imports
 * nothing from the library, so the module files use it without tying themselves into an import circle.
 */

/** A definition's text in English and Vietnamese. */
export const enVi = (en: string, vi: string) => ({ en, vi });

/** The filter "this boolean field is true". */
export const isTrue = (field: string) => ({ field, eq: true }) as const;

/** A source field holding a yes/no fact. */
export const booleanField = { type: 'boolean' } as const;

/**
 * A source counted from its records at each request: no rollup, no disaggregation. People-counting
 * sources (babies, mothers, health workers) are perturbed for partner viewers.
 */
export const evaluatedSource = <const Fields>(countsPeople: boolean, fields: Fields) => ({
  countsPeople,
  rolledUp: false,
  dimensions: [],
  fields,
});

/** What every percentage indicator of a module's evaluated source shares: named after the source, higher is better. */
export const percentDefaults = <const Source extends string>(source: Source) =>
  ({
    group: source,
    source,
    unit: 'percent',
    better: 'higher',
    disaggregations: [],
    core: false,
  }) as const;
