// Drives Debian's Chromium (headless, through playwright-core) through the owner's page on a
// running p15-service fed by p15-collector and p15-sim (issue 17's proof):
//   every card shows data; one /events connection gets three states over three cycles; a mode
//   pressed in the page is stored and the next decision reports it; an alert appears while the
//   collector is stopped (SIGSTOP) and clears when it resumes (SIGCONT); the sessions CSV adds
//   up to /savings; screenshots at 1280 and 390 px; axe-core finds no serious or critical issue.
//
//   node home_page_browser.mjs --base http://127.0.0.1:PORT --root /project_15th_street
//        --artifacts DIR --collector-pid PID [--timeout-ms 60000] [--token TOKEN]
//
// Packages: playwright-core from swagger/node_modules (P15_SWAGGER_DIR), axe-core from
// web/node_modules (P15_WEB_DIR). Exit code 0 only when every check passed.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.P15_SWAGGER_DIR, "package.json"));
const { chromium } = require("playwright-core");
const axePath = path.join(process.env.P15_WEB_DIR, "node_modules", "axe-core", "axe.min.js");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const base = arg("--base");
const root = arg("--root", "/project_15th_street");
const artifacts = arg("--artifacts", ".");
const collectorPid = Number(arg("--collector-pid", "0"));
const timeout = Number(arg("--timeout-ms", "60000"));
const token = arg("--token", "");
const CHROMIUM = process.env.P15_CHROMIUM ?? "/usr/bin/chromium";
const pageUrl = `${base}${root}/home/`;

let failed = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed++;
  return ok;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function api(p, opts = {}) {
  const res = await fetch(`${base}${root}/${p}`, opts);
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}
// Polls `fn` (in the page) until it returns a truthy value or the time is up.
async function until(page, fn, arg, what, ms = timeout) {
  try {
    return await page.waitForFunction(fn, arg, { timeout: ms, polling: 250 });
  } catch (e) {
    check(false, `${what}: not within ${ms} ms`);
    return null;
  }
}

async function cardsShowData(page) {
  await until(page, () => window.p15Home && window.p15Home.events > 0, null, "a first state event");
  await until(page, () => !/^–$/.test(document.getElementById("solar-w").textContent) &&
    !/^–$/.test(document.getElementById("car-soc").textContent), null, "the power flow and the car");
  const text = async (id) => (await page.locator(`#${id}`).innerText()).trim();
  check(/kW$/.test(await text("solar-w")), `power flow: solar ${await text("solar-w")}, grid ${await text("grid-w")} ${await text("grid-sub")}`);
  check(/%/.test(await text("powerwall-soc")), `Powerwall: ${await text("powerwall-soc")} charged, reserve ${await text("powerwall-reserve")}`);
  check(/%/.test(await text("car-soc")), `car: ${await text("car-soc")}, ${await text("car-amps")}, plugged in ${await text("car-plugged")}, ${await text("car-state")}`);
  check((await text("decision-text")).length > 3 && !(await text("decision-text")).startsWith("no decision"),
    `decision in words: "${await text("decision-text")}"`);
  await until(page, () => document.querySelector("#today-chart canvas") &&
    /five-minute points/.test(document.getElementById("today-summary").textContent), null, "today's chart");
  check(await page.locator("#today-chart canvas").count() > 0, `today: ${await text("today-summary")}`);
  await until(page, () => document.querySelectorAll("#savings-periods .period").length === 3, null, "three savings periods");
  const periods = await page.locator("#savings-periods .period h3").allInnerTexts();
  check(periods.join(",") === "Today,This month,This year", `savings periods: ${periods.join(", ")}`);
  await until(page, () => document.querySelectorAll("#sessions-body tr td").length >= 6 &&
    !/Loading|unavailable/.test(document.getElementById("sessions-body").textContent), null, "the sessions table");
  check(/\$/.test(await text("sessions-body")), `sessions: ${(await text("sessions-body")).split("\n")[0]}`);
  await until(page, () => /monthly credit/.test(document.getElementById("usage-summary").textContent), null, "Tesla API use");
  check(/monthly credit/.test(await text("usage-summary")), `Tesla API use: ${await text("usage-summary")}`);
}

// One EventSource, three states, three different decisions (cycles), no reconnection.
async function oneConnectionThreeEvents(page) {
  const start = await page.evaluate(() => ({ events: window.p15Home.events, opens: window.p15Home.opens,
    id: window.p15Home.lastState && window.p15Home.lastState.decision && window.p15Home.lastState.decision.record_id }));
  const seen = await page.evaluate(async ([n, ms]) => {
    const ids = new Set();
    const t0 = Date.now();
    let last = window.p15Home.events;
    while (Date.now() - t0 < ms && ids.size < n) {
      await new Promise((r) => setTimeout(r, 100));
      if (window.p15Home.events !== last) {
        last = window.p15Home.events;
        const d = window.p15Home.lastState.decision;
        if (d) ids.add(d.record_id);
      }
    }
    return { ids: [...ids], events: window.p15Home.events, opens: window.p15Home.opens };
  }, [3, timeout]);
  check(seen.ids.length >= 3, `three cycles pushed: decisions ${seen.ids.join(", ")} (${seen.events - start.events} events)`);
  check(seen.opens === 1 && start.opens === 1, `over one /events connection (opened ${seen.opens} time(s))`);
}

