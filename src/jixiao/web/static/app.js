/* jixiao web: draw the charts the server describes (data-chart JSON), nothing else.
   No inline scripts anywhere (the Content-Security-Policy forbids them); htmx does the rest. */
(function () {
  "use strict";

  var FORMATTERS = {
    percent: function (v) {
      return v === null || v === undefined || isNaN(v) ? "—" : Number(v).toFixed(2) + "%";
    },
    status: function (v) {
      return v === 1 ? "在线" : v === 0 ? "离线" : "";
    }
  };

  // JSON cannot carry functions: the server names a formatter, we put the function in.
  function revive(node) {
    if (Array.isArray(node)) { node.forEach(revive); return node; }
    if (node && typeof node === "object") {
      Object.keys(node).forEach(function (key) {
        var value = node[key];
        if ((key === "formatter" || key === "valueFormatter") && FORMATTERS[value]) {
          node[key] = FORMATTERS[value];
        } else {
          revive(value);
        }
      });
    }
    return node;
  }

  function draw(root) {
    if (typeof echarts === "undefined") { return; }
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      el.dataset.drawn = "1";
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(revive(JSON.parse(el.dataset.chart)));
      el.classList.add("chart-ready");
    });
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = typeof echarts !== "undefined" && echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });

  // A refused htmx request (403, 404, 409, 400…) says why in a short Chinese text: show it.
  var toastTimer = null;
  function toast(message) {
    var el = document.getElementById("toast");
    if (!el) { return; }
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.hidden = true; }, 8000);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("content-type") || "";
    toast(type.indexOf("text/plain") === 0 && xhr.responseText ? xhr.responseText
      : "请求失败（" + xhr.status + "），请刷新页面后重试");
  });
  document.addEventListener("htmx:sendError", function () { toast("无法连接服务器，请检查网络"); });

  // File pickers in Chinese: the browser's own button speaks the browser's language.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("file-input")) { return; }
    var label = input.parentNode.querySelector(".file-names");
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    if (label) { label.textContent = names.length ? names.join("、") : "未选择文件"; }
  });

  // A select that submits its form when changed (the 年度 picker), without inline handlers.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.classList && select.classList.contains("autosubmit") && select.form) {
      select.form.requestSubmit();
    }
  });

  // A confirmation for buttons that delete (data-confirm), without inline handlers.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
