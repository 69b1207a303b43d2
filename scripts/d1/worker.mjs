// The Worker behind the D1 emulator (scripts/d1/emulator.mjs): runs SQL on one of its real D1
// bindings (workerd's SQLite, as Cloudflare runs D1) and answers in the shape of Cloudflare's D1
// REST API. Only the emulator calls it: authentication, database ids, limits and faults are the
// emulator's; this Worker gets {binding, mode, statements} and executes.
//
//   mode "query": one result per statement {results: [row objects], success, meta}
//   mode "raw":   one result per statement {results: {columns, rows}, success, meta}
//   mode "wipe":  drops every object of the database (a database handed out again starts empty)
//   mode "size":  {size: bytes, tables: n}
// More than one statement runs as env[binding].batch(...): one transaction, as D1 runs a batch.

function ok(result) {
  return Response.json({ ok: true, result });
}

function failure(e) {
  return Response.json({ ok: false, message: String(e && e.message ? e.message : e) });
}

async function runRaw(db, s) {
  const stmt = db.prepare(s.sql).bind(...(s.params || []));
  const started = Date.now();
  const rows = await stmt.raw({ columnNames: true });
  const columns = rows.length > 0 ? rows.shift() : [];
  return { results: { columns, rows }, success: true, meta: { duration: Date.now() - started } };
}

async function wipe(db) {
  // Views and triggers first, then virtual tables (their shadow tables go with them), then tables.
  for (let round = 0; round < 5; round++) {
    const { results } = await db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND type IN ('table', 'view', 'trigger')")
      .all();
    if (results.length === 0) {
      return;
    }
    const rank = (o) => (o.type === "view" || o.type === "trigger" ? 0 : /^CREATE VIRTUAL/i.test(o.sql || "") ? 1 : 2);
    results.sort((a, b) => rank(a) - rank(b));
    for (const o of results) {
      const quoted = '"' + o.name.replace(/"/g, '""') + '"';
      try {
        await db.prepare(`DROP ${o.type.toUpperCase()} IF EXISTS ${quoted}`).run();
      } catch (e) {
        // a shadow table of a virtual table already dropped: the next round sees it gone
      }
    }
  }
  throw new Error("wipe: objects left after 5 rounds");
}

export default {
  async fetch(request, env) {
    const job = await request.json();
    const db = env[job.binding];
    if (!db) {
      return failure(`no binding ${job.binding}`);
    }
    try {
      if (job.mode === "wipe") {
        await wipe(db);
        return ok(null);
      }
      if (job.mode === "size") {
        const r = await db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all();
        return ok({ size: r.meta.size_after, tables: r.results[0].n });
      }
      const statements = job.statements;
      if (job.mode === "raw") {
        if (statements.length === 1) {
          return ok([await runRaw(db, statements[0])]);
        }
        // a batch is one transaction; raw rows come from the objects (same column order)
        const results = await db.batch(statements.map((s) => db.prepare(s.sql).bind(...(s.params || []))));
        return ok(results.map((r) => {
          const columns = r.results && r.results.length > 0 ? Object.keys(r.results[0]) : [];
          return { results: { columns, rows: (r.results || []).map((o) => columns.map((c) => o[c])) }, success: r.success, meta: r.meta };
        }));
      }
      if (statements.length === 1) {
        return ok([await db.prepare(statements[0].sql).bind(...(statements[0].params || [])).all()]);
      }
      return ok(await db.batch(statements.map((s) => db.prepare(s.sql).bind(...(s.params || [])))));
    } catch (e) {
      return failure(e);
    }
  },
};
