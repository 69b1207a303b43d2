// A local stand-in for Cloudflare's D1 REST API, for AgentDB's tests (started by
// scripts/backends.sh, backend "d1"). SQL runs on real D1: Miniflare's workerd with D1 bindings
// (worker.mjs); this process is the API in front of it, with Cloudflare's shapes:
//
//   POST   /client/v4/accounts/{account}/d1/database/{id}/query  {"sql","params"} | {"batch":[{"sql","params"}]}
//   POST   /client/v4/accounts/{account}/d1/database/{id}/raw    same bodies; results as {columns, rows}
//   POST   /client/v4/accounts/{account}/d1/database             {"name"}: creates a database
//   GET    /client/v4/accounts/{account}/d1/database[/{id}]       lists / describes
//   DELETE /client/v4/accounts/{account}/d1/database/{id}         deletes
//
// Envelope {"success","result","errors":[{"code","message"}],"messages"}; a bearer token is
// required (401, code 10000, when wrong); an unknown account or database is a 404 (7003, 7404);
// SQL errors are HTTP 400 with D1's message (code 7500). D1's documented limits are checked
// before executing: more than 100 bound parameters, SQL over 100,000 bytes, a string parameter
// over 2,000,000 bytes (workerd also refuses the first itself; the others are Cloudflare's).
// Databases come from a fixed pool of D1 bindings (AGENTDB_D1_DATABASES, default 32), wiped when
// handed out, so that tests can create and delete one per test cheaply; data lives in memory
// until the emulator stops.
//
// Test controls (not Cloudflare's): POST /__emulator/faults {"rate":0.1,"kinds":["429","500",
// "drop-before","drop-after","slow"],"slowMs":1500} injects faults into that share of API
// requests ({"rate":0} turns them off); GET /__emulator/faults and GET /__emulator/stats report
// what was injected and served.
//
// Settings: AGENTDB_D1_PORT (18787), AGENTDB_D1_TOKEN, AGENTDB_D1_ACCOUNT, AGENTDB_D1_DATABASES.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";

const PORT = Number(process.env.AGENTDB_D1_PORT || 18787);
const TOKEN = process.env.AGENTDB_D1_TOKEN || "agentdb-emulator-token";
const ACCOUNT = process.env.AGENTDB_D1_ACCOUNT || "0123456789abcdef0123456789abcdef";
const POOL = Number(process.env.AGENTDB_D1_DATABASES || 32);
/** The database that exists from the start, named "agentdb" (the URL `backends.sh env` prints). */
const FIRST_ID = "00000000-0000-4000-8000-000000000001";

const MAX_PARAMS = 100;
const MAX_SQL_BYTES = 100_000;
const MAX_VALUE_BYTES = 2_000_000;
const MAX_BODY_BYTES = 100 * 1024 * 1024;

const bindings = Array.from({ length: POOL }, (_, i) => `DB${String(i).padStart(2, "0")}`);
const mf = new Miniflare({
  modules: true,
  modulesRoot: dirname(fileURLToPath(import.meta.url)),
  scriptPath: join(dirname(fileURLToPath(import.meta.url)), "worker.mjs"),
  d1Databases: bindings,
});
await mf.ready;

/** id -> {binding, name, created_at} */
const databases = new Map();
const free = [...bindings];
const stats = { requests: 0, statements: 0, faults: { "429": 0, "500": 0, "drop-before": 0, "drop-after": 0, slow: 0 } };
let faults = { rate: 0, kinds: [], slowMs: 1500 };

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function worker(job) {
  const res = await mf.dispatchFetch("http://d1-emulator.internal/", { method: "POST", body: JSON.stringify(job) });
  const out = await res.json();
  if (!out.ok) {
    throw new ApiError(400, 7500, out.message);
  }
  return out.result;
}

async function create(name, id = randomUUID()) {
  if (typeof name !== "string" || name.length === 0) {
    throw new ApiError(400, 7400, "The request is malformed: name is required");
  }
  for (const d of databases.values()) {
    if (d.name === name) {
      throw new ApiError(400, 7502, `A database with that name already exists: ${name}`);
    }
  }
  const binding = free.shift();
  if (!binding) {
    throw new ApiError(400, 7406, `The emulator's ${POOL} databases are all in use (AGENTDB_D1_DATABASES)`);
  }
  await worker({ binding, mode: "wipe" });
  const info = { binding, name, created_at: new Date().toISOString() };
  databases.set(id, info);
  return describe(id, info);
}

async function describe(id, info) {
  const size = await worker({ binding: info.binding, mode: "size" });
  return { uuid: id, name: info.name, created_at: info.created_at, version: "production", num_tables: size.tables, file_size: size.size };
}

function database(id) {
  const info = databases.get(id);
  if (!info) {
    throw new ApiError(404, 7404, `The database ${id} could not be found`);
  }
  return info;
}