async function modeChangeIsStoredAndDecided(page) {
  if (token) {
    await page.locator("#token-box summary").click();
    await page.locator("#token-input").fill(token);
    await page.locator("#token-form button[type=submit]").click();
  }
  const before = Date.now();
  await page.locator(".mode-buttons button[data-mode='fast']").click();
  await until(page, () => /^Saved/.test(document.getElementById("mode-message").textContent), null, "the mode saved");
  check(/^Saved/.test(await page.locator("#mode-message").innerText()), `page: ${await page.locator("#mode-message").innerText()}`);
  const stored = JSON.parse((await api(`home/state`)).text).mode;
  check(stored.mode === "fast" && stored.source === "stored", `stored: mode ${stored.mode}, ${stored.source}`);
  const h = await until(page, (t0) => {
    const d = window.p15Home.lastState && window.p15Home.lastState.decision;
    return d && Date.parse(d.decided_at) >= Math.floor(t0 / 1000) * 1000 && /mode fast/.test(d.reason) ? d : null;
  }, before, "a decision in fast mode");
  if (h) {
    const d = await h.jsonValue();
    check(true, `next decision reports it: ${d.amps} A, "${d.reason}" (${d.explanation})`);
  }
  check(await page.locator(".mode-buttons button[data-mode='fast']").getAttribute("aria-pressed") === "true",
    "the Fast button is pressed");
  // Back to solar, so the rest of the run charges as it did.
  await page.locator(".mode-buttons button[data-mode='solar']").click();
  await until(page, () => /mode solar/.test(document.getElementById("mode-message").textContent), null, "back to solar");
}

async function alertWhileCollectorStopped(page) {
  if (!check(collectorPid > 0, `collector pid ${collectorPid}`)) return;
  process.kill(collectorPid, "SIGSTOP");
  const t0 = Date.now();
  const shown = await until(page, () => document.querySelector("#alerts-list li[data-kind='collector_stale']"),
    null, "the collector_stale alert");
  if (shown) {
    const text = await page.locator("#alerts-list li[data-kind='collector_stale']").innerText();
    check(true, `alert shown ${Math.round((Date.now() - t0) / 1000)} s after the collector stopped: ${text.replace(/\s+/g, " ")}`);
    await page.screenshot({ path: path.join(artifacts, "home-alert.png"), fullPage: true });
  }
  process.kill(collectorPid, "SIGCONT");
  const t1 = Date.now();
  const cleared = await until(page, () => !document.querySelector("#alerts-list li[data-kind='collector_stale']"),
    null, "the alert cleared");
  if (cleared) check(true, `alert cleared ${Math.round((Date.now() - t1) / 1000)} s after the collector resumed`);
}

async function sessionsAddUpToSavings() {
  // No cycle between the two reads: the poll stops first.
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  check((await api("stop-poll", { headers })).status === 200, "stop-poll before comparing");
  const csv = await api("sessions.csv");
  check(/text\/csv/.test(csv.type || ""), `sessions.csv is ${csv.type}`);
  fs.writeFileSync(path.join(artifacts, "home-sessions.csv"), csv.text);
  const lines = csv.text.trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const sum = {};
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    head.forEach((h, i) => { const x = Number(cells[i]); if (!Number.isNaN(x)) sum[h] = (sum[h] || 0) + x; });
  }
  const total = JSON.parse((await api("savings")).text).total;
  for (const k of ["car_kwh", "solar_kwh", "powerwall_kwh", "grid_kwh", "cost", "baseline_cost", "saving"]) {
    const ok = Math.abs((sum[k] || 0) - total[k]) <= 1e-4 + 1e-6 * (lines.length - 1);
    check(ok, `sessions ${k} ${(sum[k] || 0).toFixed(6)} = /savings total ${total[k]} (${lines.length - 1} session(s))`);
  }
  check((await api("start-poll", { headers })).status === 200, "start-poll again");
}

async function accessibility(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  fs.writeFileSync(path.join(artifacts, "home-axe.json"), JSON.stringify(result.violations, null, 2));
  check(bad.length === 0, `axe-core: ${result.violations.length} violation(s), ${bad.length} serious or critical` +
    bad.map((v) => `\n       ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s))`).join(""));
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const outside = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
    page.on("pageerror", (e) => check(false, `page error: ${e.message}`));
    const res = await page.goto(pageUrl, { waitUntil: "load", timeout });
    if (!check(res && res.status() === 200, `GET ${root}/home/ answered ${res && res.status()}`)) return;
    await cardsShowData(page);
    await oneConnectionThreeEvents(page);
    await modeChangeIsStoredAndDecided(page);
    await page.screenshot({ path: path.join(artifacts, "home-1280.png"), fullPage: true });
    await accessibility(page);
    await alertWhileCollectorStopped(page);
    await sessionsAddUpToSavings();
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(pageUrl, { waitUntil: "load", timeout });
    await until(phone, () => window.p15Home && window.p15Home.events > 0 &&
      document.querySelector("#today-chart canvas"), null, "the phone page's data");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `at 390 px nothing is wider than the screen (overflow ${overflow} px)`);
    await phone.screenshot({ path: path.join(artifacts, "home-390.png"), fullPage: true });
    await accessibility(phone);
    check(outside.length === 0, `nothing fetched from outside the service${outside.length ? ": " + outside.join(", ") : ""}`);
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(failed === 0 ? "PASS" : `FAILED ${failed}`);
  process.exit(failed === 0 ? 0 : 1);
}).catch((e) => {
  console.log(`FAIL ${e.stack || e}`);
  process.exit(1);
});
