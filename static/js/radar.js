/* The provider profile's radar chart: the mean score in each area, read from the json_script tag
   "radar-data" (no inline script: the CSP forbids it). The table beside the chart holds the same
   figures, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  var source = document.getElementById("radar-data");
  var canvas = document.getElementById("radar-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data) {
    return;
  }
  var brand = "#0b3d91";
  new window.Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.label,
          data: data.values,
          backgroundColor: "rgba(11, 61, 145, 0.2)",
          borderColor: brand,
          pointBackgroundColor: brand,
          spanGaps: true,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "en-GB",
      scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
