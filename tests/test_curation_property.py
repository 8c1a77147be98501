"""Random hand edits interleaved with re-extractions: no edit is lost, nothing is stale."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_curation_merge import Store, event, extraction

WORDS = [f"w{i:02d}" for i in range(40)]
DATES = ["1999", "2004-05", "2010-11-02", "199X", "2003/..", "../2019", "2015-21", "2018~"]
POOL = [f"e{i}" for i in range(8)]
DOCS = ("a", "b")


def _text(doc: str, version: int) -> str:
    """A document whose words shift with its version, so spans move between runs."""
    return " ".join(["pad"] * (version % 3) + [f"{doc}{w}" for w in WORDS]) + "."


def _extraction(draw: st.DrawFn, versions: dict[str, int], present: tuple[str, ...]):
    texts = {d: _text(d, versions[d]) for d in present}
    events = []
    for eid in draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(POOL))):
        doc = DOCS[int(eid[1:]) % 2]
        if doc not in present:
            continue
        quote = f"{doc}{WORDS[int(eid[1:]) * 3]}"
        date = draw(st.sampled_from(DATES))
        title = draw(st.sampled_from(["t1", "t2", "t3"]))
        events.append(event(doc, eid, date, f"{title} {eid}", texts[doc], quote))
    return extraction(texts, events), texts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_hand_edits_survive_any_sequence_of_runs(data: st.DataObject) -> None:
    store = Store()
    versions = dict.fromkeys(DOCS, 0)
    edits: dict[str, dict[str, Any]] = {}  # id -> field -> value set by hand
    deleted: set[str] = set()
    added: dict[str, str] = {}  # title -> date of events added by hand
    counter = 0
    for _ in range(data.draw(st.integers(2, 6), label="runs")):
        if data.draw(st.booleans(), label="document changes"):
            versions[data.draw(st.sampled_from(DOCS))] += 1
        present = data.draw(st.sampled_from([DOCS, DOCS, DOCS, ("a",)]), label="inputs")
        new, texts = _extraction(data.draw, versions, present)
        store.run(new, texts, removed_docs_ok=True)
        _check(store, new, edits, deleted, added)
        assert store.user is not None
        before = {e.get("id"): dict(e) for e in store.user["events"]}
        earlier = {eid: set(fields) for eid, fields in edits.items()}
        for _ in range(data.draw(st.integers(0, 4), label="edits")):
            events = [e for e in store.user["events"] if e["title"] not in added]
            action = data.draw(st.sampled_from(["date", "title", "reject", "delete", "add"]))
            if action == "add":
                counter += 1
                doc = data.draw(st.sampled_from(DOCS))
                title = f"hand {counter}"
                date = data.draw(st.sampled_from(DATES))
                store.user["events"].append({"doc": doc, "date": date, "title": title})
                added[title] = date
                continue
            if not events:
                continue
            target = data.draw(st.sampled_from(events))
            if target["title"] in added:
                continue
            eid = target["id"]
            if action == "delete":
                store.user["events"].remove(target)
                deleted.add(eid)
                edits.pop(eid, None)
            elif action == "reject":
                target["status"] = "rejected"
                edits.setdefault(eid, {})["status"] = "rejected"
            else:
                value = data.draw(st.sampled_from(DATES)) if action == "date" else f"mine {counter}"
                counter += 1
                if target[action] == value:
                    continue  # an edit that changes nothing cannot be seen in the file
                target[action] = value
                edits.setdefault(eid, {})[action] = value
        # A value changed and changed back in one sitting is no edit the file can show.
        for eid, fields in list(edits.items()):
            for name in list(fields):
                first = before.get(eid, {}).get(name)
                if name not in earlier.get(eid, set()) and fields[name] == first:
                    del fields[name]
            if not fields:
                del edits[eid]


def _check(
    store: Store,
    new: dict[str, Any],
    edits: dict[str, dict[str, Any]],
    deleted: set[str],
    added: dict[str, str],
) -> None:
    assert store.user is not None
    out = {e["id"]: e for e in store.user["events"]}
    for eid, fields in edits.items():
        assert eid in out, f"edited event {eid} lost"
        for name, value in fields.items():
            assert out[eid][name] == value, (eid, name)
            assert name in out[eid]["edited"]
    for eid in deleted:
        assert eid not in out, f"deleted event {eid} came back"
    by_title = {e["title"]: e for e in store.user["events"]}
    for title, date in added.items():
        assert by_title[title]["date"] == date and by_title[title]["how"] == "curated"
    fresh = {e["id"]: e for e in new["events"]}
    for eid, ev in out.items():
        if eid in edits or ev["title"] in added:
            continue
        # Untouched: exactly what the extractor says now.
        assert eid in fresh, f"stale event {eid} kept"
        for name in ("date", "title", "evidence", "earliest", "latest", "status"):
            assert ev[name] == fresh[eid][name], (eid, name)
    for eid in fresh:
        assert eid in out or eid in deleted
