// Validates real responses of a running p15-service against swagger/openapi.yaml.
//
//   node validate_responses.mjs --spec openapi.yaml --cases cases.json
//       cases.json: [{"base": "http://127.0.0.1:PORT", "path": "/raw/path", "status": 200,
//                     "fields": {"kind": "stale"}, "headers": {"Authorization": "Bearer x"},
//                     "method": "PUT", "body": "{...}", "content_type": "application/json"}]
//                   (fields: optional top-level JSON values; headers: optional request headers;
//                   method GET unless given; body and content_type sent as is)
//       Sends each case in order and checks: the status is the expected one and is documented
//       for the operation; the headers the response documents are present (WWW-Authenticate on
//       a 401); the Content-Type is one the response documents; a JSON body validates
//       against the response's schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses); YAML
//       parses. A request body the service accepted must satisfy the operation's requestBody
//       schema, and a JSON one it refused with 400 must not (the spec and the service agree on
//       what is valid). Also checks every example in the spec (responses and request bodies)
//       against its schema, and that the cases exercised every operation of the spec.
//   node validate_responses.mjs --spec openapi.yaml --self-test
//       Shows the checker rejects bodies that break the spec (and accepts one that does not).
//
// Packages come from swagger/node_modules (P15_SWAGGER_DIR). Exit code 0 only when all passed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const swaggerDir = process.env.P15_SWAGGER_DIR;
if (!swaggerDir) throw new Error("P15_SWAGGER_DIR must name the swagger/ directory");
const require = createRequire(path.join(swaggerDir, "package.json"));
const SwaggerParser = require("@apidevtools/swagger-parser");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const YAML = require("yaml");

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function serverOf(item, spec) {
  const servers = item.servers?.length ? item.servers : spec.servers;
  return (servers?.[0]?.url ?? "").replace(/\/+$/, "");
}

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Every operation with the regex of its full path; literal paths are tried before templated ones
// so that /ui/ is not taken for /ui/{file}.
function operations(spec) {
  const ops = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    const full = serverOf(item, spec) + p;
    const pattern = full.split(/\{[^}]+\}/).map(escapeRegex).join("[^/]+");
    for (const method of METHODS) {
      if (!item[method]) continue;
      ops.push({ key: `${method.toUpperCase()} ${p}`, method, full, templated: full.includes("{"),
                 regex: new RegExp(`^${pattern}$`), op: item[method] });
    }
  }
  return ops.sort((a, b) => a.templated - b.templated);
}

function makeAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);  // OpenAPI's own
  return ajv;
}

function schemaErrors(ajv, schema, value) {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return validate.errors.map((e) => `${e.instancePath || "(body)"} ${e.message}` +
    (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : "") +
    (e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : "") +
    (e.params?.unevaluatedProperty ? ` (${e.params.unevaluatedProperty})` : ""));
}

// The problems of one response against the spec; [] when it conforms.
export function checkResponse(spec, ajv, { method, rawPath, status, contentType, body,
                                            headers = {} }) {
  // The query string is the operation's parameters, not its path.
  const pathOnly = rawPath.split("?")[0];
  const found = operations(spec).find((o) => o.method === method && o.regex.test(pathOnly));
  if (!found) return { key: null, problems: [`no operation in the spec for ${method} ${rawPath}`] };
  const response = found.op.responses[String(status)] ?? found.op.responses.default;
  if (!response) {
    return { key: found.key, problems: [`status ${status} is not documented for ${found.key}`] };
  }
  const problems = [];
  for (const name of Object.keys(response.headers ?? {})) {
    if (headers[name.toLowerCase()] === undefined) problems.push(`header ${name} is missing`);
  }
  const media = (contentType ?? "").split(";")[0].trim();
  if (!response.content) {
    if (body.length) problems.push(`${status} documents no body but got ${body.length} bytes`);
    return { key: found.key, problems };
  }
  const documented = response.content[media];
  if (!documented) {
    problems.push(`Content-Type "${media}" is not among ${Object.keys(response.content)}`);
    return { key: found.key, problems };
  }
  if (media === "application/json") {
    let value;
    try {
      value = JSON.parse(body.toString("utf8"));
    } catch (e) {
      return { key: found.key, problems: [`body is not JSON: ${e.message}`] };
    }
    problems.push(...schemaErrors(ajv, documented.schema, value));
  } else if (media === "application/yaml") {
    const doc = YAML.parse(body.toString("utf8"));
    if (!doc?.openapi) problems.push("YAML body has no openapi field");
  } else if (media === "text/event-stream") {
    // A stream that never ends: the cases read up to its first event, whose data must fit the
    // schema the spec names beside the media type.
    const frame = /^event: (\S+)\nid: \d+\n((?:data: .*\n)+)\n/m.exec(body.toString("utf8"));
    if (!frame) return { key: found.key, problems: ["no complete event in the stream"] };
    const data = frame[2].split("\n").filter((l) => l).map((l) => l.slice(6)).join("\n");
    const schema = documented["x-p15-event-data"];
    if (schema) problems.push(...schemaErrors(ajv, schema, JSON.parse(data)).map((p) => `event data ${p}`));
  } else if (media === "text/html" && !/<html/i.test(body.toString("utf8"))) {
    problems.push("text/html body has no <html>");
  } else if (body.length === 0) {
    problems.push("empty body");
  }
  return { key: found.key, problems };
}

