"""``jcs-desktop export`` and ``jcs-desktop import-scores``: the exports from scripts.

    jcs-desktop export --session ID [--xlsx FILE] [--pdf FILE] [--blank-forms FILE] [--template FILE] [--anonymise]
        [--compare] [--series]
    jcs-desktop export --session ID [--jsc-plan FILE.docx] [--template-docx FILE] [--template-xlsx FILE]
        [--template-pdf FILE] [--worksheet N] [--anonymise]
    jcs-desktop import-scores --session ID FILE [--dry-run]

Heavy modules (openpyxl, reportlab, python-docx) are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from jcs_desktop.cli.main import EXIT_ERROR, EXIT_USAGE, CliError, _services

_DB_HELP = "SQLAlchemy database URL (default: $JCS_DB_URL, else a SQLite file in the user data folder)"


def register(sub: argparse._SubParsersAction) -> None:
    help_text = "write a workshop's Excel workbook, PDF report, blank scoring forms or entry template"
    p = sub.add_parser("export", help=help_text, description=help_text)
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=_DB_HELP)
    p.add_argument("--session", type=int, required=True, metavar="ID", help="the workshop id")
    p.add_argument("--xlsx", metavar="FILE", help="write the Excel workbook here")
    p.add_argument("--pdf", metavar="FILE", help="write the PDF report here")
    p.add_argument("--blank-forms", metavar="FILE", help="write printable blank scoring forms (PDF) here")
    p.add_argument("--template", metavar="FILE", help="write the Excel score entry template here")
    p.add_argument("--jsc-plan", metavar="FILE", help="write the JSC Plan outline (Word .docx) here")
    p.add_argument(
        "--template-docx", metavar="FILE", help="write the Strategic Commissioning Template (Word .docx) here"
    )
    p.add_argument("--template-xlsx", metavar="FILE", help="write the Strategic Commissioning Template (Excel) here")
    p.add_argument("--template-pdf", metavar="FILE", help="write the Strategic Commissioning Template (PDF) here")
    p.add_argument(
        "--worksheet",
        type=int,
        default=1,
        metavar="N",
        help="which of the workshop's template worksheets to write (1 = the first, the default)",
    )
    p.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names by labels and merge sectors of fewer than 3 people into 'Other' (workbook and report)",
    )
    p.add_argument(
        "--compare",
        action="store_true",
        help="add 'How we compare': the partnership beside the others' latest workshops (workbook and report)",
    )
    p.add_argument(
        "--series",
        action="store_true",
        help="with --xlsx and/or --pdf: write the series report of the workshop's series, for a partnership board",
    )
    p.set_defaults(func=cmd_export, _parser=p)

    help_text = "import scores from a filled Excel entry template (all or nothing)"
    p = sub.add_parser("import-scores", help=help_text, description=help_text)
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=_DB_HELP)
    p.add_argument("--session", type=int, required=True, metavar="ID", help="the workshop id")
    p.add_argument("file", metavar="FILE", help="the filled entry template (.xlsx)")
    p.add_argument("--dry-run", action="store_true", help="check the file and say what would be written; write nothing")
    p.set_defaults(func=cmd_import_scores)


def cmd_export(args: argparse.Namespace) -> int:
    strategy_files = [args.jsc_plan, args.template_docx, args.template_xlsx, args.template_pdf]
    wanted = [args.xlsx, args.pdf, args.blank_forms, args.template, *strategy_files]
    if not any(wanted):
        args._parser.print_usage(sys.stderr)
        print(
            "jcs-desktop export: error: say what to write: at least one of --xlsx, --pdf, --blank-forms, --template, "
            "--jsc-plan, --template-docx, --template-xlsx, --template-pdf",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.series:
        if any(strategy_files):
            args._parser.print_usage(sys.stderr)
            print("jcs-desktop export: error: --series writes the series report only", file=sys.stderr)
            return EXIT_USAGE
        return _export_series(args)
    from jcs_desktop.exports.common import ExportError
    from jcs_desktop.exports.model import build_report

    services = _services(args)
    try:
        strategy = None
        if any(strategy_files):
            from jcs_desktop.exports.strategy_model import build_strategy_export

            strategy = build_strategy_export(services, args.session, anonymise=args.anonymise)
        if not (args.xlsx or args.pdf):
            report = None
        elif strategy is not None and not args.compare:
            report = strategy.report  # one set of anonymous labels for every file of this export
        else:
            report = build_report(services, args.session, anonymise=args.anonymise, compare=args.compare)
        # Forms carry names to fill in, so they are never anonymised.
        named = build_report(services, args.session) if args.blank_forms or args.template else None
    finally:
        services.close()
    worksheet = None
    if args.template_docx or args.template_xlsx or args.template_pdf:
        from jcs_desktop.exports.strategy_model import NoWorksheet

        try:
            worksheet = strategy.worksheet(args.worksheet)
        except NoWorksheet as exc:
            raise CliError(str(exc)) from None
    if args.xlsx or args.template:
        _import_openpyxl_without_numpy()
    try:
        if args.xlsx:
            from jcs_desktop.exports.xlsx import write_workbook

            print(f"Excel workbook: {write_workbook(report, args.xlsx)}")
        if args.pdf:
            from jcs_desktop.exports.pdf import write_pdf

            print(f"PDF report: {write_pdf(report, args.pdf)}")
        if args.blank_forms:
            from jcs_desktop.exports.forms import write_blank_forms

            print(f"Blank scoring forms: {write_blank_forms(named, args.blank_forms)}")
        if args.template:
            from jcs_desktop.exports.forms import write_entry_template

            print(f"Entry template: {write_entry_template(named, args.template)}")
        _export_strategy(args, strategy, worksheet)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    return 0


def _export_strategy(args: argparse.Namespace, strategy, worksheet) -> None:
    """The JSC Plan outline and the Strategic Commissioning Template (Word, Excel, PDF)."""
    if args.jsc_plan:
        from jcs_desktop.exports.docx_plan import write_jsc_plan

        path = write_jsc_plan(strategy.report, strategy.worksheets, strategy.plan, args.jsc_plan)
        print(f"JSC Plan outline: {path}")
    if args.template_docx:
        from jcs_desktop.exports.docx_plan import write_template_docx

        path = write_template_docx(strategy.template, worksheet, args.template_docx, about=strategy.about)
        print(f"Strategic Commissioning Template (Word): {path}")
    if args.template_xlsx:
        _import_openpyxl_without_numpy()
        from jcs_desktop.exports.xlsx_template import write_template_xlsx

        path = write_template_xlsx(strategy.template, worksheet, args.template_xlsx, about=strategy.about)
        print(f"Strategic Commissioning Template (Excel): {path}")
    if args.template_pdf:
        from jcs_desktop.exports.pdf_template import write_template_pdf

        path = write_template_pdf(strategy.template, worksheet, args.template_pdf, about=strategy.about)
        print(f"Strategic Commissioning Template (PDF): {path}")


def _export_series(args: argparse.Namespace) -> int:
    """``export --series``: the series report (workbook and/or PDF) of the workshop's series."""
    if args.blank_forms or args.template or args.compare or not (args.xlsx or args.pdf):
        args._parser.print_usage(sys.stderr)
        print(
            "jcs-desktop export: error: --series writes the series report: give --xlsx and/or --pdf "
            "(not --blank-forms, --template or --compare)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from jcs_desktop.exports.common import ExportError
    from jcs_desktop.exports.series_report import build_series_report

    services = _services(args)
    try:
        report = build_series_report(services, args.session, anonymise=args.anonymise)
    finally:
        services.close()
    try:
        if args.xlsx:
            _import_openpyxl_without_numpy()
            from jcs_desktop.exports.xlsx_series_report import write_series_workbook

            print(f"Series workbook: {write_series_workbook(report, args.xlsx)}")
        if args.pdf:
            from jcs_desktop.exports.pdf_series_report import write_series_pdf

            print(f"Series report: {write_series_pdf(report, args.pdf)}")
    except ExportError as exc:
        raise CliError(str(exc)) from None
    return 0


def _import_openpyxl_without_numpy() -> None:
    """Import openpyxl as if numpy were not installed, unless either is imported already.

    openpyxl imports numpy only so that a cell accepts numpy's number types; the exports
    write Python numbers only, and numpy (there for the GUI's charts) was a tenth of this
    command's time. Hidden only while openpyxl is imported: numpy imports as usual after.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # 'import numpy' raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        with contextlib.suppress(KeyError):
            del sys.modules["numpy"]


def cmd_import_scores(args: argparse.Namespace) -> int:
    from jcs_desktop.exports.importer import apply_import, preview_import

    services = _services(args)
    try:
        preview = preview_import(services, args.session, args.file)
        for warning in preview.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if preview.problems:
            for problem in preview.problems:
                print(problem, file=sys.stderr)
            print(f"jcs-desktop: error: {preview.summary()}", file=sys.stderr)
            return EXIT_ERROR
        if not args.dry_run:
            apply_import(services, preview)
    finally:
        services.close()
    print(f"{'Would import' if args.dry_run else 'Imported'} {preview.summary()}")
    # Per participant, "29 of 30": a blank cell is visible here, not hidden in a total.
    for person in preview.people:
        print(f"  {person}")
    return 0
