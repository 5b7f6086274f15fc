// timeline: the dated moments in the command line's order (graph/analysis/chronicle.py, `timeline`), each
// a bar over the days it may be (a range when uncertain); play steps the day through them. Linked with
// the network both ways: a moment clicked is focused and shown, a node focused marks its moments.
// what a moment reads and whom it involves, by the timeline's rule (graph/analysis/chronicle.py, _records):
// a fact, its type and name and the ends of its edges; a relation, its sentence and its two ends
function suffix(moment, temporal) {  // chronicle.py, _moment_suffix
  if (moment === "start") return temporal === "state" ? " (begins)" : " (starts)";
  return moment === "end" ? " (ends)" : "";
}
function momentOf(r) {
  var m = { record: r[0], moment: r[1], date: r[2], earliest: r[3], latest: r[4], unordered: r[5], planned: r[6] };
  if (byId.has(m.record)) {
    var n = byId.get(m.record), ends = new Set();
    adjacent.get(n.id).forEach(function (j) { if (edgeList[j].from === n.id) ends.add(edgeList[j].to); });
    m.what = types[n.type].label + ": " + n.name + suffix(m.moment, "event");
    m.involves = Array.from(ends);
  } else {
    var e = edgeById.get(m.record);
    m.what = byId.get(e.from).name + " " + relations[e.type].label + " " + byId.get(e.to).name +
      suffix(m.moment, relations[e.type].temporal);
    m.involves = [e.from, e.to];
  }
  return m;
}
var moments = (data.timeline || []).filter(function (r) { return byId.has(r[0]) || edgeById.has(r[0]); }).map(momentOf);
var dayMs = function (d) { return Date.parse(d + "T00:00:00Z"); };
// play's steps: every day a moment may first and last be, in order
var steps = (function () {
  var days = new Set();
  moments.forEach(function (m) { [m.earliest, m.latest].forEach(function (d) { if (d) days.add(d); }); });
  return Array.from(days).sort(byText);
}());
function momentFocus(m) {
  if (byId.has(m.record)) return { focus: [m.record], item: "node:" + m.record };
  var e = edgeById.get(m.record);
  return { focus: [e.from, e.to], item: "edge:" + e.id };
}
function momentState(m, day) {  // before, on or after the day shown (straddling it: "possible")
  if (day === null) return "";
  if (m.earliest !== null && day < m.earliest) return "later";
  if (m.latest !== null && m.latest <= day) return "past";
  return "possible";
}
function renderTimeline(box) {
  var bar = el("div", null, "play");
  [["play", playing ? "Pause" : "Play"], ["step-back", "◀ Step"], ["step-on", "Step ▶"]].forEach(function (b) {
    var button = el("button", b[1]);
    button.type = "button";
    button.id = b[0];
    bar.appendChild(button);
  });
  var at = steps.indexOf(state.asOf);
  bar.appendChild(el("span", state.asOf ? "As of " + state.asOf + (at !== -1 ? " (step " + (at + 1) + " of " + steps.length + ")" : "")
    : steps.length + " steps: Play goes through the days the sources give, the network showing what is in effect.", "muted"));
  box.appendChild(bar);
  bar.querySelector("#play").addEventListener("click", function () { playing ? pause() : play(); });
  bar.querySelector("#step-back").addEventListener("click", function () { step(-1); });
  bar.querySelector("#step-on").addEventListener("click", function () { step(1); });
  var first = dayMs(data.range[0]), span = Math.max(1, dayMs(data.range[1]) - first);
  var focus = new Set(shownFocus());
  var ol = el("ol", null, "moments");
  moments.forEach(function (m) {
    var li = el("li", null, momentState(m, state.asOf));
    li.dataset.record = m.record;
    li.dataset.moment = m.moment;
    if (focus.size && (focus.has(m.record) || m.involves.some(function (id) { return focus.has(id); }))) li.classList.add("marked");
    var item = momentFocus(m).item;
    if (state.item === item) li.setAttribute("aria-selected", "true");
    var axis = el("span", null, "axis"), range = el("span", null, m.earliest === m.latest ? "range day" : "range");
    if (m.earliest === null) range.classList.add("open-start");  // "by ...": no first day known
    if (m.latest === null) range.classList.add("open-end");
    var a = m.earliest ? dayMs(m.earliest) : first, b = m.latest ? dayMs(m.latest) : first + span;
    range.style.left = (100 * (a - first) / span).toFixed(2) + "%";
    range.style.width = Math.max(0.6, 100 * (b - a) / span).toFixed(2) + "%";
    axis.appendChild(range);
    if (state.asOf) {  // the day shown, a line across every axis
      var mark = el("span", null, "today");
      mark.style.left = (100 * (dayMs(state.asOf) - first) / span).toFixed(2) + "%";
      axis.appendChild(mark);
    }
    li.appendChild(el("span", m.date, "when" + (m.unordered ? " unordered" : "")));
    li.appendChild(axis);
    li.appendChild(el("span", m.what + (m.planned ? " (planned)" : ""), "what"));
    li.addEventListener("click", function () { update(momentFocus(m)); });
    ol.appendChild(li);
  });
  box.appendChild(ol);
  var now = ol.querySelector("li.possible, li.past:last-of-type");
  if (now && now.scrollIntoView && playing) now.scrollIntoView({ block: "nearest" });
}
var playing = false, timer = null, PLAY = { interval: 1200 };
function step(by) {
  if (!steps.length) return false;
  var at = state.asOf === null ? -1 : steps.indexOf(state.asOf);
  if (at === -1 && state.asOf !== null) {  // a day between steps: the next step from it
    at = steps.filter(function (d) { return d <= state.asOf; }).length - (by > 0 ? 1 : 0);
  }
  var next = Math.min(steps.length - 1, Math.max(0, at + by));
  if (next === at) return false;
  update({ asOf: steps[next], tab: "timeline" }, playing ? "replace" : "push");
  return next < steps.length - 1;
}
function play() {
  playing = true;
  if (state.asOf === steps[steps.length - 1]) update({ asOf: null }, "replace");
  var tick = function () { if (!playing) return; if (step(1)) timer = setTimeout(tick, PLAY.interval); else pause(); };
  update({ tab: "timeline" });
  tick();
  renderTabs();
}
function pause() {
  playing = false;
  clearTimeout(timer);
  renderTabs();
}
