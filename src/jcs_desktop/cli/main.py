"""The ``jcs-desktop`` command: the GUI by default, and a few sub-commands for scripts.

Errors are one line on stderr and a non-zero exit; nothing heavy is imported
before the chosen command needs it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

EXIT_USAGE = 2
EXIT_ERROR = 1


class CliError(Exception):
    pass


def _db_url(args: argparse.Namespace) -> str | None:
    return args.db or os.environ.get("JCS_DB_URL") or None


def _services(args: argparse.Namespace):
    from jcs_desktop.services import Services

    return Services.open(_db_url(args))


def cmd_gui(args: argparse.Namespace) -> int:
    from jcs_desktop.ui.app import run_gui

    return run_gui(db_url=_db_url(args))


def cmd_workbook(args: argparse.Namespace) -> int:
    from jcs_desktop.content.loader import load_framework, load_workbook

    framework = load_framework(args.file) if args.file else load_workbook()
    data = framework.model_dump(mode="json")
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(framework.title)
        for driver in framework.drivers:
            bands = ", ".join(f"{lo}–{hi}" for lo, hi in driver.thresholds)
            print(f"{driver.id}: {driver.title} (bands {bands})")
            for element in driver.elements:
                print(f"  {element.id}: {element.title}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from jcs_desktop.services.demo import create_demo_series, create_demo_workshop

    count = getattr(args, "series", None)
    if count is not None and not 1 <= count <= 10:
        print("error: --series takes 1 to 10 workshops", file=sys.stderr)
        return 2
    services = _services(args)
    try:
        if count is None:
            print(create_demo_workshop(services).previous)
        else:
            print(" ".join(str(i) for i in create_demo_series(services, count).previous))
    finally:
        services.close()
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    from jcs_desktop.services.report import results_document

    services = _services(args)
    try:
        doc = results_document(services, args.session)
    finally:
        services.close()
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{doc['workshop']['title']} ({doc['workshop']['partnership']})")
    for d in doc["drivers"]:
        band = d["band_name"] or "—"
        mean = d["individual_mean"]
        basis = f"from {d['individual_from']} of {d['individual_of']}"
        mean_text = f"{mean:.1f} ({d['individual_mean_band_name']}, {basis})" if mean is not None else f"— ({basis})"
        print(f"{d['title']:<36} agreed {d['agreed_label']:>14}  {band:<28} individual mean {mean_text}")
    return 0


def build_parser(extra: Sequence[Callable[[argparse._SubParsersAction], None]] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jcs-desktop",
        description="Facilitate 'A Catalyst for Change' self-assessment workshops. With no command, opens the GUI.",
    )
    db_help = "SQLAlchemy database URL (default: $JCS_DB_URL, else a SQLite file in the user data folder)"
    parser.add_argument("--db", metavar="URL", help=db_help)
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
        p.set_defaults(func=func)
        return p

    add("gui", cmd_gui, "open the application window")
    p = add("workbook", cmd_workbook, "print the loaded workbook content")
    p.add_argument("--json", action="store_true", help="as JSON (drivers, elements, sheets, thresholds)")
    p.add_argument("--file", help="validate and print another framework file instead of the bundled workbook")
    p = add("demo", cmd_demo, "create a realistic demo workshop and print its id")
    p.add_argument(
        "--series",
        type=int,
        metavar="N",
        help="a partnership's series of N workshops a year apart, each following the one before (prints their ids)",
    )
    p = add("results", cmd_results, "print a workshop's computed results")
    p.add_argument("--session", type=int, required=True, metavar="ID", help="the workshop id")
    p.add_argument("--json", action="store_true", help="as JSON")
    for hook in extra:
        hook(sub)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Sub-commands that live in their own modules (exports, imports)."""
    import importlib
    import importlib.util

    hooks = []
    for name in ("jcs_desktop.cli.exports",):
        if importlib.util.find_spec(name) is not None:
            hooks.append(importlib.import_module(name).register)
    return hooks


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(_extra_commands())
    args = parser.parse_args(argv)
    from jcs_desktop.content.loader import ContentError
    from jcs_desktop.services.base import ServiceError
    from jcs_desktop.store.db import StoreError

    try:
        return args.func(args)
    except (ServiceError, StoreError, ContentError, CliError, FileNotFoundError, PermissionError) as exc:
        message = str(exc) if not isinstance(exc, OSError) else f"{exc.filename or ''}: {exc.strerror or exc}"
        print(f"jcs-desktop: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
