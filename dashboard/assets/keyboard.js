/* Keyboard and screen-reader access to the timeline, the table and the source text.
   Timeline: focus the plot (Tab), arrow keys move between events (left/right in time,
   up/down between lanes), Enter selects, Escape leaves for the table. Table: arrow keys
   move, Enter selects the row, Tab leaves. Source: other events are buttons (Enter).
   Ids match dashboard/ids.py. */
(function () {
  'use strict';
  var state = {points: [], index: -1};

  function select(id) {
    if (id && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('selected', {data: id});
    }
  }

  function plainText(html) {
    var div = document.createElement('div');
    div.innerHTML = String(html || '').replace(/<br>/g, ' · ');
    return div.textContent;
  }

  /* Every event mark of the figure: hit targets and dots carry the id in customdata. */
  function collect(gd) {
    var points = [];
    (gd.data || []).forEach(function (t, curve) {
      if (t.mode !== 'markers' || !t.customdata) { return; }
      t.customdata.forEach(function (id, i) {
        if (id) {
          points.push({id: id, x: String(t.x[i]), y: t.y[i], curve: curve, point: i,
                       text: t.hovertext ? t.hovertext[i] : id});
        }
      });
    });
    points.sort(function (a, b) { return a.y - b.y || (a.x < b.x ? -1 : a.x > b.x ? 1 : 0); });
    return points;
  }

  function announce(text) {
    var live = document.getElementById('timeline-live');
    if (live) { live.textContent = text; }
  }

  function show(gd, p) {
    announce(plainText(p.text) + '. Enter selects, Escape leaves.');
    if (window.Plotly && window.Plotly.Fx) {
      try { window.Plotly.Fx.hover(gd, [{curveNumber: p.curve, pointNumber: p.point}]); }
      catch (e) { /* a redraw is under way; the next key press shows it */ }
    }
  }

  function nearestInLane(points, lane, x) {
    var best = -1, bestDist = Infinity, t = Date.parse(x);
    points.forEach(function (p, i) {
      if (Math.round(p.y) !== lane) { return; }
      var d = Math.abs(Date.parse(p.x) - t);
      if (d < bestDist) { best = i; bestDist = d; }
    });
    return best;
  }

  function move(gd, key) {
    var points = collect(gd);
    if (!points.length) { announce('No single events are drawn: zoom in or filter.'); return; }
    var current = points.findIndex(function (p) {
      return state.index >= 0 && state.points[state.index] && p.id === state.points[state.index].id;
    });
    var next = current < 0 ? 0 : current;
    if (current >= 0 && key === 'ArrowRight') { next = Math.min(points.length - 1, current + 1); }
    if (current >= 0 && key === 'ArrowLeft') { next = Math.max(0, current - 1); }
    if (current >= 0 && (key === 'ArrowDown' || key === 'ArrowUp')) {
      var lanes = points.map(function (p) { return Math.round(p.y); });
      var here = lanes[current], step = key === 'ArrowDown' ? 1 : -1;
      var lane = here + step, found = -1;
      var last = Math.max.apply(null, lanes), first = Math.min.apply(null, lanes);
      while (found < 0 && lane <= last && lane >= first) {
        found = nearestInLane(points, lane, points[current].x);
        lane += step;
      }
      next = found < 0 ? current : found;
    }
    if (key === 'Home') { next = 0; }
    if (key === 'End') { next = points.length - 1; }
    state.points = points;
    state.index = next;
    show(gd, points[next]);
  }

  function focusFirst(selector) {
    var el = document.querySelector(selector);
    if (el) { el.focus(); }
    return !!el;
  }

  function onTimelineKey(ev) {
    var nav = ev.target.closest && ev.target.closest('#timeline-nav');
    if (!nav || ev.target !== nav) { return; }
    var gd = nav.querySelector('.js-plotly-plot');
    if (!gd) { return; }
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].indexOf(ev.key) >= 0) {
      ev.preventDefault();
      move(gd, ev.key);
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      var p = state.points[state.index];
      if (p) { select(p.id); announce('Selected: ' + plainText(p.text)); }
    } else if (ev.key === 'Escape') {
      if (window.Plotly && window.Plotly.Fx) { window.Plotly.Fx.unhover(gd); }
      focusFirst('#events-table .ag-header-cell');
    }
  }

  function onTableKey(ev) {
    var cell = ev.target.closest && ev.target.closest('#events-table .ag-cell');
    if (cell && ev.key === 'Enter') {
      var row = cell.closest('.ag-row');
      if (row && row.getAttribute('row-id')) { select(row.getAttribute('row-id')); }
    } else if (ev.target.closest && ev.target.closest('#events-table') && ev.key === 'Escape') {
      focusFirst('#edit-date') || focusFirst('#source');
    }
  }

  function onSourceKey(ev) {
    var span = ev.target.closest && ev.target.closest('#source .other-event');
    if (span && (ev.key === 'Enter' || ev.key === ' ')) {
      ev.preventDefault();
      span.click();
    }
  }

  /* The grid draws a row still loading as a stub and replaces its element when the data
     arrives (the first load, a new page): the focused cell goes with it and the keyboard
     lands on the page. Put the focus back on the cell at the same place. */
  var table = {cell: null, observer: null};

  function cellAt(place) {
    return document.querySelector('#events-table .ag-center-cols-container .ag-row[row-index="' +
                                  place.row + '"] .ag-cell[col-id="' + place.col + '"]');
  }

  function refocusReplacedCell() {
    var place = table.cell;
    if (!place || place.el.isConnected) { return; }
    var active = document.activeElement;
    if (active && active !== document.body) { table.cell = null; return; }
    var again = cellAt(place);
    if (again) { again.focus(); }
  }

  function onTableFocus(ev) {
    var cell = ev.target.closest && ev.target.closest('#events-table .ag-center-cols-container .ag-cell');
    var row = cell && cell.closest('.ag-row');
    if (!row) { table.cell = null; return; }
    table.cell = {row: row.getAttribute('row-index'), col: cell.getAttribute('col-id'), el: cell};
    if (!table.observer) {
      table.observer = new MutationObserver(refocusReplacedCell);
      table.observer.observe(document.getElementById('events-table'), {childList: true, subtree: true});
    }
  }

  document.addEventListener('focusin', onTableFocus);
  document.addEventListener('focusout', function (ev) {
    var place = table.cell;
    if (!place || ev.target !== place.el) { return; }
    /* Still in the page: the reader moved on (a removed element is gone by now). */
    window.queueMicrotask(function () {
      if (table.cell === place && place.el.isConnected) { table.cell = null; }
    });
  });

  document.addEventListener('keydown', function (ev) {
    onTimelineKey(ev);
    onTableKey(ev);
    onSourceKey(ev);
  });
  document.addEventListener('focusout', function (ev) {
    if (ev.target && ev.target.id === 'timeline-nav') { state.index = -1; }
  });
})();
