#!/usr/bin/env node
// A stand-in for Django in demo mode, for frontend work without the backend. NOT used by
// `make test`: the real e2e run goes against Django with the demo data.
//
//   npm run build && node e2e/mock-backend.mjs [port]      (default 8765)
//   E2E_BASE_URL=http://127.0.0.1:8765 npx playwright test
//
// It follows the contract the web app relies on: ../schema.graphql executed with graphql-js,
// dist/index.html for every SPA route (setting the `csrftoken` cookie), assets under /static/app/,
// POST /graphql/ and /o/<code>/graphql/ with the session cookie and the X-CSRFToken header
// (token rotated at login), 404 for an unknown organisation code, the demo accounts.
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, GraphQLError } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const schema = buildSchema(readFileSync(join(here, '..', '..', 'schema.graphql'), 'utf8'));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8765);

const PASSWORD = 'suiji-demo-2026';
const ORGS = [
  { code: '533100', name: '德宏州住房和城乡建设局', kind: 'PREFECTURE', parent: null },
  { code: '533103', name: '芒市住房和城乡建设局', kind: 'COUNTY', parent: '533100' },
  { code: '533102', name: '瑞丽市住房和城乡建设局', kind: 'COUNTY', parent: '533100' },
  { code: '533122', name: '梁河县住房和城乡建设局', kind: 'COUNTY', parent: '533100' },
  { code: '533123', name: '盈江县住房和城乡建设局', kind: 'COUNTY', parent: '533100' },
  { code: '533124', name: '陇川县住房和城乡建设局', kind: 'COUNTY', parent: '533100' },
];
const USERS = {
  'dehong.admin': { name: '德宏州管理员', roles: { '533100': ['PREFECTURE_ADMIN'] } },
  'dehong.auditor': { name: '德宏州审计', roles: { '533100': ['AUDITOR'] } },
  'mangshi.admin': { name: '芒市管理员', roles: { '533103': ['COUNTY_ADMIN'] } },
  'mangshi.inspector': { name: '芒市执法检查人员', roles: { '533103': ['INSPECTOR'] } },
  'multi.admin': { name: '芒市、瑞丽市管理员', roles: { '533103': ['COUNTY_ADMIN'], '533102': ['COUNTY_ADMIN'] } },
  'ruili.staff': { name: '瑞丽市业务科室', roles: { '533102': ['SECTION_STAFF'] } },
};

const byCode = new Map(ORGS.map((o) => [o.code, o]));
function organisation(code) {
  const o = byCode.get(code);
  if (!o) return null;
  return {
    id: btoa(`Organisation:${o.code}`),
    code: o.code,
    name: o.name,
    kind: o.kind,
    parent: () => (o.parent ? organisation(o.parent) : null),
    children: () => ORGS.filter((c) => c.parent === o.code).map((c) => organisation(c.code)),
  };
}

function accesses(username) {
  const user = USERS[username];
  const out = [];
  for (const [code, roles] of Object.entries(user.roles)) {
    out.push({ organisation: organisation(code), roles, readOnly: false });
    // Prefecture roles read the counties below, read-only.
    if (byCode.get(code).kind === 'PREFECTURE') {
      for (const child of ORGS.filter((c) => c.parent === code)) {
        if (!user.roles[child.code]) out.push({ organisation: organisation(child.code), roles: [], readOnly: true });
      }
    }
  }
  return out;
}

function me(username) {
  if (!username) return null;
  return { id: btoa(`Me:${username}`), username, displayName: USERS[username].name, organisations: accesses(username) };
}

const sessions = new Map(); // sessionid -> username
const failures = new Map(); // username -> failed attempts
const audit = new Map(ORGS.map((o) => [o.code, []]));

function requireOrgAccess(ctx) {
  if (!ctx.username) throw new GraphQLError('请先登录', { extensions: { code: 'UNAUTHENTICATED' } });
  const access = accesses(ctx.username).find((a) => a.organisation.code === ctx.org);
  if (!access) throw new GraphQLError('您在该组织中没有角色，无权访问', { extensions: { code: 'PERMISSION_DENIED' } });
  return access;
}

