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
    "train-models": ("timeline.learned.train", "fit the predicate and anchoring models on TimeML"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with `only` set, one whose sole configured command is `only`.

    Configuring just the chosen command keeps start-up fast and means one
    command's import trouble cannot break the others.
    """
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Turn documents into a timeline of dated events, each tied to its source text.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
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
