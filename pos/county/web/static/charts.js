// Draws the page's charts from the JSON in #chart-data (the server computes every figure).
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || typeof Chart === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  var colours = ["#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98"];
  Chart.defaults.font.family = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  Chart.defaults.animation = false;
  function draw(id, spec) {
    var canvas = document.getElementById(id);
    if (!canvas || !spec) { return; }
    var axes = { y: { beginAtZero: true, position: "left", ticks: { precision: spec.money ? undefined : 0 } } };
    var datasets = spec.datasets.map(function (d, i) {
      if (d.axis === "y2") { axes.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } }; }
      return { label: d.label, data: d.data, type: d.type || "bar", yAxisID: d.axis || "y",
               backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length],
               borderWidth: d.type === "line" ? 2 : 0, pointRadius: 2, tension: 0.2 };
    });
    canvas.setAttribute("data-ready", "1");
    return new Chart(canvas, { type: "bar", data: { labels: spec.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, scales: axes,
                 plugins: { legend: { position: "bottom" } } } });
  }
  draw("chart-days", data.days);
  draw("chart-months", data.months);
}());