const root = {
  me: (_args, ctx) => me(ctx.username),
  currentOrganisation: (_args, ctx) => {
    if (!ctx.org) return null;
    requireOrgAccess(ctx);
    return organisation(ctx.org);
  },
  publicOrganisations: () => ORGS.map((o) => organisation(o.code)),
  auditRecords: ({ first = 50 }, ctx) => {
    const access = requireOrgAccess(ctx);
    const allowed = access.readOnly || access.roles.some((r) => ['PREFECTURE_ADMIN', 'COUNTY_ADMIN', 'AUDITOR'].includes(r));
    if (!allowed) throw new GraphQLError('您没有查看审计日志的权限', { extensions: { code: 'PERMISSION_DENIED' } });
    const rows = audit.get(ctx.org).slice(-first).reverse();
    return {
      edges: rows.map((r) => ({ cursor: String(r.seq), node: r })),
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    };
  },
  job: ({ id }) => ({ id, kind: 'demo', status: 'SUCCEEDED', progress: 100, message: '完成' }),
  login: ({ username, password }, ctx) => {
    const count = failures.get(username) ?? 0;
    if (count >= 5) {
      return { me: null, errors: [{ field: null, code: 'throttled', message: '登录失败次数过多，请稍后再试' }] };
    }
    if (!USERS[username] || password !== PASSWORD) {
      failures.set(username, count + 1);
      return { me: null, errors: [{ field: null, code: 'invalid_credentials', message: '用户名或密码错误。' }] };
    }
    failures.delete(username);
    ctx.login(username);
    for (const code of Object.keys(USERS[username].roles)) {
      const rows = audit.get(code);
      rows.push({ id: btoa(`AuditRecord:${rows.length + 1}`), seq: rows.length + 1, at: new Date().toISOString(), actor: username, operation: 'login', objectType: 'user', objectId: username });
    }
    return { me: me(username), errors: [] };
  },
  logout: (_args, ctx) => {
    ctx.logout();
    return { ok: true, errors: [] };
  },
  createOrganisation: () => ({ job: null, errors: [{ field: null, code: 'not_supported', message: '演示服务不支持' }] }),
};

function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

const token = () => randomBytes(16).toString('hex');
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.html': 'text/html; charset=utf-8', '.png': 'image/png' };

function sendIndex(req, res, status = 200) {
  const headers = { 'Content-Type': 'text/html; charset=utf-8' };
  if (!cookies(req).csrftoken) headers['Set-Cookie'] = `csrftoken=${token()}; Path=/; SameSite=Lax`;
  res.writeHead(status, headers).end(readFileSync(join(dist, 'index.html')));
}

async function handleGraphQL(req, res, org) {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const jar = cookies(req);
  if (!jar.csrftoken || req.headers['x-csrftoken'] !== jar.csrftoken) {
    return res.writeHead(403, { 'Content-Type': 'text/plain' }).end('CSRF verification failed');
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const { query, variables, operationName } = JSON.parse(body);
  const setCookies = [];
  const ctx = {
    org,
    username: sessions.get(jar.sessionid) ?? null,
    login(username) {
      const sid = token();
      sessions.set(sid, username);
      this.username = username;
      setCookies.push(`sessionid=${sid}; Path=/; HttpOnly; SameSite=Lax`, `csrftoken=${token()}; Path=/; SameSite=Lax`);
    },
    logout() {
      sessions.delete(jar.sessionid);
      this.username = null;
      setCookies.push('sessionid=; Path=/; Max-Age=0', `csrftoken=${token()}; Path=/; SameSite=Lax`);
    },
  };
  const result = await graphql({ schema, source: query, variableValues: variables, operationName, rootValue: root, contextValue: ctx });
  res.writeHead(200, { 'Content-Type': 'application/json', ...(setCookies.length ? { 'Set-Cookie': setCookies } : {}) });
  res.end(JSON.stringify(result));
}

createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/graphql/') return void handleGraphQL(req, res, null);
  const orgMatch = /^\/o\/([^/]+)\//.exec(path);
  if (orgMatch && path === `${orgMatch[0]}graphql/`) {
    if (!byCode.has(decodeURIComponent(orgMatch[1]))) return void res.writeHead(404).end('Not Found');
    return void handleGraphQL(req, res, decodeURIComponent(orgMatch[1]));
  }
  // An unknown organisation: 404, with the app's own page saying so (and a link back).
  if (orgMatch && !byCode.has(decodeURIComponent(orgMatch[1]))) return sendIndex(req, res, 404);
  if (path.startsWith('/static/app/')) {
    const file = normalize(join(dist, path.slice('/static/app/'.length)));
    if (file.startsWith(dist) && existsSync(file) && statSync(file).isFile()) {
      return void res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    }
    return void res.writeHead(404).end('Not Found');
  }
  return sendIndex(req, res);
}).listen(port, '127.0.0.1', () => console.log(`mock backend on http://127.0.0.1:${port}/`));
