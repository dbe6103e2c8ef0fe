"""``jcs-desktop export`` and ``jcs-desktop import-scores``."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from jcs_desktop.cli.main import main
from jcs_desktop.exports.template_spec import SCORES_SHEET


def test_export_writes_every_file_asked_for(services, demo_id, db_url, tmp_path, capsys):
    out = {k: tmp_path / f"out.{k}" for k in ("xlsx", "pdf")}
    forms, template = tmp_path / "forms.pdf", tmp_path / "template.xlsx"
    args = ["export", "--db", db_url, "--session", str(demo_id), "--xlsx", str(out["xlsx"]), "--pdf", str(out["pdf"])]
    args += ["--blank-forms", str(forms), "--template", str(template)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    for path in (*out.values(), forms, template):
        assert path.is_file() and str(path) in printed
    assert "Summary" in load_workbook(out["xlsx"]).sheetnames
    assert len(PdfReader(str(out["pdf"])).pages) > 5
    assert SCORES_SHEET in load_workbook(template).sheetnames


def test_anonymised_export_from_the_command_line(services, demo_id, db_url, tmp_path):
    path = tmp_path / "anon.pdf"
    assert main(["export", "--db", db_url, "--session", str(demo_id), "--pdf", str(path), "--anonymise"]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    for person in services.participants.list(demo_id):
        assert person.display_name not in text


def test_export_without_an_output_is_a_usage_error(db_url, demo_id, capsys):
    assert main(["export", "--db", db_url, "--session", str(demo_id)]) == 2
    assert "at least one of --xlsx" in capsys.readouterr().err


def test_export_errors_are_one_line(db_url, demo_id, tmp_path, capsys):
    assert main(["export", "--db", db_url, "--session", "999", "--xlsx", str(tmp_path / "x.xlsx")]) == 1
    assert "no workshop with id 999" in capsys.readouterr().err
    target = tmp_path / "missing" / "x.pdf"
    assert main(["export", "--db", db_url, "--session", str(demo_id), "--pdf", str(target)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def _filled_template(services, workshop_id, db_url, tmp_path, value):
    template = tmp_path / "template.xlsx"
    assert main(["export", "--db", db_url, "--session", str(workshop_id), "--template", str(template)]) == 0
    wb = load_workbook(template)
    ws = wb[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    for row in range(header + 1, ws.max_row + 1):
        for col in range(4, ws.max_column + 1):
            ws.cell(row, col).value = value
    wb.save(template)
    return template


def test_import_scores_writes_and_reports(services, db_url, tmp_path, capsys):
    w = services.workshops.create({"title": "Typed in later"}).previous
    person = services.participants.add(w.id, {"display_name": "Ana"}).previous
    path = _filled_template(services, w.id, db_url, tmp_path, 3)
    capsys.readouterr()
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would import 30 scores for 1 participant" in out and "  Ana: 30 of 30" in out
    assert services.scores.scores_for_participant(person.id) == {}
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported 30 scores" in out and "Ana: 30 of 30" in out
    assert set(services.scores.scores_for_participant(person.id).values()) == {3}


def test_import_scores_with_problems_writes_nothing(services, db_url, tmp_path, capsys):
    w = services.workshops.create({"title": "Typed in later"}).previous
    person = services.participants.add(w.id, {"display_name": "Ana"}).previous
    path = _filled_template(services, w.id, db_url, tmp_path, 5)
    capsys.readouterr()
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(path)]) == 1
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if "5 is outside 1–4" in line]
    assert len(problems) == 30 and all(line.startswith("Scores!D") for line in problems)
    assert "30 problems" in err and "nothing will be imported" in err
    assert services.scores.scores_for_participant(person.id) == {}


def test_import_of_a_file_that_is_not_a_workbook(services, demo_id, db_url, tmp_path, capsys):
    path = tmp_path / "scores.xlsx"
    path.write_text("name,score\n", encoding="utf-8")
    before = services.scores.scores_for_workshop(demo_id)
    assert main(["import-scores", "--db", db_url, "--session", str(demo_id), str(path)]) == 1
    err = capsys.readouterr().err
    assert "not an Excel workbook" in err and "Traceback" not in err
    assert services.scores.scores_for_workshop(demo_id) == before


def test_dry_run_says_who_is_incomplete(services, db_url, tmp_path, capsys):
    w = services.workshops.create({"title": "Typed in later"}).previous
    services.participants.add_many(w.id, [{"display_name": "Ana"}, {"display_name": "Ben"}])
    path = _filled_template(services, w.id, db_url, tmp_path, 2)
    wb = load_workbook(path)
    ws = wb[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    ws.cell(header + 3, 5).value = None  # one blank cell for Ben
    wb.save(path)
    capsys.readouterr()
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    element = services.framework.drivers[0].elements[2].title
    assert "Would import 59 scores for 2 participants" in out and "1 participant is incomplete" in out
    assert "  Ana: 30 of 30" in out and f"  Ben: 29 of 30 (blank: {element})" in out


def test_import_of_a_truncated_file_or_one_from_another_database(services, db_url, tmp_path, capsys):
    from jcs_desktop.services import Services

    w = services.workshops.create({"title": "Here"}).previous
    services.participants.add(w.id, {"display_name": "Ana"})
    path = _filled_template(services, w.id, db_url, tmp_path, 3)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[:-100])
    capsys.readouterr()
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(cut), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "damaged or incomplete" in err and "not an Excel workbook" not in err and "Traceback" not in err
    other_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    other = Services.open(other_url)
    w2 = other.workshops.create({"title": "Elsewhere"}).previous
    other.participants.add(w2.id, {"display_name": "Ana"})
    other.close()
    (tmp_path / "t2").mkdir()
    theirs = _filled_template(services, w2.id, other_url, tmp_path / "t2", 3)
    capsys.readouterr()
    assert main(["import-scores", "--db", db_url, "--session", str(w.id), str(theirs)]) == 1
    err = capsys.readouterr().err
    assert "made for workshop 'Elsewhere' (no date) in another database, not 'Here' (no date)" in err
    assert services.scores.scores_for_workshop(w.id) == {services.participants.list(w.id)[0].id: {}}
