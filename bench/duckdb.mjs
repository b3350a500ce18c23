// duckdb.mjs: run one SQL statement in DuckDB (in memory) for padu's
// benchmarks, the peer that padu is measured against.
//   node bench/duckdb.mjs THREADS 'SQL'
import { DuckDBInstance } from '@duckdb/node-api';

const [threads, sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
await con.run(sql);
