/* Browser-side helpers of the timeline page: keep the address, scroll to the evidence,
   refresh the table, let Tab leave the grid. Ids match dashboard/ids.py. */
/* The evidence inside the source box, and the box's evidence inside the window. */
function revealEvidence(mark) {
  var box = document.getElementById('source');
  if (box && box.scrollHeight > box.clientHeight) {
    var offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop = Math.max(0, box.scrollTop + offset - box.clientHeight / 3);
  }
  var r = mark.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) {
    mark.scrollIntoView({block: 'center', inline: 'nearest'});
  }
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  timeline: {
    /* A selection replaces the address instead of adding a history entry per event, and
       tells the page's Location what the address now is. A Location left with the old
       `href` pushes that old address back the next time it redraws (a filter change is
       its next redraw), which undid the filter and the selection. Both values already
       match the address, so the Location adds no history entry. */
    keepSelectionInAddress: function (selected) {
      var params = new URLSearchParams(window.location.search);
      if (selected) { params.set('event', selected); } else { params.delete('event'); }
      var query = params.toString();
      var address = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
      var now = window.location.pathname + window.location.search + window.location.hash;
      if (address !== now) {
        window.history.replaceState(window.history.state, '', address);
        window.dash_clientside.set_props('url', {search: window.location.search,
                                                 href: window.location.href});
      }
      return window.dash_clientside.no_update;
    },

    /* Bring the highlighted evidence into view, inside its box and in the page; keep it
       there while the rest of the page is still settling (the plot and the table draw
       after the text), until the reader scrolls, clicks or types (at most 15 s). */
    scrollToEvidence: function () {
      window.requestAnimationFrame(function () {
        var mark = document.getElementById('evidence-anchor');
        if (!mark) { return; }
        revealEvidence(mark);
        var until = performance.now() + 15000;
        var observer = new ResizeObserver(function () {
          if (performance.now() > until || !mark.isConnected) { stop(); return; }
          revealEvidence(mark);
        });
        function stop() {
          observer.disconnect();
          window.removeEventListener('wheel', stop);
          window.removeEventListener('keydown', stop);
          window.removeEventListener('touchmove', stop);
          window.removeEventListener('mousedown', stop);
        }
        observer.observe(document.body);
        window.addEventListener('wheel', stop, {once: true});
        window.addEventListener('keydown', stop, {once: true});
        window.addEventListener('touchmove', stop, {once: true});
        window.addEventListener('mousedown', stop, {once: true});
      });
      return window.dash_clientside.no_update;
    },

    /* The status line speaks of the values in the editor's fields: "Not saved yet" when
       they differ from the stored event, nothing once they match again (a "Saved" stays
       true then), nothing for a newly chosen event. */
    describeShown: function (date, title, selected, shown, shownClass) {
      var unchanged = window.dash_clientside.no_update;
      var triggered = (window.dash_clientside.callback_context.triggered || []).map(
        function (t) { return t.prop_id; });
      if (!shown || shown.id !== selected || triggered.indexOf('selected.data') >= 0) {
        return ['', 'edit-message'];
      }
      var same = String(date || '').trim() === shown.date &&
                 String(title || '').trim() === shown.title;
      if (!same) {
        return ['Not saved yet: press Enter or Save correction.', 'edit-message pending'];
      }
      if (String(shownClass || '').indexOf('pending') >= 0) { return ['', 'edit-message']; }
      return [unchanged, unchanged];
    },

    /* The grid asks the server again for the rows it shows (filters, file or selection changed). */
    refreshTable: function () {
      if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
        window.dash_ag_grid.getApiAsync('events-table').then(function (api) {
          api.refreshInfiniteCache();
        }).catch(function () {});
      }
      return window.dash_clientside.no_update;
    }
  }
});

var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

/* Tab leaves the grid (arrow keys move inside it), so the grid is never a focus trap. */
dagfuncs.timelineTabOut = function () {
  return false;
};
