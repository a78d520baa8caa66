// Beleving dashboard: small progressive enhancements. Pages work without it;
// it draws the trend charts (uPlot) and saves survey edits through the API.
(function () {
  "use strict";

  // Numbers as the page's language writes them: the separators come from
  // the server (data-decimal, data-thousands), from the catalogue's locale.
  function numberFormat(el) {
    var dec = el.getAttribute("data-decimal") || ".";
    var sep = el.getAttribute("data-thousands") || ",";
    return function (v, decimals) {
      if (v == null || !isFinite(v)) return "—";
      var s = Math.abs(v).toFixed(decimals || 0).split(".");
      var whole = s[0].replace(/\B(?=(\d{3})+(?!\d))/g, sep);
      var out = whole + (s[1] ? dec + s[1] : "");
      return (v < 0 && Number(out.replace(/[^0-9]/g, "")) !== 0 ? "-" : "") + out;
    };
  }

  function drawTrend(el) {
    if (typeof uPlot === "undefined") return;
    var d, months;
    try {
      d = JSON.parse(el.getAttribute("data-trend"));
      months = JSON.parse(el.getAttribute("data-months") || "[]");
    } catch (e) { return; }
    if (!d.x || d.x.length === 0) return;
    var fmt = numberFormat(el);
    // Period starts are local dates at midnight UTC: read them in UTC.
    var utc = function (ts) { return new Date(ts * 1000); };
    var periodLabel = function (ts, withYear) {
      var t = utc(ts);
      var m = months[t.getUTCMonth()] || String(t.getUTCMonth() + 1);
      if (d.weekly) return t.getUTCDate() + " " + m + (withYear ? " " + t.getUTCFullYear() : "");
      return m + (withYear ? " " + t.getUTCFullYear() : "");
    };
    var width = Math.max(280, el.clientWidth || 600);
    var opts = {
      width: width,
      height: 220,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: { x: { time: true }, y: { range: function (u, min, max) {
        return [Math.max(-100, Math.floor((min - 10) / 10) * 10), Math.min(100, Math.ceil((max + 10) / 10) * 10)];
      } } },
      axes: [{ stroke: "#4a5560", grid: { stroke: "#eef0f2" },
               values: function (u, splits) {
                 var lastYear = null;
                 return splits.map(function (ts) {
                   var y = utc(ts).getUTCFullYear();
                   var show = y !== lastYear;
                   lastYear = y;
                   return periodLabel(ts, show);
                 });
               } },
             { stroke: "#4a5560", grid: { stroke: "#eef0f2" },
               values: function (u, splits) { return splits.map(function (v) { return fmt(v, 0); }); } }],
      legend: { show: true },
      series: [
        { label: d.labels.x, value: function (u, ts) { return ts == null ? "—" : periodLabel(ts, true); } },
        { label: d.labels.lo, stroke: "#9bb8d3", width: 1, dash: [4, 4], value: function (u, v) { return fmt(v, 0); } },
        { label: d.labels.nps, stroke: "#0b5cad", width: 2.5, points: { size: 6 }, value: function (u, v) { return fmt(v, 0); } },
        { label: d.labels.hi, stroke: "#9bb8d3", width: 1, dash: [4, 4], value: function (u, v) { return fmt(v, 0); } }
      ]
    };
    el.textContent = "";
    var plot = new uPlot(opts, [d.x, d.lo, d.nps, d.hi], el);
    var resize = function () { plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }); };
    window.addEventListener("resize", resize);
  }

  function saveSurvey(form) {
    var status = document.getElementById("survey-status");
    var main = document.getElementById("main");
    var def;
    try { def = JSON.parse(document.getElementById("s-json").value); } catch (e) {
      status.textContent = "JSON: " + e.message; return;
    }
    def.name = document.getElementById("s-name").value;
    var inputs = form.querySelectorAll("input[data-q]");
    for (var i = 0; i < inputs.length; i++) {
      var q = def.questions[+inputs[i].getAttribute("data-q")];
      if (!q) continue;
      q.text = q.text || {};
      var lang = inputs[i].getAttribute("data-lang");
      if (inputs[i].value) q.text[lang] = inputs[i].value; else if (lang !== "nl") delete q.text[lang];
    }
    var id = form.getAttribute("data-survey");
    fetch("/api/v1/surveys/" + id, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": main.getAttribute("data-csrf") },
      body: JSON.stringify(def)
    }).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) {
          status.textContent = document.documentElement.lang === "en" ? "Saved." : "Opgeslagen.";
          document.getElementById("s-json").value = JSON.stringify(body.definition || def, null, 2);
        } else {
          status.textContent = (body.detail || r.status) + (body.field ? " (" + body.field + ")" : "");
        }
      });
    }).catch(function (e) { status.textContent = String(e); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("[data-trend]");
    for (var i = 0; i < charts.length; i++) drawTrend(charts[i]);
    var auto = document.querySelectorAll("select.autosubmit");
    for (var j = 0; j < auto.length; j++) {
      auto[j].addEventListener("change", function (e) { e.target.form.submit(); });
    }
    var form = document.getElementById("survey-form");
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); saveSurvey(form); });
  });
})();
