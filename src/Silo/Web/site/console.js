// The web console: pages switched by the address's #fragment, drawn from the silo's JSON API and kept live by one
// server-sent event stream (/api/live, an update a second). Charts are Apache ECharts; without it (npm could not
// install it at build time) each chart shows its numbers as a table.
"use strict";

const state = { page: null, rate: [], charts: {}, since: "1h", lastFetch: 0 };
const fmt = new Intl.NumberFormat("en-GB");
const $ = (id) => document.getElementById(id);

// Elements made from data. Every value goes into the page as text (a text node or an attribute), never as HTML: a
// name in a profile, a campaign's text or an error message cannot become markup or script.
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value != null && value !== false) element.setAttribute(name, value);
  }
  element.append(...children.flat().filter((c) => c != null).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}
const td = (value, numeric) => el("td", numeric ? { class: "n" } : null, value ?? "");
const tr = (...cells) => el("tr", null, ...cells);
// A table body from rows, or one row that says there are none.
function fill(target, rows, empty, columns) {
  const body = typeof target === "string" ? $(target).querySelector("tbody") : target;
  body.replaceChildren(...(rows.length || empty == null ? rows : [tr(el("td", { colspan: columns || 1, class: "hint" }, empty))]));
}

// A mark for the console bench (tests/Cdr.Orleans.ConsoleBench): when this page load first drew a chart or, on a page
// without one, its first data.
function drawn() {
  if (!performance.getEntriesByName("cdr:first-draw").length) performance.mark("cdr:first-draw", { detail: state.page });
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

// --- pages -----------------------------------------------------------------------------------------------------

// The campaign id in the address, on a campaign's page (#campaign/ID).
const routedCampaign = () => decodeURIComponent(location.hash.split("/")[1] || "");

function route() {
  const page = (location.hash || "#overview").slice(1).split("/")[0] || "overview";
  const known = document.getElementById(`page-${page}`) ? page : "overview";
  document.querySelectorAll(".page").forEach((p) => (p.hidden = p.id !== `page-${known}`));
  document.querySelectorAll("nav a[data-page]").forEach((a) => a.classList.toggle("active", a.dataset.page === known || (a.dataset.page === "campaigns" && known.includes("campaign"))));
  state.page = known;
  showError("");
  if (known === "campaigns") loadCampaigns();
  if (known === "campaign") loadCampaign(routedCampaign());
  if (known === "load") loadLoad();
  if (known === "segments" || known === "new-campaign") drawn();
  if (known === "models") loadModels(decodeURIComponent(location.hash.split("/")[1] || ""));
  if (known === "subscriber" && location.hash.split("/")[1]) {
    const number = decodeURIComponent(location.hash.split("/")[1]);
    $("f-subscriber").elements.msisdn.value = number;
    loadSubscriber(number);
  }
  Object.values(state.charts).forEach((c) => c.resize && c.resize());
  if (state.latest) draw(state.latest);
}

// --- charts ----------------------------------------------------------------------------------------------------

function chart(id) {
  const element = $(id);
  if (!window.echarts) return null;
  if (!state.charts[id]) {
    state.charts[id] = echarts.init(element, null, { renderer: "canvas" });
    window.addEventListener("resize", () => state.charts[id].resize());
  }
  return state.charts[id];
}

function title(id) {
  return { text: $(id).dataset.title, left: 10, top: 6, textStyle: { fontSize: 13, fontWeight: 600, color: "#344054" } };
}

// Without the chart library: the numbers as a table, so the page still says what it would draw.
function fallback(id, headers, rows) {
  const element = $(id);
  element.classList.add("fallback");
  element.replaceChildren(el("h3", null, element.dataset.title), el("table", null,
    el("thead", null, tr(...headers.map((h, i) => el("th", i ? { class: "n" } : null, h)))),
    el("tbody", null, ...rows.map((r) => tr(...r.map((c, i) => td(typeof c === "number" ? fmt.format(c) : c, i > 0)))))));
  drawn();
}

function bars(id, rows, valueOf, unit) {
  const c = chart(id);
  if (!c) return fallback(id, ["", unit], rows.map((r) => [r.value, valueOf(r)]));
  c.setOption({
    title: title(id), grid: { left: 60, right: 20, top: 40, bottom: 50 }, tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((r) => r.value), axisLabel: { interval: 0, rotate: rows.length > 12 ? 45 : 0 } },
    yAxis: { type: "value", name: unit },
    series: [{ type: "bar", data: rows.map(valueOf), itemStyle: { color: "#2f6fde" } }],
  });
  drawn();
}

const hhmm = (iso) => iso.slice(11, 16);

