/* Lane names on the timeline are cut to fit the margin; each name carries its whole text
   as an SVG <title>, which the browser shows on hover and screen readers read. The whole
   names come in the figure's `layout.meta.lanes`, in lane order. Ids match dashboard/ids.py. */
(function () {
  'use strict';

  function nameLanes(gd) {
    var lanes = (gd.layout && gd.layout.meta && gd.layout.meta.lanes) || [];
    gd.querySelectorAll('.yaxislayer-above .ytick text').forEach(function (label) {
      var tick = label.__data__;
      var index = tick ? Math.round(Number(tick.x)) : NaN;
      if (lanes[index] === undefined) { return; }
      var whole = String(lanes[index]);
      var title = label.querySelector('title');
      if (!title) {
        title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        label.appendChild(title);
      }
      title.textContent = whole;  // text, never markup
    });
  }

  function watch() {
    var gd = document.querySelector('#timeline .js-plotly-plot');
    if (!gd || gd.__lanesNamed || !gd.on) { return; }
    gd.__lanesNamed = true;
    gd.on('plotly_afterplot', function () { nameLanes(gd); });
    nameLanes(gd);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; watch(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
