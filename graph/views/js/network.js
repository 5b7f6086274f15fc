// network: vis-network's items, what the filters and the day show, the colours, and the focus.
// A tie that rests only on a reported, believed or private claim: a band behind its line (the legend's)
var SECONDHAND = { enabled: true, color: "rgba(230,150,0,0.45)", size: 9, dashes: false };
var PALE = 0.35, DASHES = { possible: [10, 4, 2, 4], planned: [2, 6] }, BORDERS = { possible: [5, 4], planned: [2, 3] };
// vis-network's options for an item drawn so; back to certain, what a certain item is created with (a
// node's opacity undefined, not 1 nor null: vis-network redoes the colours of a node with an opacity
// on every drawing, and turns null into an invalid colour)
function nodeLook(look) {
  if (look === "certain") return { opacity: undefined, borderWidth: 1, shapeProperties: { borderDashes: false } };
  return { opacity: PALE, borderWidth: 2, shapeProperties: { borderDashes: BORDERS[look] } };
}
function edgeStyleOf(e) { return e.kind === "role" ? data.role : relations[e.type].style; }
// an edge's colour, width and dashes for its look and, colouring by camp, whether it is contested
function edgeLook(e, look, contested) {
  var s = edgeStyleOf(e), colour = contested ? CONTESTED : s.color, width = contested ? s.width + 3 : s.width;
  if (look === "certain") return { color: colour, width: width, dashes: s.dashes || false };
  return { color: { color: colour, highlight: colour, hover: colour, inherit: false, opacity: PALE }, width: width, dashes: DASHES[look] };
}

// -- tooltips: plain strings (vis-network shows a string title as text)
function evidenceText(evidence) {
  return evidence.map(function (i) { var q = data.quotes[i]; return "“" + q[1] + "”\n  — " + q[0]; }).join("\n");
}
function titleText(head, item) {
  var lines = head.slice();
  if (item.said) lines.push("Attribution: " + item.said);
  if (LOOK_TEXT[item.look]) lines.push(LOOK_TEXT[item.look]);
  dateRows(item).forEach(function (r) { lines.push(r[0] + ": " + r[1]); });
  (item.fields || []).forEach(function (f) { lines.push(f[0] + ": " + f[1]); });
  if (item.evidence && item.evidence.length) { lines.push(""); lines.push(evidenceText(item.evidence)); }
  return lines.join("\n");
}
function nodeTitle(n) {
  var head = [n.name, types[n.type].label];
  if (n.aliases) head.push("Also: " + n.aliases.join(", "));
  return titleText(head, n);
}
function edgeTitle(e) {
  var head = [sentence(e)];
  if (e.via) head.push("From: " + e.via);
  if (e.secondhand) head.push(capital(data.secondhand));  // "Rests only on a reported, believed or private claim"
  return titleText(head, e);
}

// -- what the filters show: nodes by type and date; edges by stance, relation and date, and
// only between shown nodes (vis-network hides an edge whose end is hidden)
function inEffect(item) { return certainty(item.time, state.asOf) !== NO; }
function nodeShown(n) { return filterOn("type", n.type) && inEffect(n); }
function edgeShownOwn(e) {
  if (!filterOn("stance", stanceOf(e))) return false;
  if (e.kind !== "role" && !filterOn("relation", e.type)) return false;
  if (e.secondhand && !filterOn("claim", "secondhand")) return false;
  return inEffect(e);
}
var nodeOn = new Map(), edgeOn = new Map();  // by id: shown by the filters (an edge: by its own filters)
nodeList.forEach(function (n) { nodeOn.set(n.id, nodeShown(n)); n.look = lookOf(n, state.asOf); n.paint = null; });
edgeList.forEach(function (e) { edgeOn.set(e.id, edgeShownOwn(e)); e.look = lookOf(e, state.asOf); e.contested = false; });
function edgeVisible(e) { return edgeOn.get(e.id) && nodeOn.get(e.from) && nodeOn.get(e.to); }

