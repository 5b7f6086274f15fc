// state: the one place for what the view shows. Every control changes it through update(), which
// tells the views what changed (watch) and writes it into the URL's fragment: the address is a
// permalink (opening it restores the view) and back and forward step through the views.
//   focus   node ids: one, with its neighbourhood of `hops`; two or more, those nodes alone (a pair)
//   off     the legend's filters that are unchecked, as "group:value" (type, stance, relation, claim)
//   asOf    an ISO day, or null for all time; colour: "type" or "camp"
//   item    what the evidence panel shows: "node:ID", "edge:ID" or null; tab: the open tab, "" for none
//   query, sort  the tables' filter text and sort column ("-" first: descending)
var DEFAULTS = { focus: [], hops: 1, off: [], asOf: null, colour: "type", item: null, tab: "", query: "", sort: "" };
var state = {};
Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });
var offSet = new Set();  // state.off, for lookups
function filterOn(group, value) { return !offSet.has(group + ":" + value); }
var watchers = [];
function watch(fn) { watchers.push(fn); }
function same(a, b) { return Array.isArray(a) ? Array.isArray(b) && a.join("\u0000") === b.join("\u0000") && a.length === b.length : a === b; }
// how: "push" (a new step in the history, the default), "replace" (the same step: a slider's drag, play),
// "restore" (from the URL: nothing written back)
function update(patch, how) {
  var changed = {}, any = false;
  Object.keys(patch).forEach(function (k) {
    if (!(k in DEFAULTS) || same(state[k], patch[k])) return;
    state[k] = patch[k];
    changed[k] = any = true;
  });
  if (!any) return;
  if (changed.off) offSet = new Set(state.off);
  watchers.forEach(function (fn) { fn(changed); });
  if (how !== "restore") writeUrl(how === "replace");
}
function encodeState(s) {
  var p = new URLSearchParams();
  s.focus.forEach(function (id) { p.append("focus", id); });
  if (s.hops !== DEFAULTS.hops) p.set("hops", String(s.hops));
  if (s.asOf) p.set("asof", s.asOf);
  if (s.colour !== DEFAULTS.colour) p.set("colour", s.colour);
  s.off.forEach(function (f) { p.append("off", f); });
  if (s.item) p.set("item", s.item);
  if (s.tab) p.set("tab", s.tab);
  if (s.query) p.set("q", s.query);
  if (s.sort) p.set("sort", s.sort);
  return p.toString();
}
// what a fragment asks for, checked against the data: an unknown id, day or value is left out
var TABS = ["opposition", "support", "timeline"];
function decodeState(hash) {
  var p = new URLSearchParams(hash.charAt(0) === "#" ? hash.slice(1) : hash), s = {};
  Object.keys(DEFAULTS).forEach(function (k) { s[k] = DEFAULTS[k]; });
  s.focus = p.getAll("focus").filter(function (id) { return byId.has(id); });
  s.hops = p.get("hops") === "2" ? 2 : 1;
  var day = p.get("asof");
  s.asOf = day && DAY.test(day) ? day : null;
  s.colour = p.get("colour") === "camp" && data.camps ? "camp" : "type";
  s.off = p.getAll("off").filter(function (f) { return FILTER_KEYS.has(f); }).sort();
  var item = p.get("item") || "";
  if ((item.indexOf("node:") === 0 && byId.has(item.slice(5))) || (item.indexOf("edge:") === 0 && edgeById.has(item.slice(5)))) {
    s.item = item;
  }
  s.tab = TABS.indexOf(p.get("tab")) !== -1 ? p.get("tab") : "";
  s.query = p.get("q") || "";
  s.sort = /^-?[a-z]+$/.test(p.get("sort") || "") ? p.get("sort") : "";
  return s;
}
var FILTER_KEYS = new Set();  // every "group:value" the legend can uncheck
document.querySelectorAll("input[data-filter]").forEach(function (box) { FILTER_KEYS.add(box.dataset.filter + ":" + box.value); });
function writeUrl(replace) {
  var query = encodeState(state), base = location.href.split("#")[0];
  var url = query ? base + "#" + query : base;
  if (url === location.href) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
}
function restoreUrl() { update(decodeState(location.hash), "restore"); }
window.addEventListener("popstate", restoreUrl);
window.addEventListener("hashchange", restoreUrl);
