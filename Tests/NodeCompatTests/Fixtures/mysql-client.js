// Debian's node-mysql against a real MariaDB on loopback (the test starts it; MYSQL_PORT says where).
// Node v20 is the oracle.
const mysql = require('mysql');
const options = { host: '127.0.0.1', port: Number(process.env.MYSQL_PORT), user: 'root', database: 'jshost' };
const query = (connection, sql, values) => new Promise((resolve, reject) =>
  connection.query(sql, values, (error, results, fields) => (error ? reject(error) : resolve([results, fields]))));
const steps = [
  async () => {
    const connection = mysql.createConnection(options);
    await new Promise((resolve, reject) => connection.connect((e) => (e ? reject(e) : resolve())));
    console.log('connected', connection.state, typeof connection.threadId);
    await query(connection, 'DROP TABLE IF EXISTS items');
    await query(connection, 'CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) UNIQUE NOT NULL, price DECIMAL(10,2), seen DATETIME, data JSON, ok BOOLEAN)');
    const [inserted] = await query(connection, 'INSERT INTO items (name, price, seen, data, ok) VALUES ?', [[
      ['apple', 1.25, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), JSON.stringify({ n: [1, 2] }), true],
      ['bread', '3.50', null, null, false],
    ]]);
    console.log('insert', inserted.affectedRows, inserted.insertId);
    const [rows, fields] = await query(connection, 'SELECT id, name, price, data, ok FROM items WHERE price > ? ORDER BY id', [1]);
    console.log('select', JSON.stringify(rows), fields.map((f) => `${f.name}:${f.type}`).join(','));
    const [escaped] = await query(connection, 'SELECT ?? AS col, ? AS val FROM items LIMIT 1', ['name', "it's"]);
    console.log('escaping', JSON.stringify(escaped), mysql.escape("a'b"), mysql.escapeId('x.y'), mysql.format('SELECT ? + ?', [1, 2]));
    try { await query(connection, 'INSERT INTO items (name) VALUES (?)', ['apple']); } catch (e) {
      console.log('duplicate', e.code, e.errno, e.sqlState, e.sqlMessage, e.fatal);
    }
    try { await query(connection, 'SELEC 1'); } catch (e) { console.log('syntax', e.code, e.errno, e.sqlState); }
    const [many] = await query(connection, 'SELECT seq AS n, REPEAT(?, 100) AS filler FROM seq_1_to_3000', ['y']);
    console.log('many rows', many.length, many[2999].n, many[0].filler.length);
    await new Promise((resolve) => connection.end(resolve));
    console.log('ended', connection.state);
  },
  async () => {
    const pool = mysql.createPool(Object.assign({ connectionLimit: 2 }, options));
    const results = await Promise.all([1, 2, 3, 4].map((n) => query(pool, 'SELECT ? * 10 AS v, SLEEP(0.01) AS s', [n])));
    console.log('pool', results.map(([r]) => r[0].v).join(','));
    await new Promise((resolve) => pool.end(resolve));
    console.log('pool ended');
  },
  async () => {
    const connection = mysql.createConnection(Object.assign({}, options, { port: 1 }));
    await new Promise((resolve) => connection.connect((e) => { console.log('refused', e.code, e.errno, e.syscall, e.fatal); resolve(); }));
  },
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })().catch((e) => console.log('failed', e.stack));