// vis-network gets only what it draws; shared styles come from the options' groups and defaults
var nodes = new vis.DataSet(nodeList.map(function (n) {
  var item = { id: visId(n.id), label: n.label || n.name, group: n.type, title: nodeTitle(n) };
  if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
  if (!nodeOn.get(n.id)) { item.hidden = true; item.physics = false; }  // vis lets hidden nodes push the rest
  if (n.look !== "certain") Object.assign(item, nodeLook(n.look));
  return item;
}));
var edges = new vis.DataSet(edgeList.map(function (e) {
  var s = edgeStyleOf(e);
  var item = { id: visId(e.id), from: visId(e.from), to: visId(e.to), color: s.color, width: s.width, title: edgeTitle(e) };
  if (s.dashes) item.dashes = s.dashes;
  if (!directed(e)) item.arrows = { to: { enabled: false } };
  if (e.curve) item.smooth = { enabled: true, type: "curvedCW", roundness: 0.12 + 0.18 * e.curve };
  if (e.secondhand) item.background = SECONDHAND;
  if (!edgeOn.get(e.id)) item.hidden = true;
  if (e.look !== "certain") Object.assign(item, edgeLook(e, e.look, false));
  return item;
}));

var container = document.getElementById("network");
var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
// One redraw on the next frame, shared with the ones vis-network asks for itself. (Without
// physics, vis-network draws at once after every update of its data: a filter's updates are
// made with drawing held back, then drawn once.)
function redrawSoon() { network.body.emitter.emit("_requestRedraw"); }
function drawnOnce(update) {
  network.body.emitter.emit("_blockRedraw");
  try { update(); } finally { network.body.emitter.emit("_allowRedraw"); }
  redrawSoon();
}

function updateCounts() {
  var n = 0, m = 0, looks = { possible: 0, planned: 0 };
  nodeList.forEach(function (x) { if (nodeOn.get(x.id)) { n++; if (x.look in looks) looks[x.look]++; } });
  edgeList.forEach(function (e) { if (edgeVisible(e)) { m++; if (e.look in looks) looks[e.look]++; } });
  document.getElementById("node-count").textContent = String(n);
  document.getElementById("edge-count").textContent = String(m);
  var parts = [];
  if (looks.possible) parts.push(looks.possible + " possibly in effect");
  if (looks.planned) parts.push(looks.planned + " planned");
  document.getElementById("uncertain-count").textContent = parts.length ? "; of them " + parts.join(", ") : "";
}
// what colours the nodes: null for their type's (the options' groups), else a colour
function paintOf(answer, n) { return answer === null ? null : types[n.type].fact ? NO_CAMP : campColour(answer, n.id); }
// vis-network takes a node's colour back to its group's on any update without one: a node painted keeps it
function keepPaint(n, change) { if (n.paint !== null) change.color = n.paint; return change; }
function refresh() {
  // only the items that change, in one update each: vis-network redoes an item's options on update
  var nodeChanges = [], edgeChanges = [];
  var answer = state.colour === "camp" ? campAnswer(state.asOf) : null;
  contestedSet = new Set(answer ? answer.contested : []);
  // an item's look (certain, possible, planned) changes its style and tooltip; a hidden one keeps its last
  nodeList.forEach(function (n) {
    var on = nodeShown(n), look = on ? lookOf(n, state.asOf) : n.look, paint = paintOf(answer, n);
    if (on === nodeOn.get(n.id) && look === n.look && paint === n.paint) return;
    var change = { id: visId(n.id), hidden: !on, physics: on };
    if (look !== n.look) { n.look = look; Object.assign(change, nodeLook(look), { title: nodeTitle(n) }); }
    if (paint !== n.paint) { n.paint = paint; change.color = paint === null ? data.types[n.type].color : paint; }
    else keepPaint(n, change);
    nodeOn.set(n.id, on);
    nodeChanges.push(change);
  });
  edgeList.forEach(function (e) {
    var on = edgeShownOwn(e), look = on ? lookOf(e, state.asOf) : e.look, contested = contestedSet.has(e.id);
    if (on === edgeOn.get(e.id) && look === e.look && contested === e.contested) return;
    var change = { id: visId(e.id), hidden: !on };
    if (look !== e.look || contested !== e.contested) {
      if (look !== e.look) change.title = edgeTitle(Object.assign(e, { look: look }));
      e.contested = contested;
      Object.assign(change, edgeLook(e, look, contested));
    }
    edgeOn.set(e.id, on);
    edgeChanges.push(change);
  });
  if (nodeChanges.length || edgeChanges.length) {
    drawnOnce(function () {
      if (nodeChanges.length) nodes.update(nodeChanges);
      if (edgeChanges.length) edges.update(edgeChanges);
    });
  }
  document.body.setAttribute("data-colour", state.colour);
  updateCounts();
}

