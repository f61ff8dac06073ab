// A part's SVG file shown in the page, as it will be cut.
//
// The file is the one `astrofab build` writes: one group per laser layer (ENGRAVE, SCORE,
// CUT_INNER, CUT_OUTER, GUIDE) in the palette's colours, with hairline strokes. The page
// draws it inline; style.css makes the hairlines visible at any zoom (non-scaling strokes)
// and, for the material look, repaints the layers: the outer cut filled with the material,
// the inner cuts as holes, engraving and scoring in the colour the laser leaves.

const SVG_NS = "http://www.w3.org/2000/svg";
export const LAYERS = ["ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER", "GUIDE"];

// Parse an SVG file into an element for the page (null if it is not an SVG document).
export function svgElement(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (!svg || svg.namespaceURI !== SVG_NS || svg.localName !== "svg") return null;
  for (const group of svg.querySelectorAll(":scope > g[id]")) {
    group.setAttribute("data-layer", group.id);  // ids would repeat between parts
    group.removeAttribute("id");
  }
  const width = svg.getAttribute("width");
  svg.setAttribute("data-width-mm", width ? width.replace("mm", "") : "");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  // under every layer: the material, then the holes through it
  svg.prepend(underlay(svg, "CUT_OUTER", "MATERIAL"), underlay(svg, "CUT_INNER", "HOLES"));
  return document.importNode(svg, true);
}

// Filled copies of a cut layer's shapes, drawn under everything: the material (outer cut)
// and the holes through it (inner cuts). Hidden in the laser look (style.css).
function underlay(svg, layer, name) {
  const group = document.createElementNS(SVG_NS, "g");
  group.setAttribute("data-layer", name);
  const source = svg.querySelector(`:scope > g[data-layer="${layer}"]`);
  if (source) {
    for (const shape of source.children) {
      const copy = shape.cloneNode(false);
      copy.removeAttribute("stroke-width");
      group.append(copy);
    }
  }
  return group;
}

// Show one part in a container, replacing what it showed.
export function show(container, text, zoom = 1) {
  const svg = svgElement(text);
  if (!svg) throw new Error("the server sent something that is not an SVG file");
  svg.style.width = `${100 * zoom}%`;
  container.replaceChildren(svg);
  return svg;
}
