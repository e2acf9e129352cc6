import { describe, expect, it } from 'vitest';
import { emptyDraft } from './birth-draft';
import { clearAllDrafts, clearDraft, findDraft, saveDraft } from './draft-store';

/** The Storage interface over a Map, as the browser's localStorage behaves. */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe('the new-birth draft kept on the device', () => {
  it('gives back the draft saved by a user for a facility, and nothing for another facility or user', () => {
    const storage = memoryStorage();
    const draft = emptyDraft('b-1', 'fac-1');
    draft.mother.recordNumber = 'DN-7';
    draft.newborns[0]!.sex = 'female';
    saveDraft('u-1', draft, storage);
    expect(findDraft({ userId: 'u-1', facilityId: 'fac-1' }, storage)).toEqual(draft);
    expect(findDraft({ userId: 'u-1', facilityId: 'fac-2' }, storage)).toBeUndefined();
    // Another midwife on the same phone (the first one's session expired without a logout).
    expect(findDraft({ userId: 'u-2', facilityId: 'fac-1' }, storage)).toBeUndefined();
  });

  it('drops a stored value that is not a draft of this version', () => {
    const storage = memoryStorage();
    const owner = { userId: 'u-1', facilityId: 'fac-1' };
    storage.setItem('openeenc.birthDraft.u-1.fac-1', '{"v":0,"draft":{}}');
    expect(findDraft(owner, storage)).toBeUndefined();
    storage.setItem('openeenc.birthDraft.u-1.fac-1', 'not json');
    expect(findDraft(owner, storage)).toBeUndefined();
  });

  it('is cleared after saving, and every draft at logout', () => {
    const storage = memoryStorage();
    const at = (facilityId: string) => ({ userId: 'u-1', facilityId });
    saveDraft('u-1', emptyDraft('b-1', 'fac-1'), storage);
    saveDraft('u-1', emptyDraft('b-2', 'fac-2'), storage);
    saveDraft('u-2', emptyDraft('b-3', 'fac-2'), storage);
    storage.setItem('openeenc.locale', 'vi');
    clearDraft(at('fac-1'), storage);
    expect(findDraft(at('fac-1'), storage)).toBeUndefined();
    expect(findDraft(at('fac-2'), storage)?.id).toBe('b-2');
    clearAllDrafts(storage);
    expect(findDraft(at('fac-2'), storage)).toBeUndefined();
    expect(findDraft({ userId: 'u-2', facilityId: 'fac-2' }, storage)).toBeUndefined();
    expect(storage.getItem('openeenc.locale')).toBe('vi');
  });
});