function heatmap(id, series) {
  const regions = series.values.map((v) => v.value);
  const c = chart(id);
  if (!c) return fallback(id, ["region", "CDRs"], series.values.map((v) => [v.value, v.cdrs.reduce((a, b) => a + b, 0)]));
  const cells = [];
  let max = 1;
  series.values.forEach((v, y) => v.cdrs.forEach((n, x) => { cells.push([x, y, n]); max = Math.max(max, n); }));
  c.setOption({
    title: title(id), tooltip: { position: "top" }, grid: { left: 110, right: 30, top: 40, bottom: 70 },
    xAxis: { type: "category", data: series.minutes.map(hhmm), splitArea: { show: true } },
    yAxis: { type: "category", data: regions, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 5, itemHeight: 200 },
    series: [{ type: "heatmap", data: cells, progressive: 0 }],
  }, { notMerge: true });
  drawn();
}

function stacked(id, series) {
  const c = chart(id);
  if (!c) return fallback(id, ["operator", "CDRs"], series.values.map((v) => [v.value, v.cdrs.reduce((a, b) => a + b, 0)]));
  c.setOption({
    title: title(id), tooltip: { trigger: "axis" }, legend: { top: 6, right: 10 }, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", boundaryGap: false, data: series.minutes.map(hhmm) },
    yAxis: { type: "value", name: "CDRs" },
    series: series.values.map((v) => ({ name: v.value, type: "line", stack: "all", areaStyle: {}, symbol: "none", data: v.cdrs })),
  }, { notMerge: true });
  drawn();
}

function line(id, points) {
  const c = chart(id);
  if (!c) return fallback(id, ["time", "CDRs/s"], points.slice(-10).map((p) => [p[0].toISOString().slice(11, 19), p[1]]));
  c.setOption({
    title: title(id), tooltip: { trigger: "axis" }, grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "time" }, yAxis: { type: "value", name: "CDRs/s" },
    series: [{ type: "line", showSymbol: false, data: points, areaStyle: { opacity: 0.15 }, lineStyle: { width: 2 } }],
  });
  drawn();
}

// --- drawing an update -----------------------------------------------------------------------------------------

function text(id, value) { $(id).textContent = value; }

function rows(tableId, items, nameOf) {
  fill(tableId, items.map((i) => tr(td(nameOf(i)), td(fmt.format(i.cdrs), true))), "none", 2);
}

function drawOverview(o) {
  text("o-rate", fmt.format(Math.round(o.cdrsPerSecond)));
  text("o-applied", fmt.format(o.cdrsApplied));
  text("o-lag", o.lag ? `${fmt.format(o.lag.meanMs)} / ${fmt.format(o.lag.p99Ms)} ms` : "–");
  text("o-resident", fmt.format(o.residentSubscribers));
  text("o-rejected", fmt.format(o.rejected));
  text("o-dead", fmt.format(o.deadLettered));
  text("o-silos", fmt.format(o.silos));
  rows("t-rejected", o.rejectedByReason, (r) => r.reason);
  rows("t-notes", o.notes, (n) => n.note);
  $("o-stream").hidden = !o.stream;
  if (o.stream) {
    $("o-stream-title").textContent = `Durable CDR stream (Redis): ${fmt.format(o.stream.pending)} read but not yet applied, ` +
      `${fmt.format(o.stream.notYetRead)} not yet read, ${fmt.format(o.stream.deadLetters)} dead letters`;
    fill("t-partitions", o.stream.partitions.map((p) => tr(td(p.partition), td(fmt.format(p.pending), true),
      td(p.notYetRead == null ? "–" : fmt.format(p.notYetRead), true), td(fmt.format(p.entries), true))));
  }
  line("c-rate", state.rate);
}

async function totals(dimension) {
  const { ok, body } = await api("GET", `/api/traffic/${dimension}?since=${encodeURIComponent(state.since)}`);
  if (!ok) throw new Error(body.error);
  return body.rows.map((r) => ({ value: r.value, cdrs: r.counts.cdrs }));
}

// A past day from the history, per hour (the live feed's updates wait until "Back to live").
async function showDay(day) {
  state.day = day;
  $("day").value = day;
  $("b-live").hidden = !day;
  $("traffic-hint").textContent = day ? `${day} (UTC) from the history, per hour` : "minute charts show the last hour; hours of day cover everything kept";
  if (!day) { if (state.latest) draw(state.latest); return; }
  const { ok, body } = await api("GET", `/api/history/traffic?day=${encodeURIComponent(day)}`);
  if (state.day !== day) return;
  if (!ok) { showError(body.error); return; }
  showError("");
  await drawTraffic(body, true);
}

