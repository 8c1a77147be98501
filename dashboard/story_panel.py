"""The stories view's components: the figure with its key, the chosen story's quotes (each
selecting its event, each with a "split out" button), merging into another story, and
the confirm step every write waits for. Document text is passed as text children, which
React escapes.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from . import ids
from .story_figure import KEY


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _key() -> html.Div:
    return html.Div(
        [html.Span([html.Span(glyph, className=f"key {css}", **{"aria-hidden": "true"}),
                    " " + text], className="key-item", role="listitem")
         for glyph, css, text in KEY],
        className="key-line story-key", role="list", **{"aria-label": "What the story marks mean"},
    )  # fmt: skip


def _figure() -> html.Div:
    graph = dcc.Graph(id=ids.STORIES_FIGURE, figure={"data": [], "layout": {"height": 60}},
                      config={"displaylogo": False, "scrollZoom": True,
                              "modeBarButtonsToRemove": ["select2d", "lasso2d"]})  # fmt: skip
    return html.Div(
        [graph, html.Div(id=ids.STORIES_LIVE, className="sr-only", **{"aria-live": "polite"})],
        id=ids.STORIES_NAV, tabIndex="0", role="group",
        **{"aria-label": "Stories. Arrow keys move between stories, Enter chooses one."},
    )


def _tools(read_only: bool) -> html.Div:
    """Merge the chosen story into another; the confirm box under it asks first."""
    merge = html.Div(
        [html.Label("Merge this story into", htmlFor=ids.STORY_MERGE_TARGET),
         dcc.Dropdown(id=ids.STORY_MERGE_TARGET, options=[], placeholder="another story…",
                      disabled=read_only, className="story-merge-target"),
         html.Button("Merge…", id=ids.STORY_MERGE, n_clicks=0, className="secondary",
                     disabled=read_only)],
        className="story-merge",
    )  # fmt: skip
    confirm = html.Div(
        [html.P(id=ids.STORY_CONFIRM_TEXT, className="story-confirm-text"),
         html.Button("Confirm", id=ids.STORY_CONFIRM, n_clicks=0, className="primary"),
         html.Button("Cancel", id=ids.STORY_CANCEL, n_clicks=0, className="secondary")],
        id=ids.STORY_CONFIRM_BOX, className="story-confirm", role="alertdialog",
        style={"display": "none"}, **{"aria-labelledby": ids.STORY_CONFIRM_TEXT},
    )  # fmt: skip
    note = html.Div(id=ids.STORY_WRITE_NOTE, className="edit-message", role="status",
                    **{"aria-live": "polite"})  # fmt: skip
    return html.Div([merge, confirm, note], id=ids.STORY_TOOLS, className="story-tools",
                    style={"display": "none"})  # fmt: skip


def skeleton(read_only: bool) -> list[Any]:
    """What the stories section always holds; callbacks fill it in."""
    return [
        dcc.Store(id=ids.STORY_PENDING, data=None),
        dcc.Store(id=ids.STORIES_WINDOW, data=None),
        html.H2(id=ids.STORIES_NOTE, className="stories-heading"),
        _key(),
        _figure(),
        html.Div(id=ids.STORIES_QUOTES),
        _tools(read_only),
    ]


def heading(shown: int, min_sources: int, partial: int, filtered: bool) -> list[Any]:
    """How many stories are drawn, and what the page's filters hide of them."""
    out: list[Any] = [f"Stories told by at least {_count(min_sources, 'source')}: {shown:,}"]
    if filtered:
        note = " (with an event in the documents, dates and words chosen above"
        if partial:
            note += f"; {_count(partial, 'story')} also told outside them, those quotes hidden"
        out.append(html.Span(note + ")", className="stories-filtered"))
    return out


def quote_item(q: dict[str, Any], selected_event: str, can_split: bool) -> html.Li:
    """One source's quote, with its document and who says so; a click selects the event."""
    says = f"according to {q['says']}" if q["says"] else "no source named"
    quote = q["sentence"] or (q["evidence"] or {}).get("text") or ""
    button = html.Button(
        [html.Span(q["document_title"] or q["doc"] or "", className="quote-doc"),
         html.Span(f"{says}, dated {q['date']}", className="quote-who"),
         html.Q(quote, className="quote-text")],
        id={"type": ids.STORY_QUOTE, "event": q["event"]}, n_clicks=0,
        className="story-quote" + (" chosen" if q["event"] == selected_event else ""),
        title="Show this quote in its source",
    )  # fmt: skip
    parts: list[Any] = [button]
    if can_split:
        parts.append(html.Button(
            "Split out…", id={"type": ids.STORY_SPLIT, "event": q["event"]}, n_clicks=0,
            className="secondary story-split",
            **{"aria-label": f"Split this quote ({q['document_title'] or q['doc']}) out of "
                             "the story"},
        ))  # fmt: skip
    return html.Li(parts)


def quotes_panel(
    row: dict[str, Any], found: list[dict[str, Any]], hidden: int, selected_event: str,
    can_split: bool,
) -> list[Any]:
    """The chosen story: who says so, each quote linking to its highlighted source."""
    out: list[Any] = [html.H3(f"Who says so: {row['title'] or row['id']}",
                              className="stories-heading")]  # fmt: skip
    facts = f"{row['date'] or 'undated'} · told by {_count(row['sources'], 'source')}"
    if row.get("conflict"):
        facts += f" · sources disagree: {row['conflict']}"
    out.append(html.P(facts, className="story-facts"))
    if row.get("pending"):
        out.append(html.P(f"Merged or split here: {row['pending']}.", className="hint"))
    if hidden:
        out.append(html.P(f"{_count(hidden, 'more quote')} outside the documents, dates or "
                          "words chosen above: clear them to see every source.",
                          className="hint"))  # fmt: skip
    out.append(html.Ol([quote_item(q, selected_event, can_split and len(found) + hidden > 1)
                        for q in found], className="story-quotes"))  # fmt: skip
    return out


def confirm_text(action: dict[str, Any] | None, preview: dict[str, Any] | None) -> str:
    """What confirming will do, in words, with the merged story's preview when known."""
    if not action:
        return ""
    if action.get("op") == "split":
        return (f"Split the quote of event {action['event']} out of “{action['title']}”? "
                "It will stand alone, and the next extract will not put it back.")
    text = f"Merge “{action['title']}” into “{action['target_title']}”?"
    if preview:
        text += (f" The merged story: {preview['date']}, told by "
                 f"{_count(len(preview['sources']['documents']), 'source')}")
        text += f", sources disagree: {preview['conflict']}." if preview["conflict"] else "."
    return text + " It applies at the next extract, which keeps it."
