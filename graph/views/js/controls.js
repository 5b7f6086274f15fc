// controls: the sidebar's controls, the tabs and the clicks, each turned into a change of the state;
// and the views' answer to each change (watch). Then the view the URL asks for.
var viewsBox = document.getElementById("view-body");
function renderTabs() {
  document.querySelectorAll("#view-tabs button[data-tab]").forEach(function (b) {
    b.setAttribute("aria-pressed", String(b.dataset.tab === state.tab));
  });
  document.body.setAttribute("data-tab", state.tab);
  viewsBox.textContent = "";
  if (!state.tab) return;
  if (state.tab === "timeline") { renderTimeline(viewsBox); return; }
  var filter = el("input");
  filter.type = "search";
  filter.id = "table-filter";
  filter.placeholder = "Filter the rows";
  filter.setAttribute("aria-label", "Filter the rows");
  filter.value = state.query;
  filter.addEventListener("input", function () {
    update({ query: filter.value }, state.query ? "replace" : "push");  // a step when typing starts
    var box = document.getElementById("table-filter");  // written anew: keep typing in it
    if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
  });
  viewsBox.appendChild(filter);
  renderTable(viewsBox, state.tab === "opposition" ? "oppose" : "support");
}
document.querySelectorAll("#view-tabs button[data-tab]").forEach(function (b) {
  b.addEventListener("click", function () { update({ tab: state.tab === b.dataset.tab ? "" : b.dataset.tab }); });
});

// -- time controls
var dateBox = document.getElementById("as-of");
var slider = document.getElementById("as-of-slider");
var day0 = Date.parse(data.range[0] + "T00:00:00Z");
function dayString(i) { return new Date(day0 + i * 86400000).toISOString().slice(0, 10); }
function showAsOf(value) {
  dateBox.value = value || "";
  if (value) slider.value = String(Math.round((Date.parse(value + "T00:00:00Z") - day0) / 86400000));
  else slider.value = slider.max;
  var label = "All time: " + data.range[0] + " to " + data.range[1] + ".";
  if (value) {
    label = "As of " + value + ": what is certainly in effect that day is drawn as usual, what possibly is, pale; " +
      "the rest is hidden.";
    if (data.known !== null && value > data.known) {
      label += " This is past " + data.known + ", where the sources end: nothing is known after it.";
    }
  }
  document.getElementById("as-of-label").textContent = label;
  document.body.setAttribute("data-as-of", value || "");
}
function setAsOf(value, how) { update({ asOf: value && DAY.test(value) ? value : null }, how); }
dateBox.addEventListener("change", function () { setAsOf(dateBox.value); });
var sliding = false;  // one step in the history per drag of the slider
slider.addEventListener("input", function () { setAsOf(dayString(Number(slider.value)), sliding ? "replace" : "push"); sliding = true; });
slider.addEventListener("change", function () { sliding = false; });
document.getElementById("as-of-clear").addEventListener("click", function () { setAsOf(null); });

// -- filters, focus, colour
document.querySelectorAll("input[data-filter]").forEach(function (box) {
  box.addEventListener("change", function () {
    var key = box.dataset.filter + ":" + box.value;
    var off = state.off.filter(function (f) { return f !== key; });
    if (!box.checked) off.push(key);
    update({ off: off.sort() });
  });
});
function focusNode(id) { update({ focus: [id], item: "node:" + id }); }
document.getElementById("hops-1").addEventListener("click", function () { update({ hops: 1 }); });
document.getElementById("hops-2").addEventListener("click", function () { update({ hops: 2 }); });
document.querySelectorAll("button[data-colour]").forEach(function (b) {
  b.addEventListener("click", function () { update({ colour: b.dataset.colour }); });
});
network.on("click", function (params) {
  if (params.nodes.length) focusNode(recordId(params.nodes[0]));
  else if (params.edges.length) update({ item: "edge:" + recordId(params.edges[0]) });
});

// -- search by name or alias, case- and accent-insensitive
var folded = null;  // node id -> its names, folded (on the first search)
var searchBox = document.getElementById("search");
var results = document.getElementById("search-results");
function search() {
  var q = fold(searchBox.value);
  results.textContent = "";
  if (!q) return [];
  if (folded === null) {
    folded = new Map();
    nodeList.forEach(function (n) { folded.set(n.id, [n.name].concat(n.aliases || []).map(fold)); });
  }
  var found = nodeList.filter(function (n) {
    return nodeOn.get(n.id) && folded.get(n.id).some(function (name) { return name.indexOf(q) !== -1; });
  }).sort(function (a, b) {
    var fa = types[a.type].fact ? 1 : 0, fb = types[b.type].fact ? 1 : 0;
    return fa - fb || a.name.localeCompare(b.name);
  }).slice(0, 20);
  found.forEach(function (n) {
    var li = el("li");
    var b = el("button", n.name + (types[n.type].fact ? " (" + types[n.type].label + ")" : ""));
    b.type = "button";
    b.dataset.node = n.id;
    b.addEventListener("click", function () { focusNode(n.id); });
    li.appendChild(b);
    results.appendChild(li);
  });
  return found;
}
searchBox.addEventListener("input", search);
searchBox.addEventListener("keydown", function (ev) {
  if (ev.key === "Enter") { var found = search(); if (found.length) focusNode(found[0].id); }
});

