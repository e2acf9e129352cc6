import { commonI18n } from '../app/i18n';
import { assessmentsI18n } from '../features/assessments/i18n';
import { auditI18n } from '../features/audit/i18n';
import { authI18n } from '../features/auth/i18n';
import { birthsI18n } from '../features/births/i18n';
import { birthsImportI18n } from '../features/births-import/i18n';
import { coachingI18n } from '../features/coaching/i18n';
import { dhis2I18n } from '../features/dhis2/i18n';
import { homeI18n } from '../features/home/i18n';
import { indicatorsI18n } from '../features/indicators/i18n';
import { kmcI18n } from '../features/kmc/i18n';
import { offlineI18n } from '../features/offline/i18n';
import { orgUnitsI18n } from '../features/org-units/i18n';
import { pncI18n } from '../features/pnc/i18n';
import { reportsI18n } from '../features/reports/i18n';
import { screeningI18n } from '../features/screening/i18n';
import { usersI18n } from '../features/users/i18n';

import type { FeatureCatalogues } from './catalogue-types';

export type { FeatureCatalogues };

/** Every UI catalogue, one namespace per feature. A feature adds one line here. */
export const namespaces: Readonly<Record<string, FeatureCatalogues>> = {
  common: commonI18n,
  auth: authI18n,
  home: homeI18n,
  orgUnits: orgUnitsI18n,
  users: usersI18n,
  audit: auditI18n,
  births: birthsI18n,
  assessments: assessmentsI18n,
  birthsImport: birthsImportI18n,
  indicators: indicatorsI18n,
  pnc: pncI18n,
  dhis2: dhis2I18n,
  coaching: coachingI18n,
  kmc: kmcI18n,
  reports: reportsI18n,
  screening: screeningI18n,
  offline: offlineI18n,
};
