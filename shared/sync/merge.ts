import { type FlatRecord, hasFieldsBelow, type Patch, sameValue, valueAt } from './flat-record';

/** A field both sides changed to different values: the server's value stays, this goes to the inbox. */
export type FieldConflict = { path: string; base: unknown; server: unknown; device: unknown };

/**
 * Field-level three-way merge of a device's patch into the server's record, against the version the
 * device started from (`base`), for records of any type. A field only the device changed takes the
 * device's value; a field both changed to the same value is no conflict; a field both changed to
 * different values keeps the server's value and is returned as a conflict. Without a known base (a
 * record whose first version has no snapshot, an import, a create of a record that already exists),
 * every field where server and device differ is a conflict: never a silent overwrite.
 */
export function mergePatch(
  base: FlatRecord | null,
  server: FlatRecord,
  patch: Patch,
): { apply: Patch; conflicts: FieldConflict[] } {
  const apply: Patch = {};
  const conflicts: FieldConflict[] = [];
  for (const [path, device] of Object.entries(patch)) {
    const serverValue = valueAt(server, path);
    if (
      device === null &&
      !(path in server) &&
      (hasFieldsBelow(server, path) || hasFieldsBelow(base ?? {}, path))
    ) {
      // Removing a whole entry: only when the server still has it as the base had it.
      if (serverValue === null) continue;
      const untouched =
        base !== null &&
        Object.keys(server)
          .filter((k) => k.startsWith(`${path}.`))
          .every((k) => sameValue(server[k], base[k]));
      if (untouched) apply[path] = null;
      else
        conflicts.push({ path, base: base ? valueAt(base, path) : null, server: serverValue, device: null });
      continue;
    }
    const deviceValue = device ?? null;
    if (sameValue(serverValue, deviceValue)) continue;
    const baseValue = base ? valueAt(base, path) : undefined;
    if (base !== null && sameValue(baseValue, serverValue)) apply[path] = deviceValue;
    else conflicts.push({ path, base: baseValue ?? null, server: serverValue, device: deviceValue });
  }
  return { apply, conflicts };
}