async function drawTraffic(t, past = false) {
  heatmap("c-heat", t.regions);
  stacked("c-operators", t.operators);
  bars("c-hours", t.hours, (r) => r.voiceMinutes, "minutes");
  let categories = t.categories, countries = t.countries;
  if (state.since !== "1h" && !past) {
    // Another window than the live feed's: read it again at most every 5 s while updates come.
    if (Date.now() - state.lastFetch < 5000 && state.windowed) ({ categories, countries } = state.windowed);
    else {
      state.lastFetch = Date.now();
      state.windowed = { categories: await totals("categories"), countries: (await totals("countries")).slice(0, 15) };
      ({ categories, countries } = state.windowed);
    }
  }
  bars("c-categories", categories, (r) => r.cdrs, "calls");
  bars("c-countries", countries, (r) => r.cdrs, "calls");
}

// --- campaigns -------------------------------------------------------------------------------------------------

const pct = (x) => (x == null ? "–" : `${(100 * x).toFixed(1)}%`);

// --- the key ---------------------------------------------------------------------------------------------------

// With a key set, every API route needs it. The page asks once (the dialog), the silo answers with a session cookie
// (HttpOnly, SameSite=Strict: no script here or on another site can read or send it), and every request after that
// carries it; the key itself is kept nowhere.
let signingIn = null;
function signIn(reason) {
  signingIn ??= new Promise((resolve) => {
    const dialog = $("key-dialog"), form = $("f-key");
    $("key-reason").textContent = reason || "This silo's console has a key.";
    $("key-error").textContent = "";
    form.onsubmit = async (e) => {
      e.preventDefault();
      const response = await fetch("/api/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: form.elements.key.value }) });
      if (!response.ok) { $("key-error").textContent = (await answerOf(response)).error; return; }
      form.elements.key.value = "";
      dialog.close();
      signingIn = null;
      resolve(true);
    };
    dialog.showModal();
  });
  return signingIn;
}

// An answer's JSON, or its status as an error when it is not JSON.
async function answerOf(response) {
  try { return await response.json(); } catch { return { error: `${response.status} ${response.statusText}` }; }
}

// A request to the API: on a 401 the page asks for the key, then tries once more.
async function call(path, options = {}) {
  let response = await fetch(path, options);
  if (response.status === 401) {
    await signIn((await answerOf(response.clone())).error);
    response = await fetch(path, options);
  }
  return response;
}

async function api(method, path, body) {
  const response = await call(path, body == null ? { method } : { method, headers: { "Content-Type": "application/json" }, body });
  return { ok: response.ok, status: response.status, body: await answerOf(response) };
}

async function loadCampaigns() {
  const { ok, body } = await api("GET", "/api/campaigns");
  if (!ok) { showError(body.error); return; }
  state.campaigns = body;
  drawCampaigns(state.latest?.campaigns);
}

function drawCampaigns(live) {
  if (!state.campaigns) return;
  const byId = Object.fromEntries((live || []).map((c) => [c.id, c]));
  const list = state.campaigns.map((c) => ({ ...c, ...(byId[c.id] ? { status: byId[c.id].status, results: byId[c.id].results } : {}) }));
  fill("t-campaigns", list.map((c) => {
    const r = c.results;
    return tr(td([el("a", { href: `#campaign/${encodeURIComponent(c.id)}` }, c.id), el("br"), el("span", { class: "hint" }, c.name)]),
      td(status(c.status)), td(c.priority, true),
      ...[r.evaluated, r.eligible, r.triggered, r.capped, r.heldOut, r.sent, r.accepted].map((n) => td(fmt.format(n), true)),
      td(pct(r.acceptanceRate), true));
  }), "no campaigns yet: create one", 11);
  const c = chart("c-funnel");
  if (!c) return fallback("c-funnel", ["campaign", "sent", "accepted"], list.map((x) => [x.id, x.results.sent, x.results.accepted]));
  c.setOption({
    title: title("c-funnel"), tooltip: { trigger: "axis" }, legend: { top: 6, right: 10 }, grid: { left: 60, right: 20, top: 40, bottom: 70 },
    xAxis: { type: "category", data: list.map((x) => x.id), axisLabel: { interval: 0, rotate: 30 } }, yAxis: { type: "value" },
    series: [{ name: "sent", type: "bar", data: list.map((x) => x.results.sent) }, { name: "accepted", type: "bar", data: list.map((x) => x.results.accepted) }],
  });
  drawn();
}

const upliftText = (u, what) => u
  ? `${u.difference >= 0 ? "+" : ""}${(100 * u.difference).toFixed(1)} points (${pct(u.treated)} vs ${pct(u.baseline)} ${what}; 95% CI ${(100 * u.low).toFixed(1)} to ${(100 * u.high).toFixed(1)}), ${u.significant ? "significant" : "not significant"}`
  : "not measured yet";

const status = (name, text) => el("span", { class: `status ${name}` }, text ?? name);
const when = (iso) => iso.slice(0, 19).replace("T", " ");
const deliveryText = (d) => d ? `${d.status.toLowerCase()}${d.attempts > 1 ? ` (${d.attempts} attempts)` : ""}${d.status !== "Delivered" && d.lastError ? `: ${d.lastError}` : ""}` : "";
const valuesText = (values) => Object.entries(values).map(([k, v]) => `${k} = ${v}`).join(", ");

async function loadCampaign(id) {
  const { ok, body } = await api("GET", `/api/campaigns/${encodeURIComponent(id)}`);
  // The page moved to another campaign while this one was read (a refresh that was under way): the newer one draws.
  if (state.page !== "campaign" || routedCampaign() !== id) return;
  if (!ok) { showError(body.error); return; }
  showError("");
  state.campaign = body;
  state.campaignLoaded = Date.now();
  state.campaignSeries = { id };
  const c = body.campaign;
  $("k-title").textContent = `${c.id}: ${c.name}`;
  $("k-status").replaceChildren(status(c.status), ` revision ${c.revision}${c.statusReason ? `, ${c.statusReason}` : ""}; offer ${c.offer}` +
    (body.model ? `; model v${body.model.version} (${body.model.kind}, holdout AUC ${body.model.auc.toFixed(3)})` : c.targeting ? "; no model yet: it sends to everyone its rules select" : ""));
  $("k-definition").textContent = JSON.stringify(body.definition, null, 2);
  $("k-send").hidden = !body.send;
  $("k-send").textContent = body.send ? sendText(body.send) : "";
  fill("t-uplift", [tr(td("over the control group"), td(upliftText(body.uplift.overControl, "control"))),
    tr(td("model over exploration"), td(upliftText(body.uplift.overExploration, "exploration"))),
    tr(td("over the global control group"), td(upliftText(body.uplift.overGlobalControl, "global control")))]);
  fill("t-offers", body.offers.map((o) => tr(td(when(o.cdrStartUtc)), td(o.msisdn), td(o.outcome), td(o.response),
    td(o.propensity == null ? "" : o.propensity.toFixed(3), true), td(deliveryText(o.delivery)), td(valuesText(o.values)))),
    `no offers in the latest ${fmt.format(5000)} of the log`, 7);
  fill("t-deliveries", body.deliveries.map((d) => tr(td(d.channel), td(fmt.format(d.inProgress), true), td(fmt.format(d.delivered), true),
    td(fmt.format(d.failed), true), td(fmt.format(d.expired), true), td(fmt.format(d.retries), true), td(d.lastError ?? ""))),
    "no offer of this campaign sent through a configured channel yet", 7);
  drawCampaign(c.results);
  if (!state.campaignDays || state.campaignDays.id !== id || Date.now() - state.campaignDays.at > 60000) loadCampaignDays(id);
  const history = await api("GET", `/api/campaigns/${encodeURIComponent(id)}/history`);
  if (state.page !== "campaign" || routedCampaign() !== id) return;
  fill("t-history", (history.ok ? history.body : []).slice().reverse().map((h) => tr(td(String(h.revision), true), td(when(h.changedUtc)),
    td(h.changedBy), td(h.status + (h.statusReason ? `: ${h.statusReason}` : "")),
    td(h.diff.length === 0 ? "-" : h.diff.length > 6 ? `${h.diff.slice(0, 6).join("  ")} ... (${h.diff.length} lines)` : h.diff.join("  ")))),
    "no history kept (made before histories were)", 5);
}

function drawCampaign(results) {
  const r = results;
  $("k-tiles").replaceChildren(...[["evaluated", r.evaluated], ["eligible", r.eligible], ["triggered", r.triggered], ["capped", r.capped],
    ["held out", r.heldOut], ["sent", r.sent], ["accepted", r.accepted], ["acceptance", pct(r.acceptanceRate)], ["below propensity", r.belowPropensity],
    ["global control", r.globalControl], ["quiet hours", r.quietHours], ["over the caps", r.policyCapped], ["opted out", r.optedOut]]
    .map(([name, v]) => el("div", { class: "tile" }, el("span", { class: "label" }, name), el("span", { class: "value" }, typeof v === "number" ? fmt.format(v) : v))));
  drawCampaignDays();
}

// The results over time come from the history the silos write (days, not what this page saw): read again each minute.
async function loadCampaignDays(id) {
  state.campaignDays = { id, at: Date.now(), rows: state.campaignDays?.id === id ? state.campaignDays.rows : [] };
  const { ok, body } = await api("GET", `/api/history/campaigns/${encodeURIComponent(id)}/days?days=30`);
  if (state.campaignDays.id !== id) return;
  state.campaignDays.rows = ok ? body.rows : [];
  $("k-days").textContent = ok ? (body.rows.length ? "" : "no decision of this campaign in the history yet (written every minute)") : body.error;
  drawCampaignDays();
}

function drawCampaignDays() {
  const rows = state.campaignDays?.rows ?? [];
  const c = chart("c-campaign");
  if (!c) return fallback("c-campaign", ["day", "sent", "accepted", "held out"], rows.map((r) => [r.day, r.sent, r.accepted, r.heldOut]));
  c.setOption({
    title: title("c-campaign"), tooltip: { trigger: "axis" }, legend: { top: 6, right: 10 }, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: rows.map((r) => r.day) }, yAxis: { type: "value" },
    series: [["sent", "sent"], ["accepted", "accepted"], ["held out", "heldOut"]].map(([name, k]) => ({ name, type: "bar", data: rows.map((r) => r[k]) })),
  }, { notMerge: true });
  drawn();
}

