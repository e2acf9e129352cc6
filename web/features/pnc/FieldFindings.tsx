import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/pnc/pnc-rules';
import { CheckboxField } from '../../ui/Field';
import { signLabel } from './pnc-labels';

/**
 * The findings that come from the fields at `paths`, shown right under those fields: a worker who types
 * a fever sees the urgent-referral prompt next to the temperature, not at the bottom of a long form.
 */
export function FieldFindings({ findings, paths }: { findings: Finding[]; paths: readonly string[] }) {
  const { t } = useTranslation('pnc');
  const here = findings.filter((f) => paths.includes(f.path));
  const urgent = here.filter((f) => f.level === 'urgent');
  const check = here.filter((f) => f.level === 'check');
  if (!here.length) return null;
  return (
    <div
      className={`alert alert--inline ${urgent.length ? 'alert--error' : 'alert--warn'}`}
      role={urgent.length ? 'alert' : 'status'}
    >
      {urgent.length ? (
        <p>
          <strong>{t('urgentTitle')}</strong>: {urgent.map((f) => signLabel(t, f.code)).join(', ')}.{' '}
          {t('urgentBody')}
        </p>
      ) : null}
      {check.length ? (
        <p>
          <strong>{t('checkTitle')}</strong>: {check.map((f) => signLabel(t, f.code)).join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * "Referred at this contact". `choice` is null until the worker touches it: the box then follows the
 * findings, ticked as soon as one is urgent. Unticked against an urgent finding, the form says where
 * the reason goes: the server opens the referral case on the urgent finding whatever the box says
 * (shared/pnc rules), and it stays on the worklist until closed with an outcome such as "referral refused".
 */
export function ReferredField({
  choice,
  urgent,
  onChange,
}: {
  choice: boolean | null;
  urgent: boolean;
  onChange(v: boolean): void;
}) {
  const { t } = useTranslation('pnc');
  const checked = choice ?? urgent;
  return (
    <>
      <CheckboxField label={t('referred')} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {urgent && !checked ? (
        <p className="alert alert--inline alert--warn" role="status">
          {t('notReferredUrgent')}
        </p>
      ) : null}
    </>
  );
}

/** The value sent for "referred": what the worker chose, else what the findings call for. */
export const referredValue = (choice: boolean | null, findings: readonly Finding[]): boolean =>
  choice ?? findings.some((f) => f.level === 'urgent');
