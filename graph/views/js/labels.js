// labels: a first view that reads. At every zoom a label is drawn at least LABEL_PX high on the screen
// (its font grows as the view zooms out, up to LABEL_GROW times), the important nodes' first (entities
// before facts, then by their number of ties); a label that would overlap one already placed, or another
// node (but the most important), waits until the view zooms in; with a focus, only the nodes it keeps are labelled. A hidden label
// whose node is its shape (a person's ellipse, a court's box) goes back to its small size. Pages above LABEL_LIMIT nodes keep vis-network's labels as they are.
var LABEL_PX = 12, LABEL_GROW = 3, LABEL_LIMIT = 300, HIDDEN_TEXT = "rgba(0,0,0,0)";
var INSIDE = { box: true, ellipse: true, circle: true, database: true, text: true };  // the label is the shape
var labelOrder = nodeList.slice().sort(function (a, b) {
  var fa = types[a.type].fact ? 1 : 0, fb = types[b.type].fact ? 1 : 0;
  return fa - fb || adjacent.get(b.id).length - adjacent.get(a.id).length || byText(a.id, b.id);
});
nodeList.forEach(function (n) { n.labelSize = null; n.labelShown = true; });
function baseSize(n) { return data.options.groups[n.type].font.size; }
function hiddenLabel(n) {
  var small = INSIDE[data.options.groups[n.type].shape] ? baseSize(n) : n.labelSize;
  return keepPaint(n, { id: visId(n.id), font: { size: small, color: HIDDEN_TEXT } });
}
function overlaps(a, b) {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
function declutter() {
  if (nodeList.length > LABEL_LIMIT) return false;
  var scale = network.getScale(), changes = [];
  labelOrder.forEach(function (n) {  // first every label at its size, shown, to measure it
    var inside = INSIDE[data.options.groups[n.type].shape], fixed = inside && types[n.type].fact;  // a fact's box stays small
    var size = fixed ? baseSize(n) : Math.min(baseSize(n) * LABEL_GROW, Math.max(baseSize(n), LABEL_PX / scale));
    size = Math.round(size * 10) / 10;
    if (size !== n.labelSize || !n.labelShown) {
      n.labelSize = size;
      n.labelShown = true;
      changes.push(keepPaint(n, { id: visId(n.id), font: { size: size, color: inside ? "#222" : "#343434" } }));
    }
  });
  if (changes.length) nodes.update(changes);
  network.redraw();  // draws now: each label's box is measured
  // what a label must not cover: the labels placed before it, and every node's shape but its own
  var placed = [], hide = [], shapes = new Map();
  labelOrder.forEach(function (n) {
    var body = network.body.nodes[visId(n.id)];
    if (!nodeOn.get(n.id) || !body) return;
    var w = body.shape.width || 2 * (body.options.size || 0), h = body.shape.height || w;
    shapes.set(n.id, { left: body.x - w / 2, top: body.y - h / 2, width: w, height: h });
  });
  // with a focus, only what it keeps is labelled, and first
  var order = kept === null ? labelOrder : labelOrder.filter(function (n) { return kept.has(n.id); });
  labelOrder.forEach(function (n) {
    if (kept !== null && !kept.has(n.id) && n.labelShown) {
      n.labelShown = false;
      hide.push(hiddenLabel(n));
    }
  });
  var first = true;  // the most important label is always shown
  order.forEach(function (n) {
    var body = network.body.nodes[visId(n.id)];
    if (!shapes.has(n.id)) return;
    var always = first;
    first = false;
    var s = body.labelModule.size, box = { left: s.left - 1, top: s.top - 1, width: s.width + 2, height: s.height + 2 };
    var small = n.labelSize * scale < LABEL_PX * 0.6;  // a fact's label, too small to read: its box alone
    var covers = small || placed.some(function (p) { return overlaps(p, box); });
    if (!covers && !always) shapes.forEach(function (shape, id) { if (!covers && id !== n.id && overlaps(shape, box)) covers = true; });
    if (covers) {
      n.labelShown = false;
      hide.push(hiddenLabel(n));
    } else {
      placed.push(box);
    }
  });
  if (hide.length) nodes.update(hide);
  redrawSoon();
  return changes.length > 0;  // whether a label changed its size
}
var zoomTimer = null;
network.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(declutter, 120); });
