"""`python -m timeline COMMAND`: one entry point, each command owned by its module.

Each command module exposes `configure(parser)` (cheap: no heavy imports) and
`run(args) -> int` (the exit code). Modules are imported only when their command
runs, so `timeline timex` does not pay for importing the dashboard.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("timeline.pipeline", "extract dated events from documents into an events file"),
    "timex": ("timeline.temporal.command", "print the time expressions of one file"),
    "evaluate": ("timeline.evaluation", "score the tagger against TimeML gold files"),
    "validate": ("timeline.curation.validate", "check an events file (exit 0 valid, 2 invalid)"),
    "dashboard": ("timeline.dashboard_command", "serve the interactive timeline on 127.0.0.1"),
    "export": ("timeline.export.command", "write TimelineJS, CSV, HTML, JSONL or ICS"),
    "train-models": ("timeline.learned.train", "fit the predicate and anchoring models on TimeML"),
}

# Shown under each command's --help: a typical call and what its exit codes mean.
EPILOGS: dict[str, str] = {
    "extract": """examples:
  timeline extract articles/ --out data/events.json
  timeline extract saved-page.html report.pdf https://example.org/story --out data/events.json
  timeline extract --from-list sources.txt --jobs 4
  curl -s https://example.org/story | timeline extract - --out story.json

exit codes: 0 written (or up to date), 1 no document could be read, 2 bad input
(missing path, clashing ids, invalid events file), 3 not written (the events file
changed or was locked meanwhile, or the Dask cluster could not be used)""",
    "timex": """example:
  timeline timex article.txt --dct 2019-07-15

exit codes: 0 printed, 2 the file or --dct cannot be used""",
    "evaluate": """example:
  timeline evaluate corpora/timebank/ --split dev --per-doc

exit codes: 0 scored, 1 some files could not be scored (named), 2 no such path or no .tml files""",
    "validate": """examples:
  timeline validate data/events.json
  timeline validate shared/events.json --docs shared/articles

exit codes: 0 valid, 2 invalid (every problem listed with its line and field)""",
    "dashboard": """example:
  timeline dashboard --events data/events.json --port 8050

exit codes: 0 stopped normally, 1 the address cannot be served, 2 bad --port""",
    "train-models": """example:
  pip install 'timeline[train]' && timeline train-models

exit codes: 0 the weight files were written, 2 no TimeML files or scikit-learn missing""",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("timeline")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """`--version`, with the installed version looked up only when asked for (reading
    the package metadata costs more than parsing a command line)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"timeline {_version()}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with `only` set, one whose sole configured command is `only`.

    Configuring just the chosen command keeps start-up fast and means one
    command's import trouble cannot break the others.
    """
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Turn documents into a timeline of dated events, each tied to its source text.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, help_text) in COMMANDS.items():
        cmd = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EPILOGS.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if only is None or name == only:
            importlib.import_module(module).configure(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(chosen if chosen in COMMANDS else None).parse_args(argv)
    try:
        return int(importlib.import_module(args._module).run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