// The campaign the address names: the one a button acts on, even while its details are still loading.
const pageCampaign = () => decodeURIComponent(location.hash.split("/")[1] || "");

async function setStatus(status) {
  const id = pageCampaign();
  const answer = await api("POST", `/api/campaigns/${encodeURIComponent(id)}/status`, JSON.stringify({ status }));
  if (!answer.ok) showError(answer.body.error); else loadCampaign(id);
}

async function runBacktest() {
  const box = $("backtest-result");
  const file = $("backtest-file").files[0];
  if (!file) { box.className = "error"; box.textContent = "choose a CDR CSV file first (the generator's --out writes one)"; return; }
  box.className = "";
  box.textContent = `backtesting ${file.name}…`;
  const form = new FormData();
  form.append("file", file);
  const response = await call(`/api/campaigns/${encodeURIComponent(pageCampaign())}/backtest`, { method: "POST", body: form });
  const b = await answerOf(response);
  if (!response.ok) { box.className = "error"; box.textContent = b.error; return; }
  const rejected = Object.entries(b.rejected).map(([k, v]) => `${k} ${fmt.format(v)}`).join(", ") || "none";
  box.replaceChildren(
    el("p", null, `${fmt.format(b.cdrsApplied)} CDRs applied (rejected: ${rejected}); triggered ${fmt.format(b.results.triggered)}, ` +
      `capped ${fmt.format(b.results.capped)}, held out ${fmt.format(b.results.heldOut)}, `, el("b", null, `${fmt.format(b.results.sent)} offers sent`), ". ",
      el("span", { class: "hint" }, `Profiles: ${b.profiles}.`)),
    ...(b.firstRejections.length ? [el("p", { class: "hint" }, b.firstRejections.flatMap((r, i) => (i ? [el("br"), r] : [r])))] : []),
    el("table", null, el("thead", null, tr(...["CDR time (UTC)", "subscriber", "outcome", "values that made the rule true"].map((h) => el("th", null, h)))),
      el("tbody", null, b.firstOffers.map((o) => tr(td(when(o.cdrStartUtc)), td(o.msisdn), td(o.outcome), td(valuesText(o.values)))))));
}

