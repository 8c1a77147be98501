"""Three-way merge: hand edits win per field, untouched fields follow the extractor."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from timeline.curation import merge_data
from timeline.curation.checks import validate_events_data
from timeline.curation.store import next_base
from timeline.dates import bounds


def event(doc: str, eid: str, date: str, title: str, text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    lo, hi = bounds(date)
    return {
        "id": eid,
        "doc": doc,
        "date": date,
        "earliest": lo,
        "latest": hi,
        "title": title,
        "evidence": {"start": start, "end": start + len(quote), "text": quote},
        "how": "explicit",
        "confidence": 0.8,
        "timex": date,
        "status": "active",
    }


def extraction(texts: dict[str, str], events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": 1,
        "documents": [
            {
                "id": d,
                "path": f"docs/{d}.txt",
                "title": None,
                "published": None,
                "published_source": "none",
                "sha256": hashlib.sha256(t.encode()).hexdigest(),
            }
            for d, t in sorted(texts.items())
        ],
        "events": events,
    }


class Store:
    """The events file and its side copies, as `save_events_file` would leave them."""

    def __init__(self) -> None:
        self.user: dict[str, Any] | None = None
        self.base: dict[str, Any] | None = None
        self.removed: set[str] = set()
        self.written: set[str] = set()

    def run(self, new: dict[str, Any], texts: dict[str, str], **kw: Any):  # noqa: ANN201
        result = merge_data(
            self.base,
            self.user,
            new,
            removed=self.removed,
            written=self.written,
            text_of=texts.get,
            **kw,
        )
        if self.user is not None:
            known = {e["id"] for e in (self.base or {"events": []})["events"]} | self.written
            self.removed |= known - {e.get("id") for e in self.user["events"]}
        self.removed -= {e["id"] for e in result.data["events"]}
        self.written = {e["id"] for e in result.data["events"]}
        self.user, self.base = result.data, copy.deepcopy(next_base(new, result.data))
        check = validate_events_data(result.data, text_of=texts.get)
        assert check.problems == [], check.problems
        return result

    def find(self, eid: str) -> dict[str, Any] | None:
        assert self.user is not None
        return next((e for e in self.user["events"] if e.get("id") == eid), None)


TEXT = (
    "The council approved the plan in March 2019. Construction began in 2020 after a "
    "long delay. The bridge opened on 4 July 2022, officials said."
)


def _first(texts: dict[str, str], dates: tuple[str, str, str] = ("2019-03", "2020", "2022-07-04")):
    return extraction(
        texts,
        [
            event("a", "e1", dates[0], "Plan approved", texts["a"], "March 2019"),
            event("a", "e2", dates[1], "Construction began", texts["a"], "2020"),
            event("a", "e3", dates[2], "Bridge opened", texts["a"], "4 July 2022"),
        ],
    )


def test_first_run_takes_the_extraction_sorted() -> None:
    store = Store()
    result = store.run(_first({"a": TEXT}), {"a": TEXT})
    assert [e["id"] for e in result.data["events"]] == ["e1", "e2", "e3"]
    assert result.summary["added"] == 3


def test_hand_edits_survive_and_untouched_fields_follow_the_extractor() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    user = store.user
    assert user is not None
    user["events"][0]["date"] = "2019-03-12"
    user["events"][1]["title"] = "Work starts"
    user["events"][2]["status"] = "rejected"
    # The extractor changes its mind about every date and title.
    result = store.run(_first(texts, ("2019", "2020-01", "2022-07")), texts)
    e1, e2, e3 = (store.find(i) for i in ("e1", "e2", "e3"))
    assert e1 and e2 and e3
    assert (e1["date"], e1["earliest"], e1["latest"]) == ("2019-03-12", "2019-03-12", "2019-03-12")
    assert e1["how"] == "curated" and e1["edited"] == ["date"]
    assert e1["title"] == "Plan approved"
    assert e2["title"] == "Work starts" and e2["date"] == "2020-01"  # date not touched: new value
    assert e2["earliest"] == "2020-01-01" and e2["how"] == "explicit"
    assert e3["status"] == "rejected" and e3["date"] == "2022-07"
    assert result.summary["kept_as_edited"] == 3
    assert result.summary["rejected"] == 1


def test_deleted_event_never_comes_back() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    assert store.user is not None
    store.user["events"] = [e for e in store.user["events"] if e["id"] != "e2"]
    for _ in range(3):
        result = store.run(_first(texts), texts)
        assert store.find("e2") is None
    assert result.summary["removed_by_user"] == 1


def test_added_event_is_completed_and_its_quote_located() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    assert store.user is not None
    store.user["events"].append(
        {"doc": "a", "date": "2021", "title": "Long delay", "text": "long delay"}
    )
    store.run(_first(texts), texts)
    added = next(e for e in store.user["events"] if e["title"] == "Long delay")
    start = TEXT.index("long delay")
    assert added["evidence"] == {"start": start, "end": start + 10, "text": "long delay"}
    assert added["sentence"]["text"].startswith("Construction began")
    assert (added["earliest"], added["latest"], added["how"]) == (
        "2021-01-01",
        "2021-12-31",
        "curated",
    )
    assert added["id"] and "text" not in added
    again = copy.deepcopy(store.user)
    store.run(_first(texts), texts)
    assert store.user == again  # a second run changes nothing


def test_moved_text_is_reanchored_and_vanished_text_orphaned() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    assert store.user is not None
    store.user["events"][0]["title"] = "Approved"
    store.user["events"][2]["date"] = "2022-07-04~"
    changed = {"a": "Update: new paragraph first. " + TEXT.replace("4 July 2022", "July 2022")}
    # The extractor no longer finds e1 or e3 under the same ids.
    new = extraction(changed, [event("a", "e2", "2020", "Construction", changed["a"], "2020")])
    result = store.run(new, changed)
    e1, e3 = store.find("e1"), store.find("e3")
    assert e1 and e3
    start = changed["a"].index("March 2019")
    assert e1["evidence"]["start"] == start and e1["status"] == "active"
    assert e3["status"] == "orphaned" and e3["date"] == "2022-07-04~"
    assert result.summary["orphaned"] == 1
    # The text comes back: the event is anchored again.
    store.run(_first(texts), texts)
    e3 = store.find("e3")
    assert e3 and e3["status"] == "active" and e3["date"] == "2022-07-04~"


def test_removed_document_keeps_only_curated_events_flagged_orphaned() -> None:
    texts = {"a": TEXT, "b": "Elections were held in 2018."}
    both = extraction(
        texts,
        _first(texts)["events"] + [event("b", "b1", "2018", "Elections", texts["b"], "2018")],
    )
    store = Store()
    store.run(both, texts)
    assert store.user is not None
    e1 = store.find("e1")
    assert e1 is not None
    e1["title"] = "Approval"
    only_b = {"b": texts["b"]}
    result = store.run(
        extraction(only_b, [event("b", "b1", "2018", "Elections", texts["b"], "2018")]), only_b
    )
    ids = {e["id"]: e["status"] for e in store.user["events"]}
    assert ids == {"e1": "orphaned", "b1": "active"}
    assert {d["id"] for d in store.user["documents"]} == {"a", "b"}
    assert any("no longer in the input" in w for w in result.warnings)
    quiet = Store()
    quiet.run(both, texts)
    assert quiet.user is not None
    next(e for e in quiet.user["events"] if e["id"] == "e1")["title"] = "Approval"
    assert not quiet.run(extraction(only_b, []), only_b, removed_docs_ok=True).warnings


def test_without_the_base_every_difference_is_kept_with_a_warning() -> None:
    texts = {"a": TEXT}
    user = _first(texts)
    user["events"][0]["title"] = "Mine"
    result = merge_data(None, user, _first(texts, ("2019", "2020", "2022")), text_of=texts.get)
    e1 = next(e for e in result.data["events"] if e["id"] == "e1")
    e2 = next(e for e in result.data["events"] if e["id"] == "e2")
    assert e1["title"] == "Mine" and "title" in e1["edited"]
    assert e1["date"] == "2019-03" and "date" in e1["edited"]
    assert e2["date"] == "2020" and "edited" not in e2
    assert any("previous extraction" in w for w in result.warnings)


def test_curated_publication_date_is_kept_and_marked() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    assert store.user is not None
    store.user["documents"][0]["published"] = "2023-01-05"
    store.run(_first(texts), texts)
    doc = store.user["documents"][0]
    assert doc["published"] == "2023-01-05" and doc["published_source"] == "curated"
    assert doc["edited"] == ["published"]


def test_key_order_of_the_users_objects_is_kept_and_new_keys_appended() -> None:
    texts = {"a": TEXT}
    store = Store()
    store.run(_first(texts), texts)
    assert store.user is not None
    e1 = store.user["events"][0]
    reordered = {"title": e1["title"], **{k: v for k, v in e1.items() if k != "title"}}
    reordered["note"] = "check with the archive"
    store.user["events"][0] = reordered
    store.run(_first(texts), texts)
    out = store.find("e1")
    assert out is not None
    keys = list(out)
    assert keys[0] == "title" and out["note"] == "check with the archive"
    assert keys[-1] == "edited" and out["edited"] == ["note"]


def test_output_order_is_deterministic() -> None:
    texts = {"a": TEXT}
    new = _first(texts)
    shuffled = copy.deepcopy(new)
    shuffled["events"].reverse()
    a = merge_data(None, None, new).data
    b = merge_data(None, None, shuffled).data
    assert a == b
    assert [e["earliest"] for e in a["events"]] == sorted(e["earliest"] for e in a["events"])
