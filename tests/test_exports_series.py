"""Exports of a repeat workshop, read back: 'Since last time' and 'How we compare' in the PDF
report and the Excel workbook, and the series report for a partnership board.

A series of three demo workshops made through the services; at the third, last time's actions
are reviewed (done, partly, not started, dropped) and the unfinished one carried forward. One
driver is made to go down and one to stay the same. Expected values come from the domain
(``driver_progress``, ``total_history``, ``level_history``) and the services (``commitments``).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jcs_desktop.domain.progress import driver_progress, level_history, total_history
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.model_series import status_text
from jcs_desktop.exports.pdf import write_pdf
from jcs_desktop.exports.pdf_series_report import ACTIONS_TITLE, DRIVERS_TITLE, ELEMENTS_TITLE, write_series_pdf
from jcs_desktop.exports.series_report import NoSeries, build_series_report
from jcs_desktop.exports.xlsx import write_workbook
from jcs_desktop.exports.xlsx_series_report import write_series_workbook
from jcs_desktop.services.demo import create_demo_series, create_demo_workshop
from tests.pdf_outline import outline_entries

TODAY = dt.date(2026, 11, 23)
STATUSES = ("done", "partly", "not-started", "dropped")
FORMULA = '=HYPERLINK("http://example.invalid","click")'


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path) -> str:
    return _words("\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def _section(text: str, start: str, end: str | None) -> str:
    """The text from the heading ``start`` (its last occurrence: the first is the contents list) to ``end``."""
    begin = text.rindex(start)
    stop = text.find(end, begin) if end else -1
    return text[begin : stop if stop >= 0 else len(text)]


@pytest.fixture
def series(services):
    """Three workshops of one partnership; last time's actions reviewed at the third."""
    fw = services.framework
    ids = create_demo_series(services, 3, today=TODAY).previous
    second, third = ids[1], ids[2]
    planning, scores = services.planning, services.scores
    # An action whose text a spreadsheet would take for a formula, reviewed like the others.
    planning.create_action(second, {"achieve": FORMULA}, links=[(fw.drivers[0].id, fw.drivers[0].elements[0].id)])
    planning.create_action(second, {"achieve": "A newsletter for every partner"}, links=[(fw.drivers[3].id, None)])
    # Driver 2 the same both times, driver 3 down five points.
    for e in fw.drivers[1].elements:
        scores.set_agreed(second, e.id, 2)
        scores.set_agreed(third, e.id, 2)
    for e in fw.drivers[2].elements:
        scores.set_agreed(second, e.id, 3)
        scores.set_agreed(third, e.id, 2)
    planning.set_driver_plan(second, fw.drivers[0].id, target_level=1)  # met
    planning.set_driver_plan(second, fw.drivers[2].id, target_level=4)  # not met
    name = services.participants.list(third)[0].display_name
    for i, c in enumerate(planning.commitments(third)):
        status = STATUSES[i % len(STATUSES)]
        planning.review_action(c.id, third, status, f"Achieved {i}: {name} led it", f"Learning {i}")
    for c in planning.commitments(third):
        if c.status == "partly" and c.carried_forward_id is None:
            planning.carry_forward(c.id, third)
    return {"ids": ids, "name": name}


def _expected_progress(services, workshop_id):
    last = services.series.last_time(workshop_id)
    now = {e: r.level for e, r in services.scores.agreed_for_workshop(workshop_id).items()}
    return driver_progress(services.framework, last.agreed, now, last.targets())


def _target_text(report, p) -> str:
    if p.target_level is None:
        return "No target set"
    if p.target_met is None:
        return "not judged yet"
    return f"{report.level_title(p.target_level)}: {'met' if p.target_met else 'not met'}"


