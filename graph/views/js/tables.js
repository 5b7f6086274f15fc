// tables: who opposes whom (and, in its own tab, who supports whom), one row per tie in effect under the
// filters and the day; sortable by a column (its header), filtered by text; a row focuses the pair.
var COLUMNS = [
  ["from", "Party"], ["relation", "Relation"], ["to", "Other party"], ["date", "Date"],
  ["said", "Attribution"], ["source", "Source"]
];
var ROW_LIMIT = 500;  // rows written at once; the filter narrows the rest
function tieCells(e) {
  return {
    from: byId.get(e.from).name,
    relation: relationLabel(e) + (e.via ? " (" + e.via + ")" : ""),
    to: byId.get(e.to).name,
    date: dateText(e),
    said: e.said || (e.secondhand ? data.secondhand : "stated in public, in the source's own voice"),
    source: sourcesOf(e).join(", ")
  };
}
function firstDay(e) {  // a date column sorts by the earliest day its dates allow, undated last
  var t = e.time || {}, b = t.date || t.start || t.end || t.window || [null, null];
  return b[0] || b[1] || "\uffff";
}
function tiesOf(stance) {
  var rows = edgeList.filter(function (e) { return e.kind !== "role" && stanceOf(e) === stance && edgeVisible(e); });
  var cells = new Map(rows.map(function (e) { return [e.id, tieCells(e)]; }));
  var q = fold(state.query);
  if (q) {
    rows = rows.filter(function (e) {
      var c = cells.get(e.id);
      return COLUMNS.some(function (col) { return fold(c[col[0]]).indexOf(q) !== -1; });
    });
  }
  var key = state.sort.replace(/^-/, ""), down = state.sort.charAt(0) === "-";
  if (key) {
    rows.sort(function (a, b) {
      var x = key === "date" ? firstDay(a) : cells.get(a.id)[key], y = key === "date" ? firstDay(b) : cells.get(b.id)[key];
      var c = key === "date" ? byText(x, y) : x.localeCompare(y);
      return (down ? -c : c) || byText(a.id, b.id);
    });
  }
  return { rows: rows, cells: cells };
}
function renderTable(box, stance) {
  var found = tiesOf(stance);
  var table = el("table", null, "ties");
  table.dataset.stance = stance;
  var head = el("tr");
  COLUMNS.forEach(function (col) {
    var th = el("th");
    var b = el("button", col[1] + (state.sort === col[0] ? " ▲" : state.sort === "-" + col[0] ? " ▼" : ""));
    b.type = "button";
    b.dataset.sort = col[0];
    b.addEventListener("click", function () { update({ sort: state.sort === col[0] ? "-" + col[0] : col[0] }); });
    th.appendChild(b);
    head.appendChild(th);
  });
  var thead = el("thead");
  thead.appendChild(head);
  table.appendChild(thead);
  var body = el("tbody");
  found.rows.slice(0, ROW_LIMIT).forEach(function (e) {
    var tr = el("tr", null, e.look !== "certain" ? e.look : "");
    tr.dataset.edge = e.id;
    if (state.item === "edge:" + e.id) tr.setAttribute("aria-selected", "true");
    var c = found.cells.get(e.id);
    COLUMNS.forEach(function (col) { tr.appendChild(el("td", c[col[0]])); });
    tr.addEventListener("click", function () { update({ focus: [e.from, e.to], item: "edge:" + e.id }); });
    body.appendChild(tr);
  });
  table.appendChild(body);
  var n = found.rows.length;
  box.appendChild(el("p", n > ROW_LIMIT ? "Showing " + ROW_LIMIT + " of " + n + " ties: type in the filter to narrow them."
    : n + (n === 1 ? " tie" : " ties") + (state.asOf ? " in effect as of " + state.asOf : "") + ".", "muted"));
  box.appendChild(table);
  var chosen = table.querySelector("tr[aria-selected=true]");
  if (chosen && chosen.scrollIntoView) chosen.scrollIntoView({ block: "nearest" });
}
