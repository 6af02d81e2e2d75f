/* The comparison page: as a weight slider moves, re-rank the providers and redraw the table and
   chart at once (the engine's rule: overall = sum of W x area / sum of W over the areas a provider
   has a score in). The data comes from the json_script tag "compare-data"; without JavaScript the
   weights form is an ordinary GET form. The sensitivity sentences are the server's, for the weights
   applied: moving a slider marks them as out of date. */
(function () {
  "use strict";

  var source = document.getElementById("compare-data");
  var form = document.getElementById("weights-form");
  if (!source || !form) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var sliders = Array.prototype.slice.call(form.querySelectorAll("input[type='range'][data-area]"));
  var oneDecimal = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var share = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 });
  var palette = ["#0b3d91", "#c2410c", "#15803d", "#7e22ce"];
  var chart = null;

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  function weightsNow() {
    var weights = {};
    sliders.forEach(function (slider) {
      var value = Number(slider.value);
      weights[slider.dataset.area] = isFinite(value) && value > 0 ? value : 0;
    });
    return weights;
  }

  function overall(scores, weights) {
    if (!scores) {
      return null;
    }
    var sum = 0;
    var total = 0;
    data.areas.forEach(function (area) {
      var score = scores[area.key];
      var weight = weights[area.key] || 0;
      if (score === null || score === undefined || weight <= 0) {
        return;
      }
      sum += weight * score;
      total += weight;
    });
    return total > 0 ? sum / total : null;
  }

  function ordinal(n) {
    var tens = n % 100;
    if (tens >= 10 && tens <= 20) {
      return n + "th";
    }
    return n + ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
  }

  function ranking(weights) {
    var rows = data.providers.map(function (provider) {
      return { provider: provider, overall: overall(provider.scores, weights), review: overall(provider.review, weights) };
    });
    var ranked = rows.filter(function (row) { return row.overall !== null; });
    ranked.sort(function (a, b) {
      if (Math.abs(a.overall - b.overall) > 1e-9) {
        return b.overall - a.overall;
      }
      return a.provider.name < b.provider.name ? -1 : 1;
    });
    ranked.forEach(function (row) {
      var first = ranked.findIndex(function (other) { return Math.abs(other.overall - row.overall) <= 1e-9; });
      var ties = ranked.filter(function (other) { return Math.abs(other.overall - row.overall) <= 1e-9; }).length;
      row.rank = first + 1;
      row.label = (ties > 1 ? "Joint " : "") + ordinal(first + 1);
    });
    return { rows: rows, ranked: ranked };
  }

  function text(selector, value) {
    each(selector, function (element) { element.textContent = value; });
  }

  function showWeights(weights) {
    var total = 0;
    Object.keys(weights).forEach(function (key) { total += weights[key]; });
    sliders.forEach(function (slider) {
      var key = slider.dataset.area;
      var part = total > 0 ? share.format(weights[key] / total) : "–";
      text("[data-share-for='" + key + "']", part);
      text("[data-weight-for='" + key + "']", slider.value);
      slider.setAttribute("aria-valuetext", "weight " + slider.value + ", " + part + " of the total");
      each("[data-save-for='" + key + "']", function (input) { input.value = slider.value; });
    });
  }

  function showRanking(result) {
    var list = document.getElementById("compare-ranking");
    result.rows.forEach(function (row) {
      var slug = row.provider.slug;
      text("[data-overall-for='" + slug + "']", row.overall === null ? "–" : oneDecimal.format(row.overall));
      text("[data-review-overall-for='" + slug + "']", row.review === null ? "–" : oneDecimal.format(row.review));
      text("[data-rank-for='" + slug + "']", row.label || "Not ranked");
    });
    if (list) {
      list.replaceChildren.apply(list, result.ranked.map(function (row) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        item.dataset.slug = row.provider.slug;
        name.className = "fw-semibold";
        name.textContent = row.provider.name;
        item.append(name, ": " + oneDecimal.format(row.overall) + (row.label.indexOf("Joint") === 0 ? " (joint)" : ""));
        return item;
      }));
    }
    if (chart) {
      chart.data.datasets.forEach(function (dataset) {
        var row = result.rows.find(function (r) { return r.provider.slug === dataset.slug; });
        dataset.data[dataset.data.length - 1] = row && row.overall !== null ? Number(row.overall.toFixed(2)) : null;
      });
      chart.update();
    }
  }

  function updateExportLink(weights) {
    each("[data-testid='compare-csv']", function (link) {
      var url = new URL(link.href, window.location.href);
      Object.keys(weights).forEach(function (key) {
        var slider = document.getElementById("weight-" + key);
        url.searchParams.set("weight_" + key, slider ? slider.value : weights[key]);
      });
      link.href = url.pathname + url.search;
    });
  }

  function drawChart() {
    var canvas = document.getElementById("compare-chart");
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    var result = ranking(weightsNow());
    var labels = data.areas.map(function (area) { return area.title; }).concat(["Overall"]);
    var datasets = data.providers.filter(function (provider) { return provider.basis; }).map(function (provider, i) {
      var row = result.rows.find(function (r) { return r.provider.slug === provider.slug; });
      return {
        label: provider.name + (provider.basis === "yours" ? " (your review)" : ""),
        slug: provider.slug,
        data: data.areas.map(function (area) { return provider.scores[area.key]; }).concat([row.overall]),
        backgroundColor: palette[i % palette.length],
      };
    });
    chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 150 },
        scales: { y: { min: 0, max: 100, title: { display: true, text: "Score out of 100" } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function onInput() {
    var weights = weightsNow();
    showWeights(weights);
    showRanking(ranking(weights));
    updateExportLink(weights);
    each("[data-stale-note]", function (note) { note.hidden = false; });
    text("[data-testid='weight-source']", "These weights apply to this view only until you save them.");
  }

  each(".js-only", function (element) { element.hidden = false; });
  each("[data-no-js-hint]", function (element) { element.hidden = true; });
  drawChart();
  sliders.forEach(function (slider) {
    slider.addEventListener("input", onInput);
    slider.addEventListener("change", onInput);
  });
})();