def test_the_pdf_report_of_a_follow_up_says_what_changed_since_last_time(services, series, tmp_path):
    third = series["ids"][2]
    report = build_report(services, third, today=TODAY)
    path = write_pdf(report, tmp_path / "report.pdf")
    text = _pdf_text(path)
    outline = [e.title for e in outline_entries(PdfReader(str(path)).outline)]
    assert {"Since last time", "Actions reviewed", "Did our actions move it?"} <= set(outline)
    assert "How we compare" not in outline and "How we compare" not in text  # not asked for
    # After the final scores, before the elements that divided the room.
    assert outline.index("Since last time") > outline.index(report.final_scores_title)
    assert outline.index("Since last time") < outline.index("Where views differed most")

    since = _section(text, "Since last time", "Actions reviewed")
    previous = services.series.last_time(third).workshop
    assert f"Since the previous workshop of the series: {previous.title} (23 November 2025)" in since
    progress = _expected_progress(services, third)
    assert {p.direction for p in progress} == {"up", "down", "same"}
    titles = [d.title for d in report.drivers]
    for i, p in enumerate(progress):
        row = since[since.index(titles[i]) : since.index(titles[i + 1]) if i + 1 < len(titles) else None]
        assert p.change_text() in row, (titles[i], row)
        assert _target_text(report, p) in row, (titles[i], row)
        assert f"{p.before.total} {report.level_title(p.before_band)}" in row
        assert f"{p.now.total} {report.level_title(p.now_band)}" in row
    assert "down 5 points" in since and "= same" in since and "up " in since
    assert ": met" in since and ": not met" in since

    reviewed = _section(text, "Actions reviewed", "Did our actions move it?")
    commitments = services.planning.commitments(third)
    assert len(commitments) >= 4
    for c in commitments:
        start = reviewed.index(_words(c.action.achieve)[:30])
        assert status_text(c.status) in reviewed[start:], c.action.achieve
        assert c.review.achieved in reviewed and c.review.learning in reviewed
    carried = [c for c in commitments if c.carried_forward_id is not None]
    assert carried
    numbers = {a.id: n for n, a in enumerate(services.planning.actions(third), start=1)}
    for c in carried:
        assert f"Yes, as action {numbers[c.carried_forward_id]}" in reviewed
    for label in ("Done", "Partly done", "Not started", "Dropped"):
        assert label in reviewed

    moved = _section(text, "Did our actions move it?", "Where views differed most")
    fw = services.framework
    assert report.since_last_time.moved
    assert fw.drivers[0].elements[0].id in {m.element_id for m in report.since_last_time.moved}  # the formula's
    for m, following in zip(report.since_last_time.moved, [*report.since_last_time.moved[1:], None], strict=True):
        row = moved[moved.index(m.title) : moved.index(following.title) if following else None]
        assert m.change_text() in row, row
        for number, status in m.actions:
            assert f"{number}: {status_text(status)}" in row, row


def test_a_workshop_that_follows_none_has_no_such_sections(services, series, demo_id, tmp_path):
    for wid in (demo_id, series["ids"][0]):  # on its own, and the first of a series
        report = build_report(services, wid, today=TODAY)
        assert report.since_last_time is None and report.comparison is None
        pdf = write_pdf(report, tmp_path / f"{wid}.pdf")
        xlsx = write_workbook(report, tmp_path / f"{wid}.xlsx")
        text = _pdf_text(pdf)
        assert "Since last time" not in text and "How we compare" not in text
        names = load_workbook(xlsx).sheetnames
        assert "Since last time" not in names and "How we compare" not in names
        assert names[:2] == ["Summary", "Agreed grid"]


def test_the_workbook_of_a_follow_up_has_a_since_last_time_sheet(services, series, tmp_path):
    third = series["ids"][2]
    report = build_report(services, third, today=TODAY)
    wb = load_workbook(write_workbook(report, tmp_path / "w.xlsx"))
    assert wb.sheetnames[:3] == ["Summary", "Since last time", "Agreed grid"]
    ws = wb["Since last time"]
    rows = [[c for c in r] for r in ws.iter_rows(min_row=1)]
    header = next(i for i, r in enumerate(rows) if r[0].value == "Driver")
    assert [c.value for c in rows[header][:9]] == [
        "Driver",
        "Total last time",
        "Level last time",
        "Total this time",
        "Level this time",
        "Change (points)",
        "Change",
        "Target level set last time",
        "Target met",
    ]
    for i, p in enumerate(_expected_progress(services, third)):
        values = [c.value for c in rows[header + 1 + i]]
        assert values[0] == report.drivers[i].title
        assert values[1:9] == [
            p.before.total,
            report.level_title(p.before_band),
            p.now.total,
            report.level_title(p.now_band),
            p.change,
            p.change_text(),
            report.level_title(p.target_level) or None,
            {True: "Yes", False: "No", None: None}[p.target_met],
        ]
    # Actions reviewed: last time's number, the text, the status, and the formula kept as text.
    start = next(i for i, r in enumerate(rows) if r[1].value == "No. last time")
    end = next(i for i, r in enumerate(rows) if r[0].value == "Did our actions move it?")
    by_number = {r[1].value: r for r in rows[start + 1 : end] if isinstance(r[1].value, int)}
    numbers = {a.id: n for n, a in enumerate(services.planning.actions(third), start=1)}
    for n, c in enumerate(services.planning.commitments(third), start=1):
        row = by_number[n]
        assert row[0].value == c.action.achieve
        assert row[3].value == status_text(c.status)
        assert row[4].value == c.review.achieved
        assert row[5].value == ("Yes" if c.carried_forward_id else "No")
        assert row[6].value == (numbers[c.carried_forward_id] if c.carried_forward_id else None)
        assert row[7].value == c.review.learning
    moved = report.since_last_time.moved
    first = next(i for i, r in enumerate(rows) if i > end and r[0].value == "Element")
    for m, r in zip(moved, rows[first + 1 :], strict=False):
        assert [c.value for c in r[:7]] == [
            m.title,
            m.before,
            report.level_name(m.before) or None,
            m.now,
            report.level_name(m.now) or None,
            m.change,
            m.change_text(),
        ]
    formula = next(r[0] for r in by_number.values() if r[0].value == FORMULA)
    assert formula.data_type == "s" and formula.quotePrefix
    for r in ws.iter_rows():
        for cell in r:
            assert cell.data_type != "f", cell.coordinate