function formDefinition(form) {
  const definition = {};
  for (const element of form.elements) {
    if (!element.name || element.value === "") continue;
    const path = element.name.split(".");
    let target = definition;
    path.slice(0, -1).forEach((p) => (target = target[p] ??= {}));
    target[path.at(-1)] = element.type === "number" ? Number(element.value) : element.value;
  }
  return definition;
}

async function create(json, replace) {
  document.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
  const result = $("form-result");
  const answer = await api("POST", `/api/campaigns${replace ? "?replace=true" : ""}`, json);
  if (answer.ok) {
    result.className = "ok";
    result.textContent = `campaign ${answer.body.id} created (revision ${answer.body.revision}, ${answer.body.status}); every silo evaluates it within a second`;
    return;
  }
  result.className = "error";
  const unplaced = [];
  for (const e of answer.body.errors || []) {
    const slot = e.field && document.querySelector(`.field-error[data-for="${CSS.escape(e.field)}"]`);
    if (slot && !$("d-json").open) slot.textContent = e.message; else unplaced.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  result.textContent = [answer.body.error, ...unplaced].join("\n");
}

// --- a subscriber ----------------------------------------------------------------------------------------------

const label = (key) => key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
const cell = (v) => (v == null ? "" : typeof v === "number" ? fmt.format(Math.round(v * 100) / 100) : typeof v === "object" ? JSON.stringify(v) : v);
const pairs = (id, object) => fill(id, Object.entries(object || {}).map(([k, v]) => tr(td(label(k)), td(cell(v), true))), "none", 2);

async function loadSubscriber(number) {
  const { ok, body: s } = await api("GET", `/api/subscribers/${encodeURIComponent(number)}`);
  if (!ok) { $("s-body").hidden = true; showError(s.error); return; }
  showError("");
  $("s-body").hidden = false;
  $("s-title").textContent = `${s.msisdn}${s.profile ? `: ${s.profile.name}` : " (no profile loaded)"}`;
  pairs("t-profile", { ...(s.profile || {}), bestTimeToCall: s.bestTimeToCall ? `${s.bestTimeToCall.day ?? ""} ${s.bestTimeToCall.hour ?? ""}h`.trim() : "–",
    topCategory: s.callees?.topCategory, topTag: s.callees?.topTag, distinctCallees: s.distinctCallees, lastEventUtc: s.lastEventUtc, cdrsApplied: s.cdrsApplied });
  pairs("t-totals", s.totals);
  pairs("t-account", s.account ? Object.fromEntries(Object.entries(s.account).filter(([, v]) => v != null)) : { "no operator event yet": "–" });
  const windows = s.windows || [];
  const keys = windows.length ? Object.keys(windows[0]) : [];
  $("t-windows").querySelector("thead").replaceChildren(tr(...keys.map((k, i) => el("th", i ? { class: "n" } : null, label(k)))));
  fill("t-windows", windows.map((w) => tr(...keys.map((k, i) => td(cell(w[k]), i > 0)))));
  const shares = Object.entries(s.timeOfDay || {}).map(([k, v]) => ({ value: label(k), share: v }));
  bars("c-shares", shares, (r) => Math.round(r.share * 1000) / 10, "%");
  fill("t-callees", (s.topCallees || []).map((c) => tr(td(c.msisdn), td(fmt.format(c.count), true))), "none", 2);
  pairs("t-propensity", s.propensities ? Object.fromEntries(Object.entries(s.propensities).map(([k, v]) => [k, v.toFixed(3)])) : { "no model yet": "–" });
  fill("t-s-offers", (s.recentOffers || []).map((o) => tr(td(when(o.cdrStartUtc)),
    td(el("a", { href: `#campaign/${encodeURIComponent(o.campaignId)}` }, o.campaignId)), td(o.outcome), td(o.offerCode),
    td(o.propensity == null ? "" : o.propensity.toFixed(3), true))), "none", 5);
}

// --- models ----------------------------------------------------------------------------------------------------

const f3 = (x) => (x == null ? "" : x.toFixed(3));

async function loadModels(selected) {
  const list = await api("GET", "/api/models");
  if (!list.ok) { showError(list.body.error); return; }
  fill("t-models", list.body.map((r) => tr(td(el("a", { href: `#models/${encodeURIComponent(r.campaign)}` }, r.campaign)),
    td(r.current == null ? el("span", { class: "hint" }, "none") : `v${r.current} ${r.kind}`), td(f3(r.auc), true), td(r.versions, true),
    td(`${fmt.format(r.examples.labelled)} (${fmt.format(r.examples.accepted)})`, true), td(fmt.format(r.examples.waiting), true),
    td(r.lastError ? r.lastError.split(";")[0] : ""))), "no campaigns yet", 7);
  if (!selected) { $("m-body").hidden = true; drawn(); return; }
  const { ok, body: m } = await api("GET", `/api/models/${encodeURIComponent(selected)}`);
  if (!ok) { showError(m.error); return; }
  $("m-body").hidden = false;
  $("m-title").textContent = `${m.campaign}: ${fmt.format(m.examples.labelled)} labelled examples (${fmt.format(m.examples.accepted)} accepted), ${fmt.format(m.examples.waiting)} waiting` +
    (m.training ? "; a training is running" : "") + (m.lastError ? `; last training: ${m.lastError}` : "");
  fill("t-versions", m.versions.map((v) => tr(td(`${v.version === m.current ? "*" : ""}${v.version}`),
    td(v.trainedUtc.slice(0, 16).replace("T", " ")), td(v.kind), td(`${fmt.format(v.trainExamples)}+${fmt.format(v.holdout.examples)}`, true),
    ...[v.holdout.auc, v.holdout.logLoss, v.holdout.brier, v.holdout.error, v.holdout.topDecileLift, v.otherKind.auc, v.currentOnSameHoldout?.auc].map((x) => td(f3(x), true)),
    td([status(v.promoted ? "Active" : "Paused", v.promoted ? "promoted" : "rejected"), ` ${v.reason}`]))),
    "no model yet: the campaign sends to everyone its rules select", 12);
  const shown = m.versions.find((v) => v.version === m.current) || m.versions.at(-1);
  if (!shown) return drawn(); // no model yet: the versions table is the page
  $("m-strongest-title").textContent = `Strongest features of version ${shown.version}`;
  fill("t-strongest", shown.strongest.map((f) => tr(td(f.feature), td(f3(f.weight), true))));
  const total = Math.max(1, shown.histogram.reduce((a, b) => a + b, 0));
  bars("c-histogram", shown.histogram.map((n, i) => ({ value: `${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)}`, share: (100 * n) / total })),
    (r) => Math.round(r.share * 10) / 10, "%");
}

// --- segments --------------------------------------------------------------------------------------------------

const quoted = (v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

// The filters as a rule in the rule language, which the rule box shows (and which can then be edited by hand).
function segmentRule(form) {
  const f = Object.fromEntries(new FormData(form));
  const parts = [];
  if (f.tag) parts.push(`TopTag == ${quoted(f.tag)}`);
  if (f.part) parts.push(`${f.part}Share >= ${Number(f.share || 0.5)}`);
  if (f.day) parts.push(`BestDay == ${quoted(f.day)}`);
  if (f.hour !== "") parts.push(`BestHour == ${Number(f.hour)}`);
  if (f.tier) parts.push(`Tier == ${quoted(f.tier)}`);
  if (f.region.trim()) parts.push(`Region == ${quoted(f.region.trim())}`);
  if (f.calls !== "") parts.push(`VoiceCalls >= ${Number(f.calls)}`);
  return parts.join(" && ");
}

async function countSegment() {
  const rule = $("segment-rule").value.trim();
  const result = $("segment-result");
  result.className = "";
  result.textContent = "counting… (each subscriber grain evaluates the rule)";
  const { ok, body } = await api("GET", `/api/segments?rule=${encodeURIComponent(rule)}&sample=20`);
  if (!ok) { result.className = "error"; result.textContent = body.error; fill("t-segment", []); return; }
  result.textContent = `${fmt.format(body.matching)} of ${fmt.format(body.considered)} subscribers (${(100 * body.share).toFixed(1)}%)`;
  fill("t-segment", body.sample.map((r) => tr(td(r.msisdn), td(r.tier), td(r.plan), td(r.region), td(r.topTag),
    td(fmt.format(r.voiceCalls ?? 0), true), td(fmt.format(r.sms ?? 0), true), td(r.bestHour ?? "", true))), "nobody", 8);
}

async function downloadSegment() {
  const response = await call(`/api/segments.csv?rule=${encodeURIComponent($("segment-rule").value.trim())}`);
  if (!response.ok) {
    $("segment-result").className = "error";
    $("segment-result").textContent = (await answerOf(response)).error;
    return;
  }
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: "segment.csv" });
  link.click();
  URL.revokeObjectURL(link.href);
}

