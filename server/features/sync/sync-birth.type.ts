import { type Birth, BirthInputSchema, BirthUpdateSchema } from '../../../shared/births/birth.schema';
import {
  BIRTH_SHAPE,
  flattenBirthDoc,
  PERSONAL_BIRTH_PATHS,
  unflattenBirth,
} from '../../../shared/sync/birth-patch';
import { findBirthRecord } from '../births/births.repo';
import { AppError } from '../../../shared/errors';
import { createBirth, createBirths, deleteBirth, toBirth, updateBirth } from '../births/births.service';
import { parsed, type SyncRecordHandler } from './sync-record-type';
import { SYNC_PERMISSIONS } from '../../../shared/sync/sync.schema';

/** Births (with their newborns) through the birth service. */
export const birthSync: SyncRecordHandler = {
  shape: BIRTH_SHAPE,
  writePermission: SYNC_PERMISSIONS.birth.write,
  readPermission: SYNC_PERMISSIONS.birth.read,
  isPersonalPath: (path) => PERSONAL_BIRTH_PATHS.has(path),
  audit: { entityType: 'birth', entityId: async (_q, id) => id },
  flatOfAudited: (doc) => flattenBirthDoc(doc as Birth),
  async find(q, id, forUpdate) {
    const found = await findBirthRecord(q, id, { forUpdate });
    if (!found) return undefined;
    const birth = toBirth(found.birth, found.newborns, null);
    return {
      flat: flattenBirthDoc(birth),
      version: birth.version,
      orgUnitId: birth.facilityId,
      paths: [found.birth.facility_path],
    };
  },
  async create(deps, principal, id, flat) {
    // The push looked for the record in this transaction just before (a create of a stored one merges).
    const { birth } = await createBirth(
      deps,
      principal,
      parsed(BirthInputSchema, { ...unflattenBirth(flat), id }),
      { absent: true },
    );
    return birth.version;
  },
  async createMany(deps, principal, items) {
    const inputs = items.map(({ id, flat }) => {
      try {
        return { ...parsed(BirthInputSchema, { ...unflattenBirth(flat), id }), id };
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
    });
    const valid = inputs.filter((i): i is Exclude<typeof i, AppError> => !(i instanceof AppError));
    const created = (await createBirths(deps, principal, valid)).values();
    return inputs.map((i) => {
      if (i instanceof AppError) return { refused: i };
      const c = created.next().value!;
      return c === 'stored' || 'refused' in c ? c : { version: c.birth.version };
    });
  },
  async update(deps, principal, id, flat, version) {
    const input = parsed(BirthUpdateSchema, { ...unflattenBirth(flat), version });
    const saved = await updateBirth(deps, principal, id, input);
    return { version: saved.version, orgUnitId: saved.facilityId };
  },
  remove: (deps, principal, id, version) => deleteBirth(deps, principal, id, version),
};
