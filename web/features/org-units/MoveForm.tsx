import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedParentKinds, type OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { OrgUnitPicker } from './OrgUnitPicker';
import { moveOrgUnit, orgUnitKeys } from './org-units.api';

export function MoveForm({
  unit,
  onDone,
  onCancel,
}: {
  unit: OrgUnit;
  onDone(u: OrgUnit): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [parent, setParent] = useState<OrgUnit | null>(null);
  const mutation = useMutation({
    mutationFn: () => moveOrgUnit(unit.id, unit.version, parent!.id),
    onSuccess: async (moved) => {
      await queryClient.invalidateQueries({ queryKey: orgUnitKeys.all });
      onDone(moved);
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? issuesByPath(mutation.error.issues) : {};
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (parent) mutation.mutate();
      }}
    >
      <p className="muted">{t('moveHint')}</p>
      <OrgUnitPicker
        label={t('newParent')}
        value={parent}
        onChange={setParent}
        kinds={allowedParentKinds[unit.kind]}
        error={fieldErrors.parentId}
        required
      />
      <ErrorMessage error={mutation.error && !fieldErrors.parentId ? mutation.error : null} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={!parent || mutation.isPending}>
          {t('moveUnit')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