// A segment send: the rule box's segment as a one-shot campaign (POST /api/campaigns/send); then its campaign page.
// (The form's fields are not named "id" or "name": those would hide the form's own id and name from scripts.)
async function sendSegment(form) {
  const f = Object.fromEntries(new FormData(form));
  const result = $("send-result");
  form.querySelectorAll(".field-error").forEach((slot) => (slot.textContent = ""));
  const definition = {
    id: f.campaign.trim(), name: f.title.trim(), trigger: $("segment-rule").value.trim(), controlShare: Number(f.control || 0),
    offer: { code: f.code.trim(), text: f.text, channel: f.channel, value: Number(f.value || 0) },
    caps: { perSubscriber: 1, budget: f.budget === "" ? null : Number(f.budget) },
  };
  result.className = "";
  result.textContent = "counting who the segment matches now, then sending…";
  const answer = await api("POST", "/api/campaigns/send", JSON.stringify(definition));
  if (!answer.ok) {
    result.className = "error";
    const unplaced = [];
    for (const e of answer.body.errors || []) {
      const slot = e.field && form.querySelector(`.field-error[data-send-for="${CSS.escape(e.field)}"]`);
      if (slot) slot.textContent = e.message; else unplaced.push(e.field ? `${e.field}: ${e.message}` : e.message);
    }
    result.textContent = [answer.body.error, ...unplaced].join("\n");
    return;
  }
  result.textContent = `${fmt.format(answer.body.matching)} of ${fmt.format(answer.body.considered)} subscribers match: sending`;
  location.hash = `#campaign/${encodeURIComponent(answer.body.campaign.id)}`;
}

