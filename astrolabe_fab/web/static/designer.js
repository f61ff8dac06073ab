// The designer page: the form (generated from the design schema), the part tabs, the live
// preview, the zip download and the equivalent command. Everything it knows of a design
// comes from the server's API (SPEC §7); the page's URL holds the design's query string.
//
// Updates are debounced (DEBOUNCE_MS after the last edit) and never pile up: while one
// update is on its way, edits only mark the design as changed, and the newest design is
// sent when the answer comes. A slider drag therefore shows a new plate as fast as the
// server draws one, and never a stale one last.

import { buildForm, setValues } from "./controls.js";
import { show } from "./preview.js";

const DEBOUNCE_MS = 60;
const ALL_PARTS = "all parts";
const SHEETS = "sheets";

const state = {
  given: new Map(),     // design-file key -> string, as in the URL
  preset: null,
  design: null,         // the last valid /api/design answer
  tab: null,            // the part name shown, ALL_PARTS or SHEETS
  busy: false,
  again: false,
  timer: null,
  controls: null,
};

const $ = (selector) => document.querySelector(selector);

function query() {
  const params = new URLSearchParams();
  if (state.preset) params.set("preset", state.preset);
  for (const [key, value] of state.given) params.set(key, value);
  return params.toString();
}

function setStatus(text) {
  $("#status").textContent = text;
}

// ------------------------------------------------------------------ errors

function clearErrors() {
  for (const node of document.querySelectorAll(".error")) node.textContent = "";
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function showError(message, key) {
  const slot = key && document.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
  if (slot) {
    slot.textContent = message;
    const control = state.controls.get(key);
    for (const input of control ? control.inputs : []) input.setAttribute("aria-invalid", "true");
  } else {
    $("#general-error").textContent = message;
  }
}

async function errorOf(response) {
  try {
    const body = await response.json();
    return { message: body.error || response.statusText, key: body.key || null };
  } catch {
    return { message: `the server answered ${response.status} ${response.statusText}`, key: null };
  }
}

// ------------------------------------------------------------------ the design

function onEdit(key, text, how = {}) {
  if (key === "preset") {  // a preset is a fresh start; leaving it keeps its latitude
    if (text) {
      state.given.clear();
    } else if (state.design && !state.given.has("latitude_deg") && !state.given.has("place")) {
      state.given.set("latitude_deg", state.design.values.latitude_deg);
    }
    state.preset = text;
  } else if (text === null) {
    state.given.delete(key);
  } else {
    state.given.set(key, text);
  }
  if (how.slider || (key === "latitude_deg" && text !== null)) {
    state.given.delete("place");  // a latitude of one's own leaves the gazetteer's place
  }
  if (how.place && text !== null) {
    state.given.delete("latitude_deg");  // the place gives latitude and longitude
    state.given.delete("longitude_deg");
  }
  schedule();
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, DEBOUNCE_MS);
}

async function refresh() {
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  try {
    await update();
  } catch (error) {
    showError(`the designer cannot reach its server: ${error.message}`, null);
  } finally {
    state.busy = false;
    if (state.again) {
      state.again = false;
      refresh();
    }
  }
}

async function update() {
  const q = query();
  const response = await fetch(`/api/design?${q}`);
  if (!response.ok) {
    const { message, key } = await errorOf(response);
    clearErrors();
    showError(message, key);
    $("#download").disabled = true;
    $("#copy").disabled = true;
    document.body.classList.add("invalid");
    return;
  }
  const design = await response.json();
  clearErrors();
  document.body.classList.remove("invalid");
  state.design = design;
  history.replaceState(null, "", `?${q}`);
  setValues(state.controls, design.values, design.preset);
  $("#instrument").textContent = `${design.name} · ${design.parts.length} parts`;
  $("#command").value = design.command;
  $("#download").disabled = false;
  $("#copy").disabled = false;
  showTabs(design);
  await showPreview(q);
}

// ------------------------------------------------------------------ tabs and preview

function tabNames(design) {
  return [...design.parts, ...(design.sheets ? [SHEETS] : []), ALL_PARTS];
}

function chooseTab(design) {
  const names = tabNames(design);
  if (names.includes(state.tab)) return state.tab;
  const old = state.design && state.tab && state.tab.startsWith("plate-") ? state.tab : null;
  if (old) {  // the plate of a new latitude takes the old plate's place
    const plates = design.parts.filter((n) => n.startsWith("plate-"));
    if (plates.length) return plates[0];
  }
  return design.parts.find((n) => n.startsWith("plate-")) || names[0];
}

function showTabs(design) {
  state.tab = chooseTab(design);
  const nav = $("#tabs");
  nav.replaceChildren(...tabNames(design).map((name) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.role = "tab";
    tab.textContent = name;
    tab.dataset.part = name;
    tab.setAttribute("aria-selected", String(name === state.tab));
    tab.addEventListener("click", () => {
      state.tab = name;
      for (const other of nav.children) other.setAttribute("aria-selected", String(other === tab));
      refresh();
    });
    return tab;
  }));
}