// Every example in the responses must satisfy its own schema: a wrong example misleads readers.
function exampleProblems(spec, ajv) {
  const problems = [];
  for (const o of operations(spec)) {
    for (const [status, response] of Object.entries(o.op.responses)) {
      for (const [media, content] of Object.entries(response.content ?? {})) {
        const examples = Object.entries(content.examples ?? {}).map(([n, e]) => [n, e.value]);
        if (content.example !== undefined) examples.push(["example", content.example]);
        for (const [name, value] of examples) {
          for (const p of schemaErrors(ajv, content.schema, value)) {
            problems.push(`${o.key} ${status} ${media} ${name}: ${p}`);
          }
        }
      }
    }
    for (const [media, content] of Object.entries(o.op.requestBody?.content ?? {})) {
      const examples = Object.entries(content.examples ?? {}).map(([n, e]) => [n, e.value]);
      if (content.example !== undefined) examples.push(["example", content.example]);
      for (const [name, value] of examples) {
        for (const p of schemaErrors(ajv, content.schema, value)) {
          problems.push(`${o.key} request ${media} ${name}: ${p}`);
        }
      }
    }
  }
  return problems;
}

// What the spec says about a request body the service accepted (2xx) or refused (400).
export function requestProblems(spec, ajv, { method, rawPath, status, contentType, body }) {
  // The query string is the operation's parameters, not its path.
  const pathOnly = rawPath.split("?")[0];
  const found = operations(spec).find((o) => o.method === method && o.regex.test(pathOnly));
  const content = found?.op.requestBody?.content;
  if (!content || body === undefined) return [];
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined;
  }
  const documented = content[media];
  if (status >= 200 && status < 300) {
    if (!documented) return [`accepted a request body of type "${media}" the spec does not list`];
    if (value === undefined) return ["accepted a request body that is not JSON"];
    return schemaErrors(ajv, documented.schema, value).map((p) => `accepted request body: ${p}`);
  }
  if (status === 400 && documented && value !== undefined &&
      schemaErrors(ajv, documented.schema, value).length === 0) {
    return ["refused a request body the spec's schema accepts"];
  }
  return [];
}

// The start of an event stream, up to its first complete event (or 10 s), then the connection
// is dropped.
async function firstEvent(res, abort) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 10000;
  while (!/^event: .*\nid: .*\n(data: .*\n)+\n/m.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  abort.abort();
  return Buffer.from(text);
}

