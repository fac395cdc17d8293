// The web console: pages switched by the address's #fragment, drawn from the silo's JSON API and kept live by one
// server-sent event stream (/api/live, an update a second). Charts are Apache ECharts; without it (npm could not
// install it at build time) each chart shows its numbers as a table.
"use strict";

const state = { page: null, rate: [], charts: {}, since: "1h", lastFetch: 0 };
const fmt = new Intl.NumberFormat("en-GB");
const $ = (id) => document.getElementById(id);

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

// --- pages -----------------------------------------------------------------------------------------------------

function route() {
  const page = (location.hash || "#overview").slice(1).split("/")[0] || "overview";
  const known = document.getElementById(`page-${page}`) ? page : "overview";
  document.querySelectorAll(".page").forEach((p) => (p.hidden = p.id !== `page-${known}`));
  document.querySelectorAll("nav a[data-page]").forEach((a) => a.classList.toggle("active", a.dataset.page === known));
  state.page = known;
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
  element.style.height = "auto";
  element.innerHTML = `<h3 style="padding:8px 10px 0">${$(id).dataset.title}</h3><table><thead><tr>${headers
    .map((h, i) => `<th class="${i ? "n" : ""}">${h}</th>`)
    .join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td class="${i ? "n" : ""}">${typeof c === "number" ? fmt.format(c) : c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
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
}

function line(id, points) {
  const c = chart(id);
  if (!c) return fallback(id, ["time", "CDRs/s"], points.slice(-10).map((p) => [p[0].toISOString().slice(11, 19), p[1]]));
  c.setOption({
    title: title(id), tooltip: { trigger: "axis" }, grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "time" }, yAxis: { type: "value", name: "CDRs/s" },
    series: [{ type: "line", showSymbol: false, data: points, areaStyle: { opacity: 0.15 }, lineStyle: { width: 2 } }],
  });
}

// --- drawing an update -----------------------------------------------------------------------------------------

function text(id, value) { $(id).textContent = value; }

function rows(tableId, items, nameOf) {
  const body = $(tableId).querySelector("tbody");
  body.innerHTML = items.length
    ? items.map((i) => `<tr><td>${nameOf(i)}</td><td class="n">${fmt.format(i.cdrs)}</td></tr>`).join("")
    : `<tr><td colspan="2" class="hint">none</td></tr>`;
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
  line("c-rate", state.rate);
}

async function totals(dimension) {
  const response = await fetch(`/api/traffic/${dimension}?since=${encodeURIComponent(state.since)}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body.rows.map((r) => ({ value: r.value, cdrs: r.counts.cdrs }));
}

async function drawTraffic(t) {
  heatmap("c-heat", t.regions);
  stacked("c-operators", t.operators);
  bars("c-hours", t.hours, (r) => r.voiceMinutes, "minutes");
  let categories = t.categories, countries = t.countries;
  if (state.since !== "1h") {
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

function draw(update) {
  try {
    if (state.page === "overview") drawOverview(update.overview);
    if (state.page === "traffic") drawTraffic(update.traffic).catch((e) => showError(e.message));
  } catch (e) {
    showError(`could not draw the update: ${e.message}`);
  }
}

// --- the live feed ---------------------------------------------------------------------------------------------

function connect() {
  const live = $("live");
  const source = new EventSource("/api/live");
  source.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  source.onerror = () => { live.textContent = "reconnecting…"; live.className = "live off"; };
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
  $("since").addEventListener("change", (e) => { state.since = e.target.value; state.lastFetch = 0; if (state.latest) draw(state.latest); });
  route();
  connect();
});
