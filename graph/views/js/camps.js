// camps: colour by camp, the structural-balance camps of `camps` (graph/analysis/balance.py), computed
// by the build for every stretch of days (graph/analysis/explorer.py): the page looks its day up.
// Each part of the signed graph has two camps; the largest part's are red and blue.
var CAMP_COLOURS = [["#d64541", "#2f7fc1"], ["#e67e22", "#16a085"], ["#8e44ad", "#7f8c3d"]];
var NO_CAMP = "#d9d9d9", CONTESTED = "#9b30d9";
function campAnswer(day) {
  var c = data.camps;
  if (!c) return null;
  if (day === null || !c.periods.length) return c.all;
  var found = c.periods[0];
  c.periods.forEach(function (p) { if (p.from === null || p.from <= day) found = p; });
  return found;
}
// a camp's colour stays with its side as the days go: the camp that holds the leader of the first camp at
// any time is red on every day (the command line orders a part's camps by size, which changes)
function sideOf(answer, id) { return answer && Object.prototype.hasOwnProperty.call(answer.side, id) ? answer.side[id] : null; }
function campSwatch(answer, part, camp) {
  var anchor = data.camps ? sideOf(answer, data.camps.all.leaders[0][0]) : null;
  var flip = anchor !== null && anchor[0] === part && anchor[1] === 1 ? 1 : 0;
  return part < CAMP_COLOURS.length ? CAMP_COLOURS[part][camp ^ flip] : NO_CAMP;
}
function campColour(answer, id) {
  var at = sideOf(answer, id);
  return at === null ? NO_CAMP : campSwatch(answer, at[0], at[1]);
}
var contestedSet = new Set();  // the contested ties on the day shown (camp colours only)
function campLegend(answer) {
  var box = document.getElementById("legend-camps");
  if (!box) return;
  box.textContent = "";
  if (!answer) return;
  var counts = new Map();
  Object.keys(answer.side).forEach(function (id) {
    if (!byId.has(id)) return;
    var k = answer.side[id].join(":");
    counts.set(k, (counts.get(k) || 0) + 1);
  });
  answer.leaders.forEach(function (pair, i) {
    if (i >= CAMP_COLOURS.length) return;
    pair.forEach(function (leader, j) {
      if (!leader) return;
      var li = el("li");
      li.dataset.camp = i + ":" + j;
      var sw = el("span", null, "swatch");
      sw.style.background = campSwatch(answer, i, j);
      li.appendChild(sw);
      var who = byId.has(leader) ? byId.get(leader).name : leader;
      li.appendChild(el("span", "Camp of " + who));
      li.appendChild(el("span", String(counts.get(i + ":" + j) || 0), "count"));
      box.appendChild(li);
    });
  });
  var none = el("li");
  none.dataset.camp = "none";
  var sw = el("span", null, "swatch");
  sw.style.background = NO_CAMP;
  none.appendChild(sw);
  none.appendChild(el("span", "in no camp: no signed tie on the day, or a fact"));
  box.appendChild(none);
  var shown = answer.contested.filter(function (id) { return edgeById.has(id); }).length;
  var c = el("li");
  c.dataset.camp = "contested";
  var line = el("span", null, "line");
  line.style.borderTopColor = CONTESTED;
  line.style.borderTopWidth = "4px";
  c.appendChild(line);
  c.appendChild(el("span", "contested: a tie no split satisfies"));
  c.appendChild(el("span", String(shown), "count"));
  box.appendChild(c);
}
