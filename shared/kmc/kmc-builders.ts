/** A KMC start in the KMC ward, skin-to-skin with the mother from `startedAt`, no incubator first (tests). */
export const buildKmcStart = (startedAt: string) => ({
  startedAt,
  incubatorFirst: false,
  place: 'kmc_ward',
  provider: 'mother',
  notStartedReason: null,
});