function sendText(p) {
  const state = { Sending: "sending", Waiting: "waiting for quiet hours to end", Done: "done", Stopped: "stopped" }[p.state] ?? p.state;
  return `Segment send ${state}: ${fmt.format(p.walked)} asked, ${fmt.format(p.matched)} matched (of ${fmt.format(p.countedMatching)} counted), ` +
    `${fmt.format(p.sent)} sent, ${fmt.format(p.heldOut)} held out, ${fmt.format(p.suppressed)} stopped by the contact policy, ` +
    `${fmt.format(p.waitingQuietHours)} in quiet hours, ${fmt.format(p.budgetSpent)} past the budget${p.note ? `; ${p.note}` : ""}`;
}

// --- the demo's load -------------------------------------------------------------------------------------------

function showLoad(load) {
  const form = $("f-load");
  form.elements.rate.value = load.rate;
  form.elements.skew.value = load.skew;
  form.elements.answering.checked = load.answering;
  $("load-result").className = "";
  $("load-result").textContent = `${fmt.format(load.subscribers)} subscribers; ${load.rate === 0 ? "paused" : `${fmt.format(load.rate)} CDRs/s`}, ` +
    `callees leaning to ${load.skew}, offers ${load.answering ? "answered" : "not answered"}`;
  drawn();
}

