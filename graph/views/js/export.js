// export: the view as a PNG (the network's canvas on white) and its visible facts as CSV, made in the
// page and saved through a link (no server). A CSV cell that a spreadsheet would read as a formula
// (=, +, -, @, a tab or a carriage return first) is written with an apostrophe before it.
var CSV_COLUMNS = ["id", "from_id", "from", "relation", "to_id", "to", "stance", "dates", "in_effect", "attribution",
  "sources", "quotes"];
function csvCell(value) {
  var s = String(value === undefined || value === null ? "" : value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return '"' + s.replace(/"/g, '""') + '"';
}
// the ties the view shows: in effect under the filters and the day, and with a focus, between the nodes it keeps
function shownTies() {
  return edgeList.filter(function (e) { return edgeVisible(e) && (kept === null || (kept.has(e.from) && kept.has(e.to))); });
}
function csvText() {
  var lines = [CSV_COLUMNS.map(csvCell).join(",")];
  shownTies().forEach(function (e) {
    var said = e.said || (e.secondhand ? data.secondhand : "");
    var q = (e.evidence || []).map(function (i) { return data.quotes[i][0] + ": " + data.quotes[i][1]; }).join("\n");
    lines.push([e.id, e.from, byId.get(e.from).name, relationLabel(e), e.to, byId.get(e.to).name, stanceOf(e),
      dateText(e), state.asOf ? e.look : "all time", said, sourcesOf(e).join(", "), q].map(csvCell).join(","));
  });
  return lines.join("\r\n") + "\r\n";
}
function pngUrl() {
  var canvas = container.querySelector("canvas");
  var out = document.createElement("canvas");
  out.width = canvas.width;
  out.height = canvas.height;
  var ctx = out.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL("image/png");
}
function save(name, url) {
  var a = el("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
}
function exportName(ext) { return "cdkg-view" + (state.asOf ? "-" + state.asOf : "") + "." + ext; }
function exportCsv() { save(exportName("csv"), "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + csvText())); }
function exportPng() { save(exportName("png"), pngUrl()); }
