/**
 * Closed sets are written as `as const` objects (`Role.clinician` in code, `'clinician'` stored); these
 * derive the value type and the value list from the object, so the list never needs a cast of its own.
 */

/** The value type of a closed set (`ValueOf<typeof Role>` is `'system_admin' | 'national_manager' | …`). */
export type ValueOf<T> = T[keyof T];

/** The values of a closed set in writing order, as the non-empty tuple `z.enum` takes. */
export function valuesOf<const T extends Readonly<Record<string, string>>>(
  set: T,
): [ValueOf<T>, ...ValueOf<T>[]] {
  return Object.values(set) as [ValueOf<T>, ...ValueOf<T>[]];
}