function zoom() {
  return Number($("#zoom").value) || 1;
}

async function fetchPart(name, q) {
  const started = performance.now();
  const response = await fetch(`/api/parts/${encodeURIComponent(name)}.svg?${q}`);
  if (!response.ok) throw Object.assign(new Error("part"), await errorOf(response));
  const text = await response.text();
  const timing = response.headers.get("server-timing") || "";
  const server = /dur=([\d.]+)/.exec(timing);
  return { text, ms: performance.now() - started, serverMs: server ? Number(server[1]) : null };
}

async function showPreview(q) {
  const preview = $("#preview");
  const name = state.tab;
  if (name === ALL_PARTS || name === SHEETS) {
    let names = state.design.parts;
    if (name === SHEETS) {
      const response = await fetch(`/api/sheets?${q}`);
      if (!response.ok) { const e = await errorOf(response); showError(e.message, e.key); return; }
      names = (await response.json()).sheets;
    }
    await showGallery(preview, names, q);
    return;
  }
  setStatus(`drawing ${name}…`);
  try {
    const part = await fetchPart(name, q);
    const svg = show(preview, part.text, zoom());
    svg.dataset.part = name;
    preview.classList.remove("gallery");
    preview.dataset.part = name;
    preview.dataset.query = q;
    const server = part.serverMs === null ? "" : `, server ${part.serverMs.toFixed(0)} ms`;
    setStatus(`${name}: ${part.ms.toFixed(0)} ms${server}`);
  } catch (error) {
    showError(error.message, error.key);
  }
}

async function showGallery(preview, names, q) {
  setStatus(`drawing ${names.length} parts…`);
  const started = performance.now();
  const parts = await Promise.all(names.map((n) => fetchPart(n, q).catch((e) => e)));
  const figures = names.map((name, i) => {
    const figure = document.createElement("figure");
    const part = parts[i];
    if (part instanceof Error) {
      figure.textContent = part.message;
    } else {
      const holder = document.createElement("div");
      show(holder, part.text, 1);
      figure.append(holder);
    }
    const caption = document.createElement("figcaption");
    caption.textContent = name;
    figure.append(caption);
    figure.addEventListener("click", () => {
      if (!state.design.parts.includes(name)) return;
      state.tab = name;
      showTabs(state.design);
      refresh();
    });
    return figure;
  });
  preview.replaceChildren(...figures);
  preview.classList.add("gallery");
  preview.dataset.part = state.tab;
  preview.dataset.query = q;
  setStatus(`${names.length} parts: ${(performance.now() - started).toFixed(0)} ms`);
}

// ------------------------------------------------------------------ actions

async function download() {
  const q = query();
  const button = $("#download");
  button.disabled = true;
  setStatus("building the zip…");
  try {
    const response = await fetch(`/api/build.zip?${q}`);
    if (!response.ok) {
      const { message, key } = await errorOf(response);
      showError(message, key);
      setStatus("");
      return;
    }
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${state.design.name}.zip`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    setStatus(`${state.design.name}.zip: ${(blob.size / 1024).toFixed(0)} kB`);
  } finally {
    button.disabled = false;
  }
}

async function copyCommand() {
  const field = $("#command");
  try {
    await navigator.clipboard.writeText(field.value);
    setStatus("command copied");
  } catch {
    field.select();  // no clipboard access: the command is selected for Ctrl-C
    setStatus("press Ctrl-C to copy the selected command");
  }
}

function applyLook() {
  const preview = $("#preview");
  const look = document.querySelector('input[name="look"]:checked').value;
  preview.classList.toggle("look-laser", look === "laser");
  preview.classList.toggle("look-material", look === "material");
  for (const name of [...preview.classList].filter((c) => c.startsWith("mat-"))) {
    preview.classList.remove(name);
  }
  preview.classList.add(`mat-${$("#material").value}`);
  $("#material").disabled = look !== "material";
}

// ------------------------------------------------------------------ start

async function start() {
  const response = await fetch("/api/schema");
  const schema = await response.json();
  state.controls = buildForm($("#form"), schema, onEdit);
  const params = new URLSearchParams(location.search);
  if ([...params.keys()].length === 0) {
    for (const [key, value] of Object.entries(schema.default_query)) params.set(key, value);
  }
  for (const [key, value] of params) {
    if (key === "preset") state.preset = value;
    else state.given.set(key, value);
  }
  $("#download").addEventListener("click", download);
  $("#copy").addEventListener("click", copyCommand);
  for (const input of document.querySelectorAll('input[name="look"], #material')) {
    input.addEventListener("change", applyLook);
  }
  $("#zoom").addEventListener("change", () => {
    const svg = $("#preview:not(.gallery) > svg");
    if (svg) svg.style.width = `${100 * zoom()}%`;
  });
  applyLook();
  await refresh();
}

start();
