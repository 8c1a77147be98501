"""Every component id of the page, once: layout, callbacks, assets' JS and tests share them.

The JavaScript in `assets/` and the browser tests use the same strings; change them here
and there together.
"""

from __future__ import annotations

# Address and page state
URL = "url"
SELECTED = "selected"  # the chosen event's id
XVIEW = "xview"  # the zoomed x range and the filters it was made under
ADDRESS_NOTE = "address-note"  # dummy output of the address-keeping clientside callback
VERSION = "version"  # the events file's version the page last drew
POLL = "poll"
TABLE_QUERY = "table-query"  # the table's last sort and filter model
TABLE_REFRESH = "table-refresh"  # dummy output of the table-refreshing clientside callback
SCROLL_NOTE = "scroll-note"  # dummy output of the evidence-scrolling clientside callback

# Header and messages
SUMMARY = "summary"
FILE_PROBLEM = "file-problem"
FILTER_PROBLEM = "filter-problem"
MODE_NOTE = "mode-note"

# Filter controls
DOCS = "f-docs"
DATE_FROM = "f-from"
DATE_TO = "f-to"
TEXT = "f-text"
CONFIDENCE = "f-conf"
TOGGLES = "f-toggles"
LANES = "f-lanes"
RANGE_PRESET = "f-range"
JUMP_LATEST = "jump-latest"

# Views
TIMELINE = "timeline"
TIMELINE_NAV = "timeline-nav"  # the focusable wrapper the arrow keys move in
TIMELINE_LIVE = "timeline-live"  # screen-reader announcements of the focused event
TABLE = "events-table"
SOURCE = "source"

# Editor
EDITOR = "editor"
EV_SUMMARY = "ev-summary"
EDIT_DATE = "edit-date"
EDIT_TITLE = "edit-title"
EDIT_SAVE = "edit-save"
EDIT_REJECT = "edit-reject"
EDIT_MESSAGE = "edit-message"
EDIT_FORM = "edit-form"
EDIT_SHOWN = "edit-shown"  # the shown event's stored id, date and title

# Pattern-matching id type of other events' evidence in the source text.
OTHER_EVENT = "src-event"
EVIDENCE_ANCHOR = "evidence-anchor"

# Downloads of the filtered view: one button per export format (`EXPORT_PREFIX` + format).
EXPORT_PREFIX = "export-"
EXPORT_DOWNLOAD = "export-download"
EXPORT_NOTE = "export-note"

# Stories: one happening told by several sources (`stories` in the events file).
STORIES_MIN = "f-stories"  # the "told by at least N sources" filter; 0 hides the list
STORIES = "stories"  # the stories view: figure, chosen story's quotes, merge and split
STORY_SELECTED = "story-selected"  # the chosen story's id
STORY_QUOTE = "story-quote"  # pattern-matching id type of a source quote's button
# The stories view: one mark per story on its own figure, and merge/split from the page.
STORIES_FIGURE = "stories-figure"
STORIES_NAV = "stories-nav"  # the focusable wrapper the arrow keys move in
STORIES_LIVE = "stories-live"  # screen-reader announcements of the focused story
STORIES_NOTE = "stories-note"  # heading: how many stories, and what the filters hide
STORIES_QUOTES = "stories-quotes"  # the chosen story's quotes, merge and split controls
STORY_SPLIT = "story-split"  # pattern-matching id type of a quote's "split out" button
STORY_MERGE_TARGET = "story-merge-target"  # the story to merge the chosen one into
STORY_MERGE = "story-merge"  # asks to merge (a confirm step follows)
STORY_PENDING = "story-pending"  # the merge or split waiting for confirmation
STORY_CONFIRM = "story-confirm"
STORY_CANCEL = "story-cancel"
STORY_WRITE_NOTE = "story-write-note"  # what a merge or split did; written by a write
STORIES_WINDOW = "stories-window"  # the stories figure's zoomed x range and its filters
STORY_TOOLS = "story-tools"  # merge control, confirm box and write note
STORY_CONFIRM_BOX = "story-confirm-box"
STORY_CONFIRM_TEXT = "story-confirm-text"
