// Debian's node-pg against a real PostgreSQL on loopback (the test starts it; PG* variables say where).
// Node v20 is the oracle.
const { Client, Pool, types } = require('pg');
const steps = [
  async () => {
    const client = new Client();
    await client.connect();
    await client.query('DROP TABLE IF EXISTS items');
    await client.query('CREATE TABLE items (id serial PRIMARY KEY, name text UNIQUE NOT NULL, price numeric(10,2), tags text[], data jsonb, seen timestamptz, ok boolean)');
    const inserted = await client.query('INSERT INTO items (name, price, tags, data, seen, ok) VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12) RETURNING id, name',
      ['apple', 1.25, ['fruit', 'red'], { origin: 'tirol', n: [1, 2] }, new Date('2026-01-02T03:04:05Z'), true,
       'bread', '3.50', [], null, null, null]);
    console.log('insert', inserted.command, inserted.rowCount, JSON.stringify(inserted.rows));
    const selected = await client.query('SELECT * FROM items ORDER BY id');
    console.log('select', selected.rowCount, selected.fields.map((f) => `${f.name}:${f.dataTypeID}`).join(','));
    for (const row of selected.rows) console.log('  row', JSON.stringify(row), row.seen instanceof Date);
    const named = await client.query({ name: 'by-name', text: 'SELECT price FROM items WHERE name = $1', values: ['bread'] });
    console.log('prepared', JSON.stringify(named.rows));
    const arrays = await client.query({ text: 'SELECT 1 AS a, $1::text AS b', values: ['x'], rowMode: 'array' });
    console.log('rowMode', JSON.stringify(arrays.rows));
    try { await client.query('INSERT INTO items (name) VALUES ($1)', ['apple']); } catch (e) {
      console.log('unique', e.name, e.message, e.code, e.severity, e.constraint, e.table, e.detail);
    }
    try { await client.query('SELEC 1'); } catch (e) { console.log('syntax', e.message, e.code, e.position); }
    await client.query('BEGIN');
    await client.query('UPDATE items SET price = price * 2');
    await client.query('ROLLBACK');
    console.log('after rollback', JSON.stringify((await client.query('SELECT sum(price) AS total FROM items')).rows));
    const big = await client.query('SELECT generate_series(1, 2000) AS n, repeat($1, 100) AS filler', ['x']);
    console.log('many rows', big.rowCount, big.rows[1999].n, big.rows[0].filler.length);
    types.setTypeParser(1700, (value) => Number(value));
    console.log('type parser', JSON.stringify((await client.query('SELECT 2.5::numeric AS n')).rows));
    await client.end();
    console.log('client ended');
  },
  async () => {
    const pool = new Pool({ max: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => pool.query('SELECT $1::int * 10 AS v, pg_sleep(0.01)', [n])));
    console.log('pool', results.map((r) => r.rows[0].v).join(','), pool.totalCount <= 2);
    await pool.end();
    console.log('pool ended');
  },
  async () => {
    const client = new Client({ port: 1 });
    try { await client.connect(); } catch (e) { console.log('refused', e.message, e.code); }
  },
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })().catch((e) => console.log('failed', e.stack));
