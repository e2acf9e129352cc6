/**
 * Positional parameters for a statement built piece by piece (optional filters, keyset cursors, the
 * columns an update sets): values go in through `${…}` of a tagged template and come out as `$n`, so no
 * file counts placeholders by hand and no value is ever written into the SQL text.
 *
 * ```ts
 * const p = new SqlParams([scopePatterns]);   // $1 already taken
 * const where = ['f.path like any($1::text[])'];
 * if (q.status) where.push(p.sql`a.status = ${q.status}`);
 * await db.query(`select … where ${andAll(where)} limit ${p.add(limit)}`, p.values);
 * ```
 */
export class SqlParams {
  readonly values: unknown[];

  /** `values` are the parameters the statement already holds ($1…$n); new ones are numbered after them. */
  constructor(values: readonly unknown[] = []) {
    this.values = [...values];
  }

  /** Adds one value and returns its placeholder `$n`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** SQL text in which every `${value}` becomes a new parameter: p.sql`a.x = ${x}` → `a.x = $3`. */
  sql(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
    let text = strings[0]!;
    values.forEach((v, i) => {
      text += this.add(v) + strings[i + 1]!;
    });
    return text;
  }
}

/** Conditions joined with `and`; `true` when there is none, so `where ${andAll(list)}` always reads. */
export function andAll(conditions: readonly string[]): string {
  return conditions.length ? conditions.map((c) => `(${c})`).join(' and ') : 'true';
}

/** Text for a `like` pattern in which `%`, `_` and `\` match themselves: `${escapeLike(prefix)}%`. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