async function loadLoad() {
  const { ok, body } = await api("GET", "/api/load");
  $("f-load").hidden = !ok;
  if (!ok) { $("load-result").className = "error"; $("load-result").textContent = body.error; return; }
  showLoad(body);
}

async function applyLoad(form) {
  document.querySelectorAll("#f-load .field-error").forEach((e) => (e.textContent = ""));
  const change = { rate: Number(form.elements.rate.value), skew: form.elements.skew.value, answering: form.elements.answering.checked };
  const answer = await api("POST", "/api/load", JSON.stringify(change));
  if (answer.ok) return showLoad(answer.body);
  const field = answer.body.error.split(":")[0];
  const slot = document.querySelector(`#f-load .field-error[data-for="${CSS.escape(field)}"]`);
  if (slot) slot.textContent = answer.body.error.slice(field.length + 2);
  $("load-result").className = "error";
  $("load-result").textContent = answer.body.error;
}

function draw(update) {
  try {
    if (state.page === "overview") drawOverview(update.overview);
    if (state.page === "campaigns") drawCampaigns(update.campaigns);
    if (state.page === "campaign" && state.campaignSeries) {
      const live = update.campaigns.find((c) => c.id === state.campaignSeries.id);
      if (live) drawCampaign(live.results);
      // The latest offers and the uplift: read again every 5 s while updates come.
      if (Date.now() - (state.campaignLoaded || 0) > 5000) loadCampaign(routedCampaign());
    }
    if (state.page === "traffic" && !state.day) drawTraffic(update.traffic).catch((e) => showError(e.message));
  } catch (e) {
    showError(`could not draw the update: ${e.message}`);
  }
}

// --- the live feed ---------------------------------------------------------------------------------------------

async function connect() {
  const live = $("live");
  // The live feed cannot show the key dialog itself (an EventSource sees no status): sign in first when needed.
  const session = await api("GET", "/api/session");
  if (session.ok && session.body.keyRequired && !session.body.signedIn) await signIn();
  const source = new EventSource("/api/live");
  source.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  source.onerror = () => {
    live.textContent = "reconnecting…"; live.className = "live off";
    // Closed for good (a 401 when the session ended, a 429 when the silo has all the listeners it takes): say why.
    if (source.readyState === EventSource.CLOSED) {
      live.textContent = "not live: the silo refused the feed; trying again in 5 s";
      setTimeout(connect, 5000); // signs in again first if the session ended
    }
  };
  source.onmessage = (event) => {
    const update = JSON.parse(event.data);
    state.latest = update;
    state.rate.push([new Date(update.overview.asOf), update.overview.cdrsPerSecond]);
    if (state.rate.length > 600) state.rate.shift();
    draw(update);
  };
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  $("since").addEventListener("change", (e) => { state.since = e.target.value; state.lastFetch = 0; showDay(""); });
  $("day").addEventListener("change", (e) => showDay(e.target.value));
  $("b-live").addEventListener("click", () => showDay(""));
  document.querySelectorAll("button[data-status]").forEach((b) => b.addEventListener("click", () => setStatus(b.dataset.status)));
  $("f-campaign").addEventListener("submit", (e) => { e.preventDefault(); create(JSON.stringify(formDefinition(e.target)), false); });
  $("b-json").addEventListener("click", () => create($("campaign-json").value, $("replace").checked));
  $("f-segment").addEventListener("input", (e) => ($("segment-rule").value = segmentRule(e.currentTarget)));
  $("f-segment").addEventListener("submit", (e) => e.preventDefault());
  $("b-count").addEventListener("click", countSegment);
  $("b-backtest").addEventListener("click", runBacktest);
  $("f-load").addEventListener("submit", (e) => { e.preventDefault(); applyLoad(e.target); });
  $("b-csv").addEventListener("click", downloadSegment);
  $("f-send").addEventListener("submit", (e) => { e.preventDefault(); sendSegment(e.target); });
  $("f-subscriber").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#subscriber/${encodeURIComponent(e.target.elements.msisdn.value.trim())}`;
  });
  route();
  connect();
});
