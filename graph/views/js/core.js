// core: the data, indexed; names and sentences; building text-only elements.
// Every string from the data is written with textContent (el) or as a plain tooltip string.
var data = JSON.parse(document.getElementById("graph-data").textContent);
var types = data.types, relations = data.relations;
var nodeList = data.nodes, edgeList = data.edges;
// Any id must work, "constructor", "__proto__" and "length" too: what is keyed by id here is a
// Map, and vis-network, which keys plain objects (and arrays) by id, gets an id that names a
// property they inherit escaped (visId), and so does any id that begins with the escape.
var INHERITED = [];
function visId(id) { return id in INHERITED || id.charAt(0) === "\u0001" ? "\u0001" + id : id; }
function recordId(v) { return typeof v === "string" && v.charAt(0) === "\u0001" ? v.slice(1) : v; }
var byId = new Map(), edgeById = new Map(), adjacent = new Map();  // adjacent: node id -> its edges' indices
nodeList.forEach(function (n) { byId.set(n.id, n); adjacent.set(n.id, []); });
edgeList.forEach(function (e, j) {
  if (e.kind === "role") {  // a role's dates, time, evidence and attribution are its fact's
    var fact = byId.get(e.from);
    e.time = fact.time; e.dates = fact.dates; e.evidence = fact.evidence;
    e.said = fact.said; e.secondhand = fact.secondhand;
  }
  edgeById.set(e.id, e);
  adjacent.get(e.from).push(j);
  if (e.to !== e.from) adjacent.get(e.to).push(j);
});
function stanceOf(e) { return e.kind === "role" ? "role" : relations[e.type].stance; }
function directed(e) { return e.kind === "role" || relations[e.type].directed; }
function relationLabel(e) {
  return e.kind === "role" ? (types[byId.get(e.from).type].roles[e.type] || e.type) : relations[e.type].label;
}
function sentence(e) {
  var from = byId.get(e.from), to = byId.get(e.to);
  if (e.kind === "role") return to.name + ": " + relationLabel(e) + " in " + from.name;
  var label = relations[e.type].label;
  return from.name + " " + (directed(e) ? label : "— " + label + " —") + " " + to.name;
}
function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim(); }
function byText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
// an item's sources, each once, in the order its evidence gives them
function sourcesOf(item) {
  var seen = [];
  (item.evidence || []).forEach(function (i) { var s = data.quotes[i][0]; if (seen.indexOf(s) === -1) seen.push(s); });
  return seen;
}
