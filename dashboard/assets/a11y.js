/* Accessible names and roles that Dash's own components leave out (dash 4 markup):
   option lists whose labels wrap native inputs are groups of those inputs, not listboxes;
   the slider thumb and the dropdown's keyboard handle are named after their control's
   label. Re-applied whenever Dash re-renders a control. */
(function () {
  'use strict';
  // Checklists and radio items only: a dropdown's menu is a real listbox of options.
  var INPUT_LISTS = ['.dash-checklist', '.dash-radioitems'];

  function labelOf(el) {
    var control = el.closest('.control');
    var label = control && control.querySelector('label, .lanes-label');
    return label ? label.textContent.trim() : '';
  }

  function fix(root) {
    root.querySelectorAll(INPUT_LISTS.map(function (l) { return l + '[role="listbox"]'; }).join(',')).forEach(function (list) {
      list.setAttribute('role', 'group');
      if (!list.getAttribute('aria-label')) {
        var named = list.id === 'f-lanes' ? 'Lanes' : 'Show';
        list.setAttribute('aria-label', named);
      }
    });
    root.querySelectorAll(INPUT_LISTS.map(function (l) {
      return l + ' .dash-options-list-option[role="option"]';
    }).join(',')).forEach(function (opt) {
      opt.removeAttribute('role');
      opt.removeAttribute('aria-selected');
    });
    root.querySelectorAll('.dash-slider-thumb:not([aria-label])').forEach(function (thumb) {
      thumb.setAttribute('aria-label', labelOf(thumb) || 'slider');
    });
    root.querySelectorAll('.dash-dropdown-focus-target[aria-hidden]').forEach(function (input) {
      input.removeAttribute('aria-hidden');
      input.setAttribute('aria-label', (labelOf(input) || 'Choose') +
                         ': press Enter or Down to choose');
    });
  }

  // Watch the whole page only until the filter bar exists, then just the filter bar: the
  // plot adds thousands of nodes per redraw that need no fixing.
  var pending = false;
  var narrowed = false;
  var observer = new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      fix(document);
      var controls = document.querySelector('.controls');
      if (controls && !narrowed) {
        narrowed = true;
        observer.disconnect();
        observer.observe(controls, {childList: true, subtree: true, attributes: true,
                                    attributeFilter: ['role', 'aria-hidden']});
      }
    });
  });
  document.addEventListener('DOMContentLoaded', function () {
    fix(document);
    observer.observe(document.body, {childList: true, subtree: true});
  });
})();