// -- layout and exports
var physicsOn = true;
var toggle = document.getElementById("physics-toggle");
function setPhysics(on) {
  physicsOn = on;
  network.setOptions({ physics: { enabled: on } });
  toggle.textContent = on ? "Freeze layout" : "Resume physics";
}
var drawn = false;
function ready() {
  drawn = true;
  fitView();
  document.body.setAttribute("data-stabilized", "true");
}
network.once("stabilizationIterationsDone", function () { setPhysics(false); ready(); });
if (data.options.physics && data.options.physics.enabled === false) {
  physicsOn = false;
  toggle.textContent = "Resume physics";
  network.once("afterDrawing", function () {
    if (state.focus.length) fitView();  // else vis-network has fitted it all
    drawn = true;
    document.body.setAttribute("data-stabilized", "true");
  });
}
toggle.addEventListener("click", function () { setPhysics(!physicsOn); });
document.getElementById("fit").addEventListener("click", fitView);
document.getElementById("reset").addEventListener("click", function () {
  searchBox.value = "";
  results.textContent = "";
  update({ focus: [], item: null });
});
document.getElementById("export-png").addEventListener("click", exportPng);
document.getElementById("export-csv").addEventListener("click", exportCsv);

// -- each change of the state, shown
watch(function (c) {
  if (c.off) {
    document.querySelectorAll("input[data-filter]").forEach(function (box) {
      box.checked = filterOn(box.dataset.filter, box.value);
    });
  }
  if (c.asOf) showAsOf(state.asOf);
  if (c.hops) {
    document.getElementById("hops-1").setAttribute("aria-pressed", String(state.hops === 1));
    document.getElementById("hops-2").setAttribute("aria-pressed", String(state.hops === 2));
  }
  if (c.colour) {
    document.querySelectorAll("button[data-colour]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.colour === state.colour));
    });
    document.getElementById("legend-camps-box").hidden = state.colour !== "camp";
  }
  if (c.off || c.asOf || c.colour) refresh();
  if (state.colour === "camp" && (c.asOf || c.colour)) campLegend(campAnswer(state.asOf));
  if (c.off || c.asOf || c.focus || c.hops) highlight();
  if (drawn && (c.focus || c.hops)) fitView();
  if (c.item || c.off || c.asOf) showItem();
  if (c.item) showSelection();
  if (c.tab || c.off || c.asOf || c.query || c.sort || c.item || c.focus) renderTabs();
});

window.cdkg = {
  network: network, nodes: nodes, edges: edges, data: data, state: state, update: update, focus: focusNode,
  setAsOf: setAsOf, play: play, pause: pause, step: step, steps: steps, playOptions: PLAY, csv: csvText, png: pngUrl,
  // the page's answer for a day (null: all time): [[node id, certainty]...], [[edge id, certainty]...]
  certainty: function (day) {
    function answers(list) { return list.map(function (x) { return [x.id, CERTAINTY[certainty(x.time, day)]]; }); }
    return [answers(nodeList), answers(edgeList)];
  },
  // what the filters show: [node ids, edge ids]
  visible: function () {
    return [nodeList.filter(function (n) { return nodeOn.get(n.id); }).map(function (n) { return n.id; }),
            edgeList.filter(edgeVisible).map(function (e) { return e.id; })];
  },
  // the nodes faded by the focus
  faded: function () {
    return kept === null ? [] : nodeList.filter(function (n) { return !kept.has(n.id); }).map(function (n) { return n.id; });
  },
  // each node's colour as drawn: vis-network's own, after the groups and the item's options
  colours: function () {
    var out = {};
    nodeList.forEach(function (n) { var b = network.body.nodes[visId(n.id)]; out[n.id] = b ? b.options.color.background : null; });
    return out;
  },
  defaults: DEFAULTS, decode: decodeState, fitView: fitView, declutter: declutter,
  campColours: CAMP_COLOURS, noCamp: NO_CAMP, contested: function () { return Array.from(contestedSet).sort(byText); }
};
restoreUrl();
refresh();
showItem();
