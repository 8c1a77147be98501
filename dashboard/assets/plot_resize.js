/* dcc.Graph asks plotly to resize whenever the graph's box changes, and plotly answers
   the first resize after each new figure by drawing every mark again, even when the
   plot's size did not change. Skip a resize that would not change the size: a window
   or column of another width still resizes (and redraws) as before. */
(function () {
  'use strict';
  function guard() {
    var plots = window.Plotly && window.Plotly.Plots;
    if (!plots || plots.resize.__sizeGuard) { return Boolean(plots); }
    var resize = plots.resize;
    plots.resize = function (gd) {
      var el = typeof gd === 'string' ? document.getElementById(gd) : gd;
      var full = el && el._fullLayout;
      if (full && el.clientWidth === full.width && el.clientHeight === full.height) {
        return Promise.resolve(el);
      }
      return resize.apply(this, arguments);
    };
    plots.resize.__sizeGuard = true;
    return true;
  }
  var timer = setInterval(function () { if (guard()) { clearInterval(timer); } }, 50);
})();
