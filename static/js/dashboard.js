// Dashboard: draw each figure's chart from the JSON beside its canvas (the table next to it holds the
// same numbers, so the page is complete without this script).
(function () {
  "use strict";
  if (!window.Chart) return;
  var palette = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545", "#198754", "#0dcaf0", "#6c757d"];
  var targetColours = ["#dc3545", "#6f42c1"];

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var config;
    try {
      config = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var bars = 0;
    var targets = 0;
    config.data.datasets.forEach(function (dataset) {
      if (dataset.type === "line") {
        // A target: a dashed line across the chart.
        dataset.borderColor = targetColours[targets++ % targetColours.length];
        dataset.backgroundColor = dataset.borderColor;
        dataset.borderWidth = 2;
        dataset.fill = false;
        dataset.pointStyle = "line";
      } else {
        dataset.backgroundColor = palette[bars++ % palette.length];
      }
    });
    config.options = config.options || {};
    config.options.responsive = true;
    // Wide beside its table or above it, narrow on a phone: a flatter chart where there is room.
    var width = canvas.parentNode.clientWidth;
    config.options.aspectRatio = config.options.aspectRatio || (width < 576 ? 1.2 : width < 800 ? 1.6 : 2.4);
    config.options.plugins = Object.assign(
      { legend: { position: "bottom", labels: { usePointStyle: true } } },
      config.options.plugins || {}
    );
    new window.Chart(canvas, config);
    canvas.setAttribute("data-drawn", "true");
  });
})();