def test_how_we_compare_prints_the_reason_below_three_workshops_and_figures_from_three(services, series, tmp_path):
    third = series["ids"][2]
    create_demo_workshop(services, today=TODAY)  # a second partnership: 2 workshops in the group
    report = build_report(services, third, today=TODAY, compare=True)
    assert report.comparison.group == 2
    text = _pdf_text(write_pdf(report, tmp_path / "two.pdf"))
    compare = _section(text, "How we compare", "Where views differed most")
    reason = "Not shown: it would rest on 2 workshops, and no comparison is shown from fewer than 3"
    assert compare.count(reason) == len(report.drivers) + len(report.elements)
    assert "at the median" not in compare
    # The demo's sectors have 2 people each: never shown, the reason instead.
    assert "Not shown: 2 people, fewer than 3" in compare
    ws = load_workbook(write_workbook(report, tmp_path / "two.xlsx"))["How we compare"]
    reasons = [c.value for c in ws["K"] if c.value and str(c.value).startswith("Not shown:")]
    assert len(reasons) == len(report.drivers) + len(report.elements)

    other = create_demo_workshop(services, today=TODAY).previous  # a third partnership
    services.scores.set_agreed(other, services.framework.drivers[0].elements[0].id, 4)
    report = build_report(services, third, today=TODAY, compare=True)
    assert report.comparison.group == 3
    text = _pdf_text(write_pdf(report, tmp_path / "three.pdf"))
    compare = _section(text, "How we compare", "Where views differed most")
    assert "it would rest on" not in compare
    for fig, driver in zip(report.comparison.drivers, report.drivers, strict=True):
        assert fig.shown and fig.n == 3
        row = compare[compare.index(driver.title) :]
        assert fig.standing() in row[:400]
    wb = load_workbook(write_workbook(report, tmp_path / "three.xlsx"))
    assert wb.sheetnames[:4] == ["Summary", "Since last time", "How we compare", "Agreed grid"]
    ws = wb["How we compare"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Driver / element")
    for i, fig in enumerate(report.comparison.drivers, start=1):
        assert ws.cell(header + i, 1).value == report.drivers[i - 1].title
        assert ws.cell(header + i, 5).value == fig.distribution.median
        assert ws.cell(header + i, 9).value == fig.standing()
        assert ws.cell(header + i, 10).value == 3
        assert ws.cell(header + i, 11).value is None


def test_anonymised_since_last_time_names_nobody(services, series, tmp_path):
    third = series["ids"][2]
    report = build_report(services, third, today=TODAY, anonymise=True, seed=3)
    assert all(series["name"] not in a.achieved for a in report.since_last_time.actions)
    text = _pdf_text(write_pdf(report, tmp_path / "anon.pdf"))
    assert series["name"] not in text
    assert "led it" in text


def test_anonymised_since_last_time_names_nobody_who_came_only_last_time(services, series, tmp_path):
    second, third = series["ids"][1], series["ids"][2]
    # Someone at last year's workshop, not at this one, named in last year's action.
    gone = services.participants.add(second, {"display_name": "Bronwen Carys-Iorwerth"}).previous
    services.planning.create_action(second, {"achieve": "Bronwen Carys-Iorwerth to chair the provider forum"})
    report = build_report(services, third, today=TODAY, anonymise=True, seed=3)
    texts = [a.achieve for a in report.since_last_time.actions]
    assert "[name] to chair the provider forum" in texts
    text = _pdf_text(write_pdf(report, tmp_path / "anon.pdf"))
    assert "Bronwen" not in text and "Iorwerth" not in text
    # Not anonymised, the text is as it was typed.
    plain = build_report(services, third, today=TODAY)
    assert f"{gone.display_name} to chair the provider forum" in [a.achieve for a in plain.since_last_time.actions]


def test_the_series_report_shows_the_whole_series(services, series, tmp_path):
    fw = services.framework
    ids = series["ids"]
    report = build_series_report(services, ids[0], today=TODAY)  # from the first: the line to the latest
    assert [w.id for w in report.workshops] == ids
    history = services.series.series_history(ids[2])
    totals = total_history(fw, [h.agreed for h in history])
    levels = level_history(fw, [h.agreed for h in history])

    pdf = write_series_pdf(report, tmp_path / "series.pdf")
    text = _pdf_text(pdf)
    outline = [e.title for e in outline_entries(PdfReader(str(pdf)).outline)]
    assert {DRIVERS_TITLE, ELEMENTS_TITLE, ACTIONS_TITLE} <= set(outline)
    drivers = _section(text, DRIVERS_TITLE, "Each driver on its own bands")
    for d in fw.drivers:
        row = drivers[drivers.index(d.title) :]
        cells = [f"{t} {report.level_name(b)}" for t, b in totals[d.id]]
        positions = [row.index(cell) for cell in cells]
        assert positions == sorted(positions), (d.title, row[:200])
    elements = _section(text, ELEMENTS_TITLE, ACTIONS_TITLE)
    first = fw.drivers[0].elements[0]
    row = elements[elements.index(first.title) + len(first.title) :].split()
    assert row[:3] == [str(v) for v in levels[first.id]]

    wb = load_workbook(write_series_workbook(report, tmp_path / "series.xlsx"))
    assert wb.sheetnames == ["Workshops", "Driver totals", "Element levels", "Actions"]
    ws = wb["Driver totals"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Driver")
    for i, d in enumerate(fw.drivers, start=1):
        assert ws.cell(header + i, 1).value == d.title
        got = [(ws.cell(header + i, 2 + 2 * k).value, ws.cell(header + i, 3 + 2 * k).value) for k in range(3)]
        assert got == [(t, report.level_title(b)) for t, b in totals[d.id]]
        first_total, last_total = totals[d.id][0][0], totals[d.id][-1][0]
        assert ws.cell(header + i, 8).value == last_total - first_total
    ws = wb["Element levels"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Driver")
    for i, e in enumerate((e for d in fw.drivers for e in d.elements), start=1):
        assert ws.cell(header + i, 2).value == e.title
        assert [ws.cell(header + i, 3 + k).value for k in range(3)] == levels[e.id]
    ws = wb["Actions"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Workshop")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
    reviewed_at_third = [r for r in rows if r[5] == report.workshops[2].title]
    commitments = services.planning.commitments(ids[2])
    assert [(r[2], r[6]) for r in reviewed_at_third] == [(c.action.achieve, status_text(c.status)) for c in commitments]
    latest = [r for r in rows if r[0] == report.workshops[2].title]
    assert latest and all(r[6] == "Not reviewed yet" for r in latest)
    carried = [r for r in latest if r[4]]  # carried forward from the second workshop
    assert carried and all(re.match(r"\w+ \d{4}, action \d+", r[4]) for r in carried)


def test_a_workshop_on_its_own_has_no_series_report(services, demo_id):
    with pytest.raises(NoSeries, match="not part of a series"):
        build_series_report(services, demo_id)


def test_the_command_line_writes_the_series_report_and_the_comparison(services, series, db_url, tmp_path, capsys):
    from jcs_desktop.cli.main import main

    third = str(series["ids"][2])
    pdf, xlsx = tmp_path / "board.pdf", tmp_path / "board.xlsx"
    assert main(["export", "--db", db_url, "--session", third, "--series", "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert f"Series report: {pdf}" in out and f"Series workbook: {xlsx}" in out
    assert DRIVERS_TITLE in _pdf_text(pdf)
    assert load_workbook(xlsx).sheetnames[0] == "Workshops"
    assert main(["export", "--db", db_url, "--session", third, "--series", "--template", str(xlsx)]) == 2
    assert "--series writes the series report" in capsys.readouterr().err
    own = tmp_path / "own.xlsx"
    assert main(["export", "--db", db_url, "--session", third, "--compare", "--xlsx", str(own)]) == 0
    assert "How we compare" in load_workbook(own).sheetnames


def test_sector_figures_show_from_three_people(services, series, tmp_path):
    """Anonymised, the demo's sectors of two are counted under 'Other': twelve people, every figure shown."""
    from jcs_desktop.exports.pdf_series import number

    third = series["ids"][2]
    report = build_report(services, third, today=TODAY, compare=True, anonymise=True, seed=5)
    (other,) = report.comparison.sectors
    assert other.sector == "Other" and other.people == 12 and other.shown
    text = _pdf_text(write_pdf(report, tmp_path / "sectors.pdf"))
    by_sector = _section(text, "By sector This workshop's individual driver totals", "Where views differed most")
    row = by_sector[by_sector.index("Other 12") :]
    cells = [
        f"{number(other.totals[d.id].median)} ({other.totals[d.id].min}–{other.totals[d.id].max})"
        for d in report.drivers
    ]
    positions = [row.index(cell) for cell in cells]
    assert positions == sorted(positions)
    assert "Not shown: 2 people" not in by_sector
