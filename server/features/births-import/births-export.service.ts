import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { birthToCsvCells } from '../../../shared/births/birth-csv';
import { BIRTH_CSV_COLUMN_NAMES } from '../../../shared/births/birth-csv-columns';
import type { BirthExportQuery } from '../../../shared/births/birth-import.schema';
import { localDate } from '../../../shared/births/local-date';
import { toCsvHeader, toCsvRecords } from '../../../shared/csv/csv-writer';
import { andAll, SqlParams } from '../../db/sql-params';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { writeAudit } from '../audit/audit.repo';
import { birthFilter } from '../births/births.list';
import type { BirthRecordRow } from '../births/births.rows';
import type { NewbornRow } from '../births/births.rows';
import { toBirth } from '../births/births.service';

/** Births per query while exporting: memory stays flat whatever the size of the export. */
export const EXPORT_PAGE = 500;

type ExportRow = Omit<BirthRecordRow, 'created_by_name' | 'updated_by_name'> & {
  facility_code: string;
  commune_code: string | null;
};

export type BirthExport = { filename: string; chunks: AsyncGenerator<string> };

/**
 * The filtered birth list (same filters and scope as GET /api/births) as CSV in the import's columns, so
 * that an export can be imported again. Streamed page by page; the mother's name and phone are filled
 * only where the reader may see them. The export is audited when it ends (or is interrupted), with the
 * filters and the number of births and rows sent.
 */
export async function openBirthExport(
  deps: AppDeps,
  reader: Principal,
  query: BirthExportQuery,
): Promise<BirthExport> {
  authorize(reader, 'record.export');
  // Scope and filter problems (an org unit outside the reader's area) surface here, before streaming.
  const { where, params } = await birthFilter(deps.db, reader, query);
  const filename = `births-${localDate(deps.clock.now(), 'UTC')}.csv`;

  async function* chunks(): AsyncGenerator<string> {
    let births = 0;
    let rows = 0;
    let withPersonalData = 0;
    let complete = false;
    try {
      yield toCsvHeader(BIRTH_CSV_COLUMN_NAMES);
      let after: [string, string, string] | null = null;
      for (;;) {
        const p = new SqlParams(params);
        const w = [...where];
        if (after) {
          const [d, t, id] = after;
          w.push(p.sql`(b.birth_date, b.born_at, b.id) > (${d}::date, ${t}::timestamptz, ${id}::uuid)`);
        }
        const page = await deps.db.query<ExportRow>(
          `select b.*, f.name as facility_name, f.path as facility_path, f.timezone as facility_timezone,
                  f.code as facility_code, c.code as commune_code, c.name as commune_name
             from births b
             join org_units f on f.id = b.facility_id
             left join org_units c on c.id = b.mother_commune_id
            where ${andAll(w)}
            order by b.birth_date, b.born_at, b.id
            limit ${p.add(EXPORT_PAGE)}`,
          p.values,
        );
        if (!page.length) break;
        const newborns = await deps.db.query<NewbornRow>(
          'select * from newborns where birth_id = any($1::uuid[]) order by birth_id, birth_order',
          [page.map((b) => b.id)],
        );
        const byBirth = new Map<string, NewbornRow[]>();
        for (const n of newborns) {
          const list = byBirth.get(n.birth_id);
          if (list) list.push(n);
          else byBirth.set(n.birth_id, [n]);
        }
        const lines: string[][] = [];
        for (const b of page) {
          const doc = toBirth(
            { ...b, created_by_name: null, updated_by_name: null },
            byBirth.get(b.id) ?? [],
            reader,
          );
          if (canSeePersonalData(reader, b.facility_path) && (b.mother_name || b.mother_phone))
            withPersonalData++;
          const cells = birthToCsvCells({
            id: b.id,
            facilityCode: b.facility_code,
            communeCode: b.commune_code,
            timeZone: b.facility_timezone,
            input: doc,
          });
          lines.push(...cells);
          rows += cells.length;
        }
        births += page.length;
        // The field table formatted each cell by its type and guarded the text ones; codes and numbers
        // (-5) stay as written so that the file imports again.
        yield toCsvRecords(lines, { guardText: false });
        if (page.length < EXPORT_PAGE) break;
        const last = page[page.length - 1]!;
        after = [last.birth_date, toIso(last.born_at), last.id];
      }
      complete = true;
    } finally {
      await writeAudit(deps.db, {
        actor: reader,
        action: 'export',
        entityType: 'birth',
        orgUnitId: query.facility ?? reader.scopes[0]?.id ?? null,
        details: { format: 'csv', filters: query, births, rows, withPersonalData, complete },
      });
    }
  }
  return { filename, chunks: chunks() };
}
