// The owner's page: the live state from GET ../events (server-sent events, one per cycle), the
// rest from the service's JSON endpoints. Nothing is fetched from anywhere but this service.
"use strict";

(function () {
  const root = new URL("../", window.location.href); // {application_root}/
  const api = (path) => new URL(path, root).toString();
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "p15-api-token";

  // What the browser tests read: how many states arrived on how many connections.
  const stats = { events: 0, opens: 0, errors: 0, lastState: null, lastEventAt: null };
  window.p15Home = stats;

  // ---- formatting ----------------------------------------------------------------------------
  const kw = (w) => (w == null ? "–" : (Math.abs(w) / 1000).toFixed(1) + " kW");
  const pct = (p) => (p == null ? "–" : Math.round(p) + " %");
  const dollars = (x) => (x == null ? "–" : (x < 0 ? "−$" : "$") + Math.abs(x).toFixed(2));
  const kwh = (x) => (x == null ? "–" : x.toFixed(2) + " kWh");
  // Times in the home's zone (the tariff's, from /savings), whatever the browser's.
  let homeZone;
  const localTime = (iso) =>
    iso ? new Date(iso).toLocaleString(undefined, homeZone ? { timeZone: homeZone } : {}) : "–";
  function duration(s) {
    if (s == null) return "–";
    if (s <= 0) return "reached";
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return h > 0 ? `${h} h ${m} min` : `${m} min`;
  }
  function ago(s) {
    if (s == null) return "";
    if (s < 90) return `${s} s ago`;
    if (s < 5400) return `${Math.round(s / 60)} min ago`;
    return `${(s / 3600).toFixed(1)} h ago`;
  }
  function setText(id, text) {
    const el = $(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  async function getJson(path) {
    const res = await fetch(api(path), { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const why = body && body.error ? body.error : `HTTP ${res.status}`;
      throw new Error(why);
    }
    return body;
  }

  // ---- the live state --------------------------------------------------------------------------
  function renderFlow(s) {
    const p = s.power;
    const pw = s.powerwall;
    setText("solar-w", p ? kw(p.solar_w) : "–");
    setText("house-w", p ? kw(p.house_w) : "–");
    setText("car-w", p ? kw(p.car_w) : "–");
    setText("powerwall-w", p ? kw(p.powerwall_w) : "–");
    setText("grid-w", p ? kw(p.grid_w) : "–");
    if (p) {
      const dir = p.powerwall_w > 50 ? "discharging" : p.powerwall_w < -50 ? "charging" : "idle";
      setText("powerwall-sub", dir);
      const g = p.grid_w > 50 ? "importing" : p.grid_w < -50 ? "exporting" : "balanced";
      setText("grid-sub", pw && pw.grid_status === "Inactive" ? "down: the home is islanded" : g);
      document.querySelector(".node.grid").dataset.dir = g;
      document.querySelector(".node.powerwall").dataset.dir = dir;
    }
    if (pw) {
      setText("powerwall-soc", pct(pw.soc_percent));
      setText("powerwall-reserve", pct(pw.reserve_percent) + (pw.at_floor ? " (at its floor)" : ""));
      $("powerwall-gauge").style.width = Math.max(0, Math.min(100, pw.soc_percent)) + "%";
      $("powerwall-reserve-mark").style.left = Math.max(0, Math.min(100, pw.reserve_percent)) + "%";
    }
    const car = s.car;
    setText("car-sub", car ? (car.plugged_in ? (car.amps > 0 ? `${car.amps} A` : "plugged in, not drawing") : "not plugged in") : "no reading");
    const staleNote = $("flow-stale");
    staleNote.hidden = !s.stale;
    if (s.stale) {
      const ages = [];
      if (pw) ages.push(`Powerwall ${ago(pw.age_s)}`);
      if (car) ages.push(`car ${ago(car.age_s)}`);
      setText("flow-stale-text", (ages.join(", ") || "no rows yet") + ": the service does not act on it.");
    }
  }

  function renderCar(s) {
    const car = s.car;
    if (car) {
      setText("car-soc", `${pct(car.soc_percent)} (limit ${pct(car.charge_limit_percent)})`);
      setText("car-amps", car.amps > 0 ? `${car.amps} A, ${car.kw.toFixed(1)} kW` : "not charging");
      setText("car-plugged", car.plugged_in ? "yes" : "no");
      setText("car-state", car.asleep ? `${car.state} (asleep: a command must wake it)` : `${car.state}, awake`);
      setText("car-target", pct(car.target_soc));
      setText("car-eta", duration(car.time_to_target_s));
    }
    setText("decision-text", s.decision ? s.decision.explanation : "no decision yet (the poll has not run)");
    renderMode(s.mode);
  }

  let editingPlan = false;
  function renderMode(m) {
    if (!m) return;
    document.querySelectorAll(".mode-buttons button").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.mode === m.mode));
    });
    setText("mode-source", m.source === "stored" ? "(set by you)" : "(the service's default)");
    if (!editingPlan) {
      $("plan-target").value = m.target_soc == null ? "" : m.target_soc;
      $("plan-departure").value = m.departure || "";
    }
    state.vin = m.vin;
  }

  function renderAlerts(alerts) {
    const list = $("alerts-list");
    list.replaceChildren();
    (alerts || []).forEach((a) => {
      const li = document.createElement("li");
      li.className = "alert";
      li.dataset.kind = a.kind;
      const title = document.createElement("p");
      title.className = "alert-title";
      title.innerHTML = "<span aria-hidden=\"true\">⚠ </span>";
      title.append(a.message);
      const since = document.createElement("p");
      since.className = "alert-since";
      since.textContent = `Since ${localTime(a.since)}`;
      const act = document.createElement("p");
      act.className = "alert-action";
      act.textContent = `What to do: ${a.action}`;
      li.append(title, since, act);
      list.append(li);
    });
    $("alerts-none").hidden = (alerts || []).length > 0;
    $("alerts-card").classList.toggle("has-alerts", (alerts || []).length > 0);
  }

  const state = { vin: "", lastRefresh: 0 };
  function render(s) {
    stats.lastState = s;
    renderFlow(s);
    renderCar(s);
    renderAlerts(s.alerts);
  }

  // ---- the event stream: one connection; the browser reconnects by itself after `retry` --------
  function connect() {
    const es = new EventSource(api("events"));
    es.addEventListener("open", () => {
      stats.opens += 1;
      setText("live-status", "Live: updates after every cycle");
    });
    es.addEventListener("state", (ev) => {
      stats.events += 1;
      stats.lastEventAt = Date.now();
      render(JSON.parse(ev.data));
      setText("live-status", `Live: updated ${new Date().toLocaleTimeString()}`);
      if (Date.now() - state.lastRefresh > 30000) refreshSlow();
    });
    es.addEventListener("error", () => {
      stats.errors += 1;
      setText("live-status", "Connection lost: reconnecting…");
    });
  }

  // ---- today's chart ---------------------------------------------------------------------------
  let chart = null;
  function chartWidth() {
    return Math.max(280, $("today-chart").clientWidth || 600);
  }
  function drawToday(d) {
    const series = ["solar_w", "house_w", "powerwall_w", "grid_w", "car_w"];
    const kwOf = (a) => a.map((w) => (w == null ? null : w / 1000));
    const data = [d.t, ...series.map((k) => kwOf(d[k] || [])), d.car_amps || []];
    const n = d.t.length;
    const peak = (k) => Math.max(0, ...(d[k] || []).filter((x) => x != null)) / 1000;
    setText("today-summary", n === 0 ? "No readings yet today." :
      `${n} five-minute points since midnight: solar peaked at ${peak("solar_w").toFixed(1)} kW, the car drew up to ${peak("car_w").toFixed(1)} kW. Powerwall and grid above zero mean discharging and importing.`);
    homeZone = homeZone || d.zone;
    const opts = {
      tzDate: (ts) => (d.zone ? uPlot.tzDate(new Date(ts * 1e3), d.zone) : new Date(ts * 1e3)),
      width: chartWidth(),
      height: 260,
      scales: { x: { time: true }, amps: { range: [0, 48] } },
      series: [
        {},
        { label: "Solar kW", stroke: "#c98a00", width: 2 },
        { label: "House kW", stroke: "#5b6770", width: 2 },
        { label: "Powerwall kW", stroke: "#2e7d32", width: 2, dash: [6, 3] },
        { label: "Grid kW", stroke: "#b3261e", width: 2, dash: [2, 2] },
        { label: "Car kW", stroke: "#1565c0", width: 3 },
        { label: "Car A", stroke: "#6a1b9a", width: 1, scale: "amps" },
      ],
      axes: [{}, { label: "kW" }, { side: 1, scale: "amps", label: "A", grid: { show: false } }],
    };
    if (chart) chart.destroy();
    chart = new uPlot(opts, data, $("today-chart"));
  }
  async function loadToday() {
    try {
      drawToday(await getJson("home/today"));
    } catch (e) {
      setText("today-summary", `Today's chart is unavailable: ${e.message}`);
    }
  }

  // ---- savings ---------------------------------------------------------------------------------
  function periodBlock(name, p) {
    const div = document.createElement("div");
    div.className = "period";
    const h = document.createElement("h3");
    h.textContent = name;
    const total = p.car_kwh || 0;
    const bar = document.createElement("div");
    bar.className = "stack";
    bar.setAttribute("aria-hidden", "true");
    [["solar", p.solar_kwh], ["powerwall", p.powerwall_kwh], ["grid", p.grid_kwh]].forEach(([k, v]) => {
      const seg = document.createElement("span");
      seg.className = "seg " + k;
      seg.style.width = total > 0 ? (100 * v) / total + "%" : "0";
      bar.append(seg);
    });
    const dl = document.createElement("dl");
    dl.className = "facts";
    const rows = [
      ["Saved", dollars(p.saving)],
      ["Car", kwh(p.car_kwh)],
      ["Solar", `${kwh(p.solar_kwh)}, ${dollars(p.export_forgone)} export forgone`],
      ["Powerwall", `${kwh(p.powerwall_kwh)}, ${dollars(p.powerwall_value)}`],
      ["Grid", `${kwh(p.grid_kwh)}, ${dollars(p.grid_cost)}`],
      ["Cost / charge-now", `${dollars(p.cost)} / ${dollars(p.baseline_cost)}`],
    ];
    rows.forEach(([k, v]) => {
      const w = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      w.append(dt, dd);
      dl.append(w);
    });
    div.append(h, bar, dl);
    return div;
  }
  async function loadSavings() {
    const box = $("savings-periods");
    try {
      const s = await getJson("savings");
      homeZone = homeZone || s.zone;
      const blocks = [["Today", s.today], ["This month", s.month]];
      blocks.push(["This year", s.year || s.total]);
      box.replaceChildren(...blocks.map(([n, p]) => periodBlock(n, p)));
    } catch (e) {
      box.textContent = `Savings are unavailable: ${e.message}`;
    }
  }

  // ---- sessions --------------------------------------------------------------------------------
  async function loadSessions() {
    const body = $("sessions-body");
    try {
      const s = await getJson("sessions?limit=20");
      if (!s.sessions.length) {
        body.innerHTML = "<tr><td colspan=\"6\">No charging session yet.</td></tr>";
        return;
      }
      body.replaceChildren(...s.sessions.map((x) => {
        const tr = document.createElement("tr");
        const cells = [
          `${localTime(x.started_at)}${x.ended_at ? " – " + localTime(x.ended_at) : " (plugged in)"}`,
          `${x.car_kwh.toFixed(2)} (${x.solar_kwh.toFixed(2)} / ${x.powerwall_kwh.toFixed(2)} / ${x.grid_kwh.toFixed(2)})`,
          dollars(x.cost), dollars(x.saving), String(x.commands), String(x.wake_ups),
        ];
        cells.forEach((c) => {
          const td = document.createElement("td");
          td.textContent = c;
          tr.append(td);
        });
        return tr;
      }));
    } catch (e) {
      body.innerHTML = "";
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 6;
      td.textContent = `Sessions are unavailable: ${e.message}`;
      tr.append(td);
      body.append(tr);
    }
  }

  // ---- Tesla API use ---------------------------------------------------------------------------
  async function loadUsage() {
    try {
      const u = await getJson("tesla-usage");
      const credit = u.credit_dollars || 10;
      $("usage-bar").max = credit;
      $("usage-bar").value = Math.min(credit, u.dollars);
      setText("usage-summary", `${u.month}: about ${dollars(u.dollars)} of the ${dollars(credit)} monthly credit (${Math.round(100 * u.dollars / credit)} %).`);
      $("usage-body").replaceChildren(...u.categories.map((c) => {
        const tr = document.createElement("tr");
        [c.category, String(c.requests), String(c.billed), dollars(c.dollars)].forEach((t) => {
          const td = document.createElement("td");
          td.textContent = t;
          tr.append(td);
        });
        return tr;
      }));
    } catch (e) {
      setText("usage-summary", `Tesla API use is unavailable: ${e.message}`);
    }
  }

  function refreshSlow() {
    state.lastRefresh = Date.now();
    loadSavings();
    loadSessions();
    loadUsage();
  }

  // ---- changing the mode -----------------------------------------------------------------------
  function token() {
    return window.sessionStorage.getItem(TOKEN_KEY) || "";
  }
  async function putMode(body) {
    const msg = $("mode-message");
    if (!state.vin) {
      msg.textContent = "No car known yet: wait for the first reading.";
      return;
    }
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    msg.textContent = "Saving…";
    const res = await fetch(api(`vehicles/${encodeURIComponent(state.vin)}/charge-mode`), {
      method: "PUT", headers, body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    if (res.status === 401) {
      $("token-box").open = true;
      msg.textContent = "The service needs its API token for this: enter it below, then try again.";
      $("token-input").focus();
      return;
    }
    if (!res.ok) {
      msg.textContent = `Not saved: ${answer.error || "HTTP " + res.status}`;
      return;
    }
    msg.textContent = `Saved: mode ${answer.mode}. The next decision uses it.`;
    renderMode(answer);
  }
  function currentPlanFields() {
    const body = {};
    const t = $("plan-target").value;
    const d = $("plan-departure").value;
    body.target_soc = t === "" ? null : Number(t);
    body.departure = d === "" ? null : d.slice(0, 5);
    return body;
  }

  document.querySelectorAll(".mode-buttons button").forEach((b) => {
    b.addEventListener("click", () => {
      const body = { mode: b.dataset.mode, ...currentPlanFields() };
      if (body.mode === "plan" && !body.departure) {
        $("mode-message").textContent = "Plan mode needs a departure time: set it below, then press Plan or Save plan.";
        $("plan-departure").focus();
        return;
      }
      putMode(body);
    });
  });
  $("plan-form").addEventListener("focusin", () => { editingPlan = true; });
  $("plan-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    editingPlan = false;
    const body = { mode: "plan", ...currentPlanFields() };
    if (!body.departure) {
      $("mode-message").textContent = "A plan needs a departure time.";
      $("plan-departure").focus();
      return;
    }
    putMode(body);
  });
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    window.sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
    $("token-input").value = "";
    $("mode-message").textContent = "Token kept for this tab.";
  });
  $("token-forget").addEventListener("click", () => {
    window.sessionStorage.removeItem(TOKEN_KEY);
    $("mode-message").textContent = "Token forgotten.";
  });

  // ---- start -----------------------------------------------------------------------------------
  getJson("home/state").then(render).catch((e) => setText("live-status", `No state: ${e.message}`));
  connect();
  loadToday();
  refreshSlow();
  setInterval(loadToday, 5 * 60 * 1000);
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (chart) chart.setSize({ width: chartWidth(), height: 260 }); }, 200);
  });
})();
