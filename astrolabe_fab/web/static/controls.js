// Form controls generated from the design schema (GET /api/schema): one control per design
// field, by its kind. Adding a field to the schema adds its control here, with no change.
//
// Each control reports edits through onEdit(key, text): text is the string the matching
// `astrofab build` option takes (null: back to the default). setValues() shows a resolved
// design without touching the control being edited.

const SLIDER_STEP = "0.01";

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function title(field) {
  const label = field.label.charAt(0).toUpperCase() + field.label.slice(1);
  return field.unit && field.kind === "number" ? `${label} (${field.unit})` : label;
}

// ---------------------------------------------------------------- one builder per kind

function numberControl(field, onEdit) {
  const input = element("input", {
    type: "number", id: `f-${field.key}`, step: "any", inputmode: "decimal",
    min: field.lo, max: field.hi, placeholder: field.optional ? "auto" : null,
  });
  input.addEventListener("input", () => onEdit(field.key, input.value.trim() || null));
  return { node: input, inputs: [input], set: (text) => { input.value = text; } };
}

function latitudeControl(field, onEdit) {
  const slider = element("input", {
    type: "range", id: "latitude-slider", min: field.lo, max: field.hi, step: SLIDER_STEP,
    "aria-label": "latitude slider",
  });
  const number = numberControl(field, onEdit);
  slider.addEventListener("input", () => {
    number.node.value = slider.value;
    onEdit(field.key, slider.value, { slider: true });
  });
  number.node.addEventListener("input", () => { slider.value = number.node.value; });
  const row = element("div", { class: "latitude-row" }, slider, number.node);
  return {
    node: row,
    inputs: [slider, number.node],
    set: (text) => { number.node.value = text; slider.value = text; },
  };
}

function choiceControl(field, onEdit) {
  const select = element("select", { id: `f-${field.key}` });
  if (field.optional) select.append(element("option", { value: "" }, "(by the design)"));
  for (const choice of field.choices) select.append(element("option", { value: choice }, choice));
  select.addEventListener("change", () => onEdit(field.key, select.value || null));
  return { node: select, inputs: [select], set: (text) => { select.value = text; } };
}

function choicesControl(field, onEdit) {
  const boxes = field.choices.map((choice) =>
    element("input", { type: "checkbox", value: choice, id: `f-${field.key}-${choice}` }));
  const group = element("div", { class: "choices", id: `f-${field.key}`, role: "group" },
    ...boxes.map((box) => element("label", {}, box, ` ${box.value}`)));
  const report = () => onEdit(field.key, boxes.filter((b) => b.checked).map((b) => b.value).join(","));
  for (const box of boxes) box.addEventListener("change", report);
  const set = (text) => {
    const chosen = new Set(text.split(",").filter(Boolean));
    for (const box of boxes) box.checked = chosen.has(box.value);
  };
  return { node: group, inputs: boxes, set };
}

function boolControl(field, onEdit) {
  if (field.optional) {  // true, false or left to the design ("auto")
    const select = element("select", { id: `f-${field.key}` },
      element("option", { value: "auto" }, "auto"),
      element("option", { value: "true" }, "yes"),
      element("option", { value: "false" }, "no"));
    select.addEventListener("change", () => onEdit(field.key, select.value === "auto" ? null : select.value));
    return { node: select, inputs: [select], set: (text) => { select.value = text || "auto"; } };
  }
  const box = element("input", { type: "checkbox", id: `f-${field.key}` });
  box.addEventListener("change", () => onEdit(field.key, box.checked ? "true" : "false"));
  return { node: box, inputs: [box], set: (text) => { box.checked = text === "true"; } };
}

function textControl(field, onEdit, places) {
  const attributes = { type: "text", id: `f-${field.key}`, spellcheck: "false" };
  if (field.kind === "size") attributes.placeholder = "e.g. 600x400";
  if (field.kind === "numbers") attributes.placeholder = "e.g. 30,35,40 or 30:50:5";
  if (field.kind === "names") attributes.placeholder = "comma list";
  if (field.kind === "place") {
    attributes.list = "places";
    attributes.placeholder = "search the gazetteer";
  }
  const input = element("input", attributes);
  const nodes = [input];
  if (field.kind === "place") {
    const list = element("datalist", { id: "places" });
    for (const place of places) {
      list.append(element("option", { value: place.name },
        `${place.country} ${place.latitude_deg.toFixed(2)}°`));
    }
    nodes.push(list);
    input.addEventListener("change", () => onEdit(field.key, input.value.trim() || null, { place: true }));
  } else {
    input.addEventListener("input", () => onEdit(field.key, input.value === "" ? null : input.value));
  }
  const node = nodes.length === 1 ? input : element("div", { class: "with-list" }, ...nodes);
  return { node, inputs: [input], set: (text) => { input.value = text; } };
}

// ---------------------------------------------------------------- the form

export function buildForm(form, schema, onEdit) {
  const controls = new Map();
  form.replaceChildren();
  const presetSelect = element("select", { id: "f-preset" },
    element("option", { value: "" }, "(none)"),
    ...schema.presets.map((p) => element("option", { value: p.name, title: p.summary }, p.name)));
  presetSelect.addEventListener("change", () => onEdit("preset", presetSelect.value || null));
  form.append(row({ key: "preset", label: "preset", help: "Start from a bundled design (astrofab presets).", kind: "choice" },
    { node: presetSelect }));
  controls.set("preset", { inputs: [presetSelect], set: (text) => { presetSelect.value = text || ""; } });

  for (const field of schema.fields) {
    let control;
    if (field.key === "latitude_deg") control = latitudeControl(field, onEdit);
    else if (field.kind === "number") control = numberControl(field, onEdit);
    else if (field.kind === "choice") control = choiceControl(field, onEdit);
    else if (field.kind === "choices") control = choicesControl(field, onEdit);
    else if (field.kind === "bool") control = boolControl(field, onEdit);
    else control = textControl(field, onEdit, schema.places);
    form.append(row(field, control));
    controls.set(field.key, control);
  }
  return controls;
}

function row(field, control) {
  const id = control.node.id || `f-${field.key}`;
  const label = element("label", { for: id }, title(field));
  const help = element("small", { class: "help" }, field.help);
  const error = element("p", { class: "error", "data-error-for": field.key, role: "alert" });
  return element("div", { class: `field kind-${field.kind}`, "data-key": field.key },
    label, control.node, help, error);
}

export function setValues(controls, values, preset) {
  const editing = document.activeElement;
  for (const [key, control] of controls) {
    if (control.inputs.includes(editing)) continue;  // never undo what is being typed
    const text = key === "preset" ? preset : values[key];
    control.set(text ?? "");
  }
}
