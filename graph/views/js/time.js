// time: whether an item is in effect on a day, by the command line's rule (graph.model.timing,
// Timing.certainty) on the earliest and latest day of each of its dates (null: unbounded; ISO days
// compare as strings), its kind, whether it is planned and whether its source denies it (negated:
// never in effect, at all time too) (graph/views/pagetime.py, page_time). No time: in effect at every date.
var NO = 0, POSSIBLE = 1, CERTAIN = 2, CERTAINTY = ["no", "possible", "certain"];
function certainty(t, day) {
  if (t && t.negated) return NO;
  var kind = t ? t.kind || (t.date ? "event" : "state") : "timeless";  // a date alone is an event's
  if (day === null) return t && t.planned ? POSSIBLE : CERTAIN;  // all time: certain, unless only planned
  if (kind === "timeless") return CERTAIN;
  if (kind === "window") {  // a graph built without the loader's timing: in effect inside its window
    return (t.window[0] === null || t.window[0] <= day) && (t.window[1] === null || day <= t.window[1]) ? CERTAIN : NO;
  }
  var begin = (kind === "event" ? t.date : t.start) || [null, null];
  var end = kind === "state" && t.end ? t.end : null;
  if (begin[0] !== null && day < begin[0]) return NO;
  if (end !== null && end[1] !== null && day > end[1]) return NO;
  var begun = begin[1] !== null && begin[1] <= day;
  var lasting = kind === "event" || (end !== null && end[0] !== null && day <= end[0]);
  return begun && lasting && !t.planned ? CERTAIN : POSSIBLE;
}
// how an item is drawn on the day: "certain", "possible" (pale, dash-dotted), "planned" (pale, dotted,
// at all time too), or "no" (hidden)
function lookOf(item, day) {
  var c = certainty(item.time, day);
  if (c === NO) return "no";
  return item.time && item.time.planned ? "planned" : CERTAINTY[c];
}
var POINTS = [["date", "Date"], ["start", "Start"], ["end", "End"]];
function dateRows(item) {  // each date as the command line writes it, e.g. "between 2016-04-01 and 2016-05-08"
  var d = item.dates || {};
  return POINTS.filter(function (p) { return d[p[0]]; }).map(function (p) { return [p[1], d[p[0]]]; });
}
// an item's dates in one cell: "2015-05", "from by 2016-05-08 to between 2016-04-01 and 2016-05-08"
function dateText(item) {
  var d = item.dates || {};
  if (d.date) return d.date;
  if (d.start || d.end) return "from " + (d.start || "unknown") + " to " + (d.end || "unknown");
  return "";
}
var LOOK_TEXT = {
  possible: "Possibly in effect on the day shown: its dates straddle it",
  planned: "Planned: expected by its sources, at most possibly in effect"
};
var DAY = /^\d{4}-\d{2}-\d{2}$/;
