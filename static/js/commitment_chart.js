/* The commitment page's chart: the running figure (cumulative actual, or for a lower-is-better KPI
   the mean so far) against the target line. The data comes from the json_script tag
   "commitment-chart-data"; the table beside the chart holds the same figures, so nothing is lost
   without JavaScript. Chart.js draws on a canvas with no inline styles (the CSP forbids them). */
(function () {
  "use strict";

  var source = document.getElementById("commitment-chart-data");
  var canvas = document.getElementById("commitment-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.values || data.values.length === 0) {
    return;
  }
  var number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
  var unit = data.unit ? " " + data.unit : "";

  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.series,
          data: data.values,
          borderColor: "#0b3d91",
          backgroundColor: "#0b3d91",
          pointRadius: 4,
          tension: 0
        },
        {
          label: "Target",
          data: data.labels.map(function () { return data.target; }),
          borderColor: "#c2410c",
          backgroundColor: "#c2410c",
          borderDash: [6, 4],
          pointRadius: 0
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: {
          beginAtZero: true,
          ticks: { callback: function (value) { return number.format(value); } },
          title: { display: Boolean(data.unit), text: data.unit }
        }
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (item) { return item.dataset.label + ": " + number.format(item.parsed.y) + unit; }
          }
        }
      }
    }
  });
})();
