// Drives Debian's Chromium (headless, through playwright-core) through Swagger UI on a running
// p15-service: the page renders the spec's operations, then "Try it out" + "Execute" on
// battery-status must show a 200 from the service itself.
//
//   node swagger_ui_browser.mjs --base http://127.0.0.1:PORT --root /project_15th_street
//        --screenshot out.png [--operations 13] [--timeout-ms 20000] [--token TOKEN]
//
// With --token (the service's service.api_token): "Execute" on start-poll first answers 401,
// then "Authorize" with the token makes the same call answer 200.
//
// Packages come from swagger/node_modules (P15_SWAGGER_DIR). Exit code 0 only when all passed.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.P15_SWAGGER_DIR, "package.json"));
const { chromium } = require("playwright-core");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const base = arg("--base");
const root = arg("--root", "/project_15th_street");
const screenshot = arg("--screenshot");
const expectedOperations = Number(arg("--operations", "13"));
const timeout = Number(arg("--timeout-ms", "20000"));
const token = arg("--token");
const CHROMIUM = process.env.P15_CHROMIUM ?? "/usr/bin/chromium";

let failed = 0;
let passed = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  ok ? passed++ : failed++;
  return ok;
}

async function tryBatteryStatus(page) {
  // Swagger UI's ids: operations-<tag>-<operationId>.
  const op = page.locator("#operations-charging-batteryStatus");
  await op.locator(".opblock-summary").first().click();
  await op.locator("button.try-out__btn").click();
  await op.locator("button.execute").click();
  const status = op.locator(".live-responses-table tr.response .response-col_status").first();
  await status.waitFor({ timeout });
  const code = (await status.innerText()).trim();
  check(code === "200", `Try it out on GET /battery-status answered ${code}`);
  const url = (await op.locator(".request-url pre").first().innerText()).trim();
  check(url === `${base}${root}/battery-status`, `request went to ${url}`);
  const body = await op.locator(".live-responses-table .response-col_description pre").first()
    .innerText();
  check(/"status":\s*"(Charging|Discharging|Standby)"/.test(body),
        `response body shows the battery status: ${body.replace(/\s+/g, " ").slice(0, 120)}`);
}

// Presses "Execute" on an expanded, tried-out operation and returns the status Swagger UI shows
// once the service answered.
async function execute(page, op, pathSuffix) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(pathSuffix), { timeout }),
    op.locator("button.execute").click(),
  ]);
  const cell = op.locator(".live-responses-table tr.response .response-col_status").first();
  await page.waitForFunction(
    ([el, want]) => el && el.innerText.trim() === want,
    [await cell.elementHandle({ timeout }), String(res.status())], { timeout });
  return (await cell.innerText()).trim();
}

// The Authorize dialog: the bearer scheme from the spec, filled with the token.
async function authorize(page) {
  await page.locator(".auth-wrapper button.authorize").click();
  const modal = page.locator(".modal-ux");
  await modal.locator("input").first().fill(token);
  await modal.locator(".auth-btn-wrapper button.authorize").click();
  await modal.locator("button.btn-done").click();
}

async function tryStartPollWithToken(page) {
  const op = page.locator("#operations-poll-startPoll");
  await op.locator(".opblock-summary").first().click();
  await op.locator("button.try-out__btn").click();
  const before = await execute(page, op, "/start-poll");
  check(before === "401", `Execute on GET /start-poll before Authorize answered ${before}`);
  await authorize(page);
  const after = await execute(page, op, "/start-poll");
  check(after === "200", `Execute on GET /start-poll after Authorize answered ${after}`);
  const curl = (await op.locator(".curl-command").first().innerText()).replace(/\s+/g, " ");
  check(curl.includes("Authorization: Bearer"), "the request carried Authorization: Bearer");
}

async function main() {
  // Closed network: no background or component traffic (see the machine notes in the README).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const failedRequests = [];
    page.on("requestfailed", (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const res = await page.goto(`${base}${root}/ui/`, { timeout });
    check(res?.status() === 200, `GET ${root}/ui/ answered ${res?.status()}`);
    await page.locator(".opblock").first().waitFor({ timeout });
    const title = (await page.locator(".info .title").first().innerText()).trim();
    check(title.startsWith("Project 15th Street"), `title "${title.split("\n")[0]}"`);
    const count = await page.locator(".opblock").count();
    check(count === expectedOperations, `${count} operations rendered (spec has ${expectedOperations})`);
    await tryBatteryStatus(page);
    if (token) await tryStartPollWithToken(page);
    check(errors.length === 0, `no script errors ${errors.join("; ")}`);
    const ours = failedRequests.filter((r) => r.startsWith(base));
    check(ours.length === 0, `no failed requests to the service ${ours.join("; ")}`);
    if (screenshot) {
      // From the top: the title, the operations and battery-status's live 200 in one picture.
      await page.setViewportSize({ width: 1280, height: 2000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshot });
      console.log(`screenshot ${screenshot}`);
    }
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}, (e) => {
  console.log(`FAIL ${e.message ?? e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
