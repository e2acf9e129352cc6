import { z } from 'zod';

/**
 * Every editable record carries a version, raised by each write. Readers get it (`RecordVersionSchema`);
 * a change sends back the version it was made on (`ExpectedVersionSchema`) and is refused with a
 * conflict when the record moved on meanwhile (optimistic concurrency).
 */
export const RecordVersionSchema = z.number().int();

/** The version a change was made on: 1 or more (a record is created at version 1). */
export const ExpectedVersionSchema = z.number().int().min(1);

/** What readers see of an editable record's history: its version, when it was created and last changed. */
export const recordStamps = { version: RecordVersionSchema, createdAt: z.string(), updatedAt: z.string() };