// -- focus: the neighbourhood stays, the rest fades (as Oligrapher does). The fading is drawn:
// the picture turned grey and pale, then the neighbourhood again on top, with vis-network's own
// drawing of each item (restyling every item instead takes seconds on a large graph).
var VEIL = "rgba(255,255,255,0.75)";
var kept = null;  // the set of node ids kept while a node is focused
function neighbourhood(id, hops) {
  var seen = new Set([id]);
  var frontier = [id];
  for (var i = 0; i < hops; i++) {
    var next = [];
    frontier.forEach(function (n) {
      adjacent.get(n).forEach(function (j) {
        var e = edgeList[j];
        if (!edgeVisible(e)) return;
        var m = e.from === n ? e.to : e.from;
        if (!seen.has(m)) { seen.add(m); next.push(m); }
      });
    });
    frontier = next;
  }
  return seen;
}
network.on("afterDrawing", function (ctx) {
  if (kept === null) return;
  var w = ctx.canvas.width, h = ctx.canvas.height;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = "destination-over";  // white behind, so that grey is grey
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.globalCompositeOperation = "saturation";
  ctx.fillStyle = "#808080";
  ctx.fillRect(0, 0, w, h);
  ctx.globalCompositeOperation = "source-over";
  ctx.fillStyle = VEIL;
  ctx.fillRect(0, 0, w, h);
  ctx.restore();
  var body = network.body, labels = [];
  var keptEdges = body.edgeIndices.map(function (id) { return body.edges[id]; }).filter(function (e) {
    return e.connected && kept.has(recordId(e.fromId)) && kept.has(recordId(e.toId));
  });
  keptEdges.forEach(function (e) { e.draw(ctx); });
  body.nodeIndices.forEach(function (id) {
    if (!kept.has(recordId(id))) return;
    var drawn = body.nodes[id].draw(ctx);
    if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
  });
  keptEdges.forEach(function (e) { e.drawArrows(ctx); });
  labels.forEach(function (draw) { draw(); });
});
// the focus on what is shown: a focused node hidden by a filter or the day is let go
function shownFocus() { return state.focus.filter(function (id) { return nodeOn.get(id); }); }
function highlight() {
  var before = kept, focus = shownFocus();
  kept = !focus.length ? null : focus.length === 1 ? neighbourhood(focus[0], state.hops) : new Set(focus);
  if (before !== null || kept !== null) redrawSoon();
  document.body.setAttribute("data-focus", focus.join(" "));
  showSelection();
}
// vis-network's selection: the focused nodes, and the edge the panel shows
function showSelection() {
  var item = state.item, edge = item && item.indexOf("edge:") === 0 && edgeOn.get(item.slice(5)) ? [visId(item.slice(5))] : [];
  network.setSelection({ nodes: shownFocus().map(visId), edges: edge });
}
// fit the view to what the focus keeps (every node of it on screen), else to everything
var MAX_FIT_SCALE = 1.6;
function fitView() {
  var ids = kept === null ? null : Array.from(kept).map(visId);
  // twice: the labels' size follows the scale, and the fit the labels' size
  for (var i = 0; i < 2; i++) {
    network.fit(ids === null ? { animation: false } : { nodes: ids, animation: false });
    if (network.getScale() > MAX_FIT_SCALE) network.moveTo({ scale: MAX_FIT_SCALE, animation: false });
    if (!declutter()) break;
  }
}
