import { commonI18n } from '../app/i18n';
import { assessmentsI18n } from '../features/assessments/i18n';
import { auditI18n } from '../features/audit/i18n';
import { authI18n } from '../features/auth/i18n';
import { birthsI18n } from '../features/births/i18n';
import { birthsImportI18n } from '../features/births-import/i18n';
import { homeI18n } from '../features/home/i18n';
import { indicatorsI18n } from '../features/indicators/i18n';
import { orgUnitsI18n } from '../features/org-units/i18n';
import { pncI18n } from '../features/pnc/i18n';
import { usersI18n } from '../features/users/i18n';

/** Every UI catalogue, one namespace per feature. A feature adds one line here. */
const namespaces = {
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
} as const;

type Catalogue = Record<string, Record<string, string>>;
function byLocale(locale: 'en' | 'vi'): Catalogue {
  return Object.fromEntries(Object.entries(namespaces).map(([ns, c]) => [ns, c[locale]]));
}

export const catalogues = { en: byLocale('en'), vi: byLocale('vi') };