function statement(s) {
  if (!s || typeof s.sql !== "string") {
    throw new ApiError(400, 7400, "The request is malformed: sql is required");
  }
  const params = s.params === undefined || s.params === null ? [] : s.params;
  if (!Array.isArray(params)) {
    throw new ApiError(400, 7400, "The request is malformed: params must be an array");
  }
  if (Buffer.byteLength(s.sql, "utf8") > MAX_SQL_BYTES) {
    throw new ApiError(400, 7500, "D1_ERROR: statement too long: SQLITE_TOOBIG");
  }
  if (params.length > MAX_PARAMS) {
    throw new ApiError(400, 7500, `D1_ERROR: too many SQL variables at offset ${s.sql.length}: SQLITE_ERROR`);
  }
  for (const p of params) {
    if (typeof p === "string" && Buffer.byteLength(p, "utf8") > MAX_VALUE_BYTES) {
      throw new ApiError(400, 7500, "D1_ERROR: string or blob too big: SQLITE_TOOBIG");
    }
    if (p !== null && typeof p === "object") {
      throw new ApiError(400, 7500, `D1_TYPE_ERROR: Type 'object' not supported for value '${String(p)}'`);
    }
  }
  return { sql: s.sql, params };
}

async function query(id, body, mode) {
  const info = database(id);
  const statements = Array.isArray(body.batch) ? body.batch.map(statement) : [statement(body)];
  if (statements.length === 0) {
    throw new ApiError(400, 7400, "The request is malformed: empty batch");
  }
  stats.statements += statements.length;
  return worker({ binding: info.binding, mode, statements });
}

async function route(method, path, body) {
  const m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/d1\/database(?:\/([^/]+))?(?:\/(query|raw))?\/?$/);
  if (!m) {
    throw new ApiError(404, 7000, `No route for that URI: ${path}`);
  }
  const [, account, id, op] = m;
  if (account !== ACCOUNT) {
    throw new ApiError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
  }
  if (op) {
    if (method !== "POST") throw new ApiError(405, 10405, "Method not allowed");
    return query(id, body || {}, op);
  }
  if (!id) {
    if (method === "POST") return create((body || {}).name);
    if (method === "GET") return Promise.all([...databases].map(([i, info]) => describe(i, info)));
    throw new ApiError(405, 10405, "Method not allowed");
  }
  if (method === "GET") return describe(id, database(id));
  if (method === "DELETE") {
    const info = database(id);
    databases.delete(id);
    await worker({ binding: info.binding, mode: "wipe" });
    free.push(info.binding);
    return null;
  }
  throw new ApiError(405, 10405, "Method not allowed");
}

function send(res, status, payload, headers = {}) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function envelope(result) {
  return { success: true, result, errors: [], messages: [] };
}

function errorEnvelope(code, message) {
  return { success: false, result: null, errors: [{ code, message }], messages: [] };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 7400, "Request body too large"));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function pickFault() {
  if (faults.rate <= 0 || faults.kinds.length === 0 || Math.random() >= faults.rate) {
    return null;
  }
  const kind = faults.kinds[Math.floor(Math.random() * faults.kinds.length)];
  stats.faults[kind] = (stats.faults[kind] || 0) + 1;
  return kind;
}

async function control(req, res, path) {
  if (path === "/__emulator/faults") {
    if (req.method === "POST") {
      const body = JSON.parse((await readBody(req)) || "{}");
      faults = { rate: Number(body.rate || 0), kinds: body.kinds || [], slowMs: Number(body.slowMs || 1500) };
    }
    return send(res, 200, { ...faults, injected: stats.faults });
  }
  if (path === "/__emulator/stats") {
    return send(res, 200, { ...stats, databases: databases.size, free: free.length });
  }
  return send(res, 404, errorEnvelope(7000, "No route"));
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  try {
    if (path.startsWith("/__emulator/")) {
      return await control(req, res, path);
    }
    stats.requests++;
    const text = await readBody(req);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(res, 401, errorEnvelope(10000, "Authentication error"));
    }
    let body = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        return send(res, 400, errorEnvelope(7400, "The request is malformed: invalid JSON"));
      }
    }
    const fault = pickFault();
    if (fault === "429") {
      return send(res, 429, errorEnvelope(971, "Please wait and consider throttling your request speed"));
    }
    if (fault === "500") {
      return send(res, 500, errorEnvelope(7500, "Internal error"));
    }
    if (fault === "drop-before") {
      return req.socket.destroy();
    }
    if (fault === "slow") {
      await new Promise((r) => setTimeout(r, faults.slowMs));
    }
    const result = await route(req.method, path, body);
    if (fault === "drop-after") {
      return req.socket.destroy(); // executed, answer lost
    }
    return send(res, 200, envelope(result));
  } catch (e) {
    if (e instanceof ApiError) {
      return send(res, e.status, errorEnvelope(e.code, e.message));
    }
    return send(res, 500, errorEnvelope(7500, `Internal error: ${e && e.message}`));
  }
});
await create("agentdb", FIRST_ID);
server.keepAliveTimeout = 60_000;
server.listen(PORT, "127.0.0.1", () => {
  console.log(`d1-emulator: ready on http://127.0.0.1:${PORT} (account ${ACCOUNT}, ${POOL} databases)`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    server.close();
    await mf.dispose();
    process.exit(0);
  });
}
