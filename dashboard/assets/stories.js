/* Keyboard and screen-reader access to the stories figure, as keyboard.js gives the
   timeline: focus the figure (Tab), Left/Right move between stories in time, Up/Down to
   the nearest story of the next row of sources, Home/End to the first and last, Enter
   (or Space) chooses the story and lists its quotes, Escape goes on to the quotes.
   Ids match dashboard/ids.py. */
(function () {
  'use strict';
  var state = {id: null};

  function plainText(html) {
    var div = document.createElement('div');
    div.innerHTML = String(html || '').replace(/<br>/g, ' · ');
    return div.textContent;
  }

  /* Every story mark: the marker traces carry the story's id in customdata. */
  function collect(gd) {
    var points = [];
    (gd.data || []).forEach(function (t, curve) {
      if (String(t.mode).indexOf('markers') < 0 || !t.customdata) { return; }
      t.customdata.forEach(function (id, i) {
        if (id) {
          points.push({id: id, x: String(t.x[i]), y: t.y[i], curve: curve, point: i,
                       text: t.hovertext ? t.hovertext[i] : id});
        }
      });
    });
    points.sort(function (a, b) { return a.x < b.x ? -1 : a.x > b.x ? 1 : a.y - b.y; });
    return points;
  }

  function announce(text) {
    var live = document.getElementById('stories-live');
    if (live) { live.textContent = text; }
  }

  function show(gd, p) {
    announce(plainText(p.text) + '. Enter chooses, Escape leaves.');
    if (window.Plotly && window.Plotly.Fx) {
      try { window.Plotly.Fx.hover(gd, [{curveNumber: p.curve, pointNumber: p.point}]); }
      catch (e) { /* a redraw is under way; the next key press shows it */ }
    }
  }

  function nextRow(points, current, step) {
    var here = Math.round(points[current].y), best = -1, bestDist = Infinity;
    var t = Date.parse(points[current].x), lane = Infinity;
    points.forEach(function (p) {
      var l = Math.round(p.y);
      if ((l - here) * step > 0 && Math.abs(l - here) < Math.abs(lane - here)) { lane = l; }
    });
    points.forEach(function (p, i) {
      if (Math.round(p.y) !== lane) { return; }
      var d = Math.abs(Date.parse(p.x) - t);
      if (d < bestDist) { best = i; bestDist = d; }
    });
    return best < 0 ? current : best;
  }

  function move(gd, key) {
    var points = collect(gd);
    if (!points.length) {
      announce('No single stories are drawn: zoom in or filter.');
      return;
    }
    var current = points.findIndex(function (p) { return p.id === state.id; });
    var next = current < 0 ? 0 : current;
    if (current >= 0 && key === 'ArrowRight') { next = Math.min(points.length - 1, current + 1); }
    if (current >= 0 && key === 'ArrowLeft') { next = Math.max(0, current - 1); }
    if (current >= 0 && key === 'ArrowDown') { next = nextRow(points, current, 1); }
    if (current >= 0 && key === 'ArrowUp') { next = nextRow(points, current, -1); }
    if (key === 'Home') { next = 0; }
    if (key === 'End') { next = points.length - 1; }
    state.id = points[next].id;
    show(gd, points[next]);
  }

  function choose(gd) {
    var p = collect(gd).find(function (q) { return q.id === state.id; });
    if (p && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('story-selected', {data: p.id});
      announce('Chosen: ' + plainText(p.text) + '. Its quotes are listed below.');
    }
  }

  document.addEventListener('keydown', function (ev) {
    var nav = ev.target.closest && ev.target.closest('#stories-nav');
    if (!nav || ev.target !== nav) { return; }
    var gd = nav.querySelector('.js-plotly-plot');
    if (!gd) { return; }
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].indexOf(ev.key) >= 0) {
      ev.preventDefault();
      move(gd, ev.key);
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      choose(gd);
    } else if (ev.key === 'Escape') {
      if (window.Plotly && window.Plotly.Fx) { window.Plotly.Fx.unhover(gd); }
      var first = document.querySelector('#stories-quotes .story-quote');
      if (first) { first.focus(); }
    }
  });
  document.addEventListener('focusout', function (ev) {
    if (ev.target && ev.target.id === 'stories-nav') { state.id = null; }
  });
})();
