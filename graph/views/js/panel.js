// panel: the evidence, compact. A node's ties grouped by the fact they come from, opposition first;
// one line per quote with its source's id, the sources' titles once at the end; long lists collapsed.
var details = document.getElementById("details");
var QUOTES_OPEN = 3, GROUPS_OPEN = 8;
function fields(item) {
  var dl = el("dl");
  function row(k, v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
  dateRows(item).forEach(function (r) { row(r[0], r[1]); });
  if (item.said) row("Attribution", item.said);
  var t = item.time, c = certainty(t, state.asOf);  // timeless: always in effect, nothing to say
  if (t && state.asOf !== null) {
    row("As of " + state.asOf, ["certainly not in effect", "possibly in effect", "certainly in effect"][c] +
      (t.planned && c !== NO ? " (planned)" : ""));
  } else if (t && t.planned) {
    row("As of", "planned: expected by its sources");
  }
  (item.fields || []).forEach(function (f) { row(f[0], f[1]); });
  return dl;
}
// a quote in its sentence: the source's text before it, the quote as the source writes it (marked), after it
// (cut in three by the build: offsets are code points, JavaScript strings count UTF-16 units)
function inSentence(q) {
  var box = el("details", null, "sentence");
  box.appendChild(el("summary", "In its sentence (characters " + q[2] + "–" + q[3] + " of " + q[0] + ")"));
  var p = el("p");
  p.appendChild(document.createTextNode(q[4]));
  p.appendChild(el("mark", q[5]));
  p.appendChild(document.createTextNode(q[6]));
  box.appendChild(p);
  return box;
}
// the quotes, each once, one line each: the first few, the rest behind "n more"
function quotes(parent, evidence, cited) {
  var seen = new Set(), list = [];
  (evidence || []).forEach(function (i) { if (!seen.has(i)) { seen.add(i); list.push(i); } });
  var more = null;
  list.forEach(function (i, k) {
    var row = data.quotes[i];
    cited.add(row[0]);
    var q = el("blockquote", "“" + row[1] + "”", "quote");
    q.appendChild(el("span", " " + row[0], "src"));
    if (row.length > 2) q.appendChild(inSentence(row));
    if (k === QUOTES_OPEN && list.length > QUOTES_OPEN + 1) {
      more = el("details", null, "more");
      more.appendChild(el("summary", (list.length - QUOTES_OPEN) + " more quotes"));
      parent.appendChild(more);
    }
    (more || parent).appendChild(q);
  });
}
function sourceList(cited) {
  if (!cited.size) return;
  details.appendChild(el("h2", "Sources"));
  var ul = el("ul", null, "sources");
  Array.from(cited).sort(byText).forEach(function (id) {
    var s = data.sources[id];
    var li = el("li", id + (s ? ": " + s.title + (s.published ? " (" + s.published + ")" : "") : ""));
    li.dataset.source = id;
    ul.appendChild(li);
  });
  details.appendChild(ul);
}
function edgeLine(e) {
  var line = el("div", sentence(e), "tie " + stanceOf(e));
  var when = dateText(e);
  if (when) line.appendChild(el("span", " · " + when, "muted"));
  if (e.said) line.appendChild(el("span", " · " + e.said, "secondhand"));
  else if (e.secondhand) line.appendChild(el("span", " · " + data.secondhand, "secondhand"));
  line.dataset.edge = e.id;
  return line;
}
function edgeBlock(e, cited) {
  var block = el("div", null, "fact");
  block.dataset.edge = e.id;
  block.dataset.stance = stanceOf(e);
  block.appendChild(el("div", sentence(e), stanceOf(e)));
  if (e.via) block.appendChild(el("div", "From: " + e.via, "muted"));
  if (e.secondhand) block.appendChild(el("div", capital(data.secondhand), "secondhand"));
  block.appendChild(fields(e));
  quotes(block, e.evidence, cited);
  return block;
}
var RANK = Object.create(null);  // the schema's order of stances, role edges last
RANK.role = data.stances.length;
data.stances.forEach(function (s, i) { RANK[s] = i; });
// a node's ties, one group per fact (its ties share its evidence) or per relation, opposition first
function groups(ties) {
  var found = new Map();
  ties.forEach(function (e) {
    var key = e.kind === "role" ? "fact:" + e.from : e.via ? "via:" + e.via : "edge:" + e.id;
    if (!found.has(key)) found.set(key, { title: e.kind === "role" ? byId.get(e.from).name : e.via || null, ties: [] });
    found.get(key).ties.push(e);
  });
  var list = Array.from(found.values());
  list.forEach(function (g) {
    g.ties.sort(function (a, b) { return RANK[stanceOf(a)] - RANK[stanceOf(b)] || byText(a.id, b.id); });
    g.rank = RANK[stanceOf(g.ties[0])];
  });
  list.sort(function (a, b) { return a.rank - b.rank || byText(a.title || a.ties[0].id, b.title || b.ties[0].id); });
  return list;
}
function groupBlock(g, cited) {
  if (!g.title && g.ties.length === 1) return edgeBlock(g.ties[0], cited);
  var block = el("div", null, "fact group");
  block.dataset.stance = stanceOf(g.ties[0]);
  if (g.title) block.appendChild(el("div", g.title, "via"));
  g.ties.forEach(function (e) { block.appendChild(edgeLine(e)); });
  var first = g.ties[0];
  block.appendChild(fields({ dates: first.dates, said: first.said, time: first.time, fields: first.fields }));
  var evidence = [];
  g.ties.forEach(function (e) { evidence = evidence.concat(e.evidence || []); });
  quotes(block, evidence, cited);
  return block;
}
function showNode(id) {
  var n = byId.get(id), cited = new Set();
  details.textContent = "";
  details.setAttribute("data-shown", "node:" + id);
  details.appendChild(el("h3", n.name));
  details.appendChild(el("div", types[n.type].label, "muted"));
  if (n.aliases) details.appendChild(el("div", "Also called: " + n.aliases.join(", ")));
  details.appendChild(fields(n));
  quotes(details, n.evidence, cited);
  var ties = adjacent.get(id).map(function (j) { return edgeList[j]; }).filter(edgeVisible);
  var found = groups(ties), rest = null;
  if (found.length) details.appendChild(el("h2", "Facts (" + found.length + ")"));
  found.forEach(function (g, k) {
    if (k === GROUPS_OPEN && found.length > GROUPS_OPEN + 1) {
      rest = el("details", null, "more");
      rest.appendChild(el("summary", (found.length - GROUPS_OPEN) + " more facts"));
      details.appendChild(rest);
    }
    (rest || details).appendChild(groupBlock(g, cited));
  });
  // what a source denies is never in effect, never drawn: said here, with its evidence
  var denied = adjacent.get(id).map(function (j) { return edgeList[j]; }).filter(function (e) {
    return e.time && e.time.negated && nodeOn.get(e.from) && nodeOn.get(e.to);
  });
  if (denied.length) details.appendChild(el("h2", "Denied by a source (" + denied.length + ")"));
  denied.forEach(function (e) { details.appendChild(edgeBlock(e, cited)); });
  sourceList(cited);
}
function showEdge(id) {
  var cited = new Set();
  details.textContent = "";
  details.setAttribute("data-shown", "edge:" + id);
  details.appendChild(edgeBlock(edgeById.get(id), cited));
  sourceList(cited);
}
function showItem() {
  var item = state.item;
  if (item === null) {
    details.textContent = "";
    details.removeAttribute("data-shown");
    details.appendChild(el("p", "Click a node or an edge to see its facts, dates and the verbatim evidence. Hover for a summary.", "muted"));
  } else if (item.indexOf("node:") === 0) {
    showNode(item.slice(5));
  } else {
    showEdge(item.slice(5));
  }
}
