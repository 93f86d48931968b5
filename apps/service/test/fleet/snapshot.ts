import pg from 'pg';

/** Columns that say when or in which run a row was written, not what it holds. */
const VOLATILE = /^(result_set_id|variable_id|run_id)$|_at$/;

/**
 * Everything stored for one account, as sorted text rows per table: every `sc_*` table with an
 * `account_id` column (volatile columns left out), and the scalars and series of its result sets
 * keyed by the set's natural key and the variable's name (their serial ids depend on write order).
 */
export async function accountSnapshot(url: string, accountId: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.columns
       where column_name = 'account_id' and table_name like 'sc\\_%' and table_schema = 'public'
       order by table_name`,
    );
    const out: Record<string, string[]> = {};
    for (const { table_name: table } of tables.rows) {
      const columns = await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = $1 and table_schema = 'public'
         order by ordinal_position`,
        [table],
      );
      const kept = columns.rows.map((c) => c.column_name).filter((c) => !VOLATILE.test(c));
      const rows = await client.query(
        `select ${kept.map((c) => `"${c}"::text`).join(', ')} from ${table} where account_id = $1`,
        [accountId],
      );
      out[table] = rows.rows.map((r) => JSON.stringify(Object.values(r))).sort();
    }
    const key = `rs.source, rs.measurement_id, rs.lap_id, v.name, v.unit`;
    const scalars = await client.query(
      `select ${key}, s.value::text from sc_result_scalars s join sc_result_sets rs using (result_set_id)
       join sc_variables v using (variable_id) where rs.account_id = $1`,
      [accountId],
    );
    out.sc_result_scalars = scalars.rows.map((r) => JSON.stringify(Object.values(r))).sort();
    const series = await client.query(
      `select ${key}, x.type, x.bits, x.sampling_rate, x.start_time::text, x.length, md5(x.data)
       from sc_result_series x join sc_result_sets rs using (result_set_id)
       join sc_variables v using (variable_id) where rs.account_id = $1`,
      [accountId],
    );
    out.sc_result_series = series.rows.map((r) => JSON.stringify(Object.values(r))).sort();
    return out;
  } finally {
    await client.end();
  }
}

/** Rows stored more than once under one natural key (0 when the upserts held). */
export async function duplicateResultSets(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from (
         select 1 from sc_result_sets group by account_id, source, measurement_id, lap_id having count(*) > 1
       ) d`,
    );
    const children = await client.query(
      `select count(*)::int as n from (
         select 1 from sc_result_scalars group by result_set_id, variable_id having count(*) > 1
       ) d`,
    );
    return Number(rows[0].n) + Number(children.rows[0].n);
  } finally {
    await client.end();
  }
}