async function runCases(spec, ajv, cases) {
  let passed = 0;
  let failed = 0;
  const hit = new Set();
  const report = (ok, text) => {
    console.log(`${ok ? "ok  " : "FAIL"} ${text}`);
    ok ? passed++ : failed++;
  };
  for (const c of cases) {
    const method = (c.method ?? "GET").toLowerCase();
    const init = { method: method.toUpperCase(), redirect: "manual", headers: { ...(c.headers ?? {}) } };
    if (c.body !== undefined) init.body = c.body;
    if (c.content_type !== undefined) init.headers["content-type"] = c.content_type;
    const abort = new AbortController();
    const res = await fetch(c.base + c.path, { ...init, signal: abort.signal });
    const body = c.stream ? await firstEvent(res, abort) : Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get("content-type");
    const headers = Object.fromEntries(res.headers.entries());  // names in lower case
    const { key, problems } = checkResponse(spec, ajv, {
      method, rawPath: c.path, status: res.status, contentType, body, headers });
    problems.push(...requestProblems(spec, ajv, {
      method, rawPath: c.path, status: res.status, contentType: c.content_type, body: c.body }));
    if (key) hit.add(key);
    if (res.status !== c.status) problems.unshift(`expected status ${c.status}, got ${res.status}`);
    if (c.fields) {
      const value = JSON.parse(body.toString("utf8") || "null");
      for (const [k, v] of Object.entries(c.fields)) {
        if (value?.[k] !== v) problems.push(`expected ${k}=${JSON.stringify(v)}, got ${JSON.stringify(value?.[k])}`);
      }
    }
    const auth = c.headers?.Authorization ? " (with a token)" : "";
    const what = `${method.toUpperCase()} ${c.path}${auth} -> ${res.status} ${contentType} (${key ?? "?"})`;
    report(problems.length === 0, what + problems.map((p) => `\n       ${p}`).join(""));
  }
  for (const p of exampleProblems(spec, ajv)) report(false, `example: ${p}`);
  for (const o of operations(spec)) {
    if (!hit.has(o.key)) report(false, `operation never exercised by a real request: ${o.key}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}

function selfTest(spec, ajv) {
  const json = (value) => Buffer.from(JSON.stringify(value));
  const battery = { status: "Charging", battery_power_w: -500, percentage_charged: 66.7,
    energy_left_wh: 9000, backup_reserve_wh: 2700, time_to_full_h: 9, time_to_empty_h: null,
    time_to_reserve_h: null, row_id: 1, age_s: 6 };
  const base = { method: "get", rawPath: "/project_15th_street/battery-status",
                 contentType: "application/json", status: 200 };
  const { age_s, ...noAge } = battery;
  const cases = [
    ["a conforming body", true, { ...base, body: json(battery) }],
    ["an unknown status value", false, { ...base, body: json({ ...battery, status: "Exploding" }) }],
    ["a missing required field", false, { ...base, body: json(noAge) }],
    ["an undocumented extra field", false, { ...base, body: json({ ...battery, vin: "x" }) }],
    ["a string where a number belongs", false, { ...base, body: json({ ...battery, row_id: "1" }) }],
    ["an undocumented status", false, { ...base, status: 418, body: json(battery) }],
    ["an undocumented content type", false, { ...base, contentType: "text/plain", body: json(battery) }],
    ["a refusal of an unknown kind", false,
     { ...base, status: 503, body: json({ error: "x", kind: "weird" }) }],
    ["a path the spec does not have", false, { ...base, rawPath: "/project_15th_street/nope", body: json({}) }],
    ["a 401 on an operation that needs no token", false,
     { ...base, status: 401, body: json({ error: "no token" }) }],
    ["a 401 without its WWW-Authenticate header", false,
     { ...base, rawPath: "/project_15th_street/start-poll", status: 401,
       body: json({ error: "no token" }) }],
    ["a poll start without its message", false,
     { ...base, rawPath: "/project_15th_street/start-poll",
       body: json({ running: true, cycles: 0, interval_s: 1, last_cycle_at: null, last_result: null, started: true }) }],
  ];
  const mode = { vin: "5YJ3E1EA1KF000001", mode: "plan", departure: "07:30", target_soc: 80,
    source: "stored", updated_at: "2026-11-23T21:04:10Z", policy: "smart" };
  const modePath = "/project_15th_street/vehicles/5YJ3E1EA1KF000001/charge-mode";
  const modeBase = { ...base, rawPath: modePath };
  const put = { method: "put", rawPath: modePath, contentType: "application/json" };
  cases.push(
    ["a conforming charge mode", true, { ...modeBase, body: json(mode) }],
    ["an unknown charge mode", false, { ...modeBase, body: json({ ...mode, mode: "turbo" }) }],
    ["a departure that is not HH:MM", false, { ...modeBase, body: json({ ...mode, departure: "7:30" }) }],
    ["a target above 100 %", false, { ...modeBase, body: json({ ...mode, target_soc: 101 }) }],
    ["a charge-mode 404 of another kind", false,
     { ...modeBase, status: 404, body: json({ error: "x", kind: "stale" }) }],
  );
  // Request bodies: what the service accepted must fit the spec, what it refused must not.
  const requests = [
    ["an accepted plan", true, { ...put, status: 200, body: '{"mode":"plan","departure":"07:30","target_soc":80}' }],
    ["an accepted plan without departure", false, { ...put, status: 200, body: '{"mode":"plan"}' }],
    ["an accepted unknown field", false, { ...put, status: 200, body: '{"mode":"fast","colour":"red"}' }],
    ["an accepted text/plain body", false, { ...put, status: 200, contentType: "text/plain", body: '{"mode":"fast"}' }],
    ["a refused valid body", false, { ...put, status: 400, body: '{"mode":"solar+min"}' }],
    ["a refused bad target", true, { ...put, status: 400, body: '{"mode":"solar","target_soc":0}' }],
  ];
  for (const [name, shouldPass, input] of requests) {
    cases.push([name, shouldPass, { ...input, check: "request" }]);
  }
  let failed = 0;
  for (const [name, shouldPass, input] of cases) {
    const { problems } = input.check === "request"
      ? { problems: requestProblems(spec, ajv, input) } : checkResponse(spec, ajv, input);
    const ok = (problems.length === 0) === shouldPass;
    if (!ok) failed++;
    console.log(`${ok ? "ok  " : "FAIL"} ${shouldPass ? "accepts" : "rejects"} ${name}` +
                (problems.length ? `: ${problems.join("; ")}` : ""));
  }
  console.log(`${cases.length - failed} passed, ${failed} failed`);
  return failed === 0;
}

async function main() {
  const specPath = arg("--spec");
  // validate() checks the document against the OpenAPI schema and resolves every $ref.
  const spec = await SwaggerParser.validate(specPath);
  const ajv = makeAjv();
  if (process.argv.includes("--self-test")) return selfTest(spec, ajv);
  return runCases(spec, ajv, JSON.parse(readFileSync(arg("--cases"), "utf8")));
}

main().then((ok) => process.exit(ok ? 0 : 1), (e) => {
  console.error(`FAIL ${e.stack ?? e}`);
  process.exit(1);
});
