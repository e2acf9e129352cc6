import { useTranslation } from 'react-i18next';
import type { CommuneHit } from '../../../shared/org-units/commune-search.schema';
import { searchCommunes } from '../org-units/org-units.api';
import { SearchPicker } from '../org-units/SearchPicker';

type Props = {
  /** The birth facility: communes of its country are searched, its own district first. */
  facilityId: string;
  value: { id: string; name: string } | null;
  onChange(commune: CommuneHit | null): void;
  error?: string | undefined;
};

/**
 * The commune where the mother lives, where her postnatal follow-up is handed over: any commune of the
 * country (mothers live outside the hospital's area), found with or without accents.
 */
export function CommunePicker({ facilityId, value, onChange, error }: Props) {
  const { t } = useTranslation('births');
  const where = (c: CommuneHit) => [c.district, c.province].filter(Boolean).join(', ');
  return (
    <SearchPicker<CommuneHit>
      label={t('commune')}
      hint={t('communeHint')}
      value={value}
      onChange={onChange}
      queryKey={['org-units', 'communes', facilityId]}
      search={(q) => searchCommunes(facilityId, q)}
      describe={(c) => [where(c), c.code].filter(Boolean).join(' · ')}
      chooseLabel={(c) => t('communeChoose', { name: c.name, where: where(c) })}
      error={error}
    />
  );
}
