"""The command line: workbook and results JSON, demo, and one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from jcs_desktop.cli.main import main
from tests.test_domain_scoring import SEED_BANDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_workbook_json_holds_the_whole_workbook(capsys) -> None:
    code, out, _ = run(capsys, "workbook", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["levels"][0]["name"] == "Consolidating the basics"
    assert len(data["drivers"]) == 6
    for driver in data["drivers"]:
        assert [tuple(t) for t in driver["thresholds"]] == SEED_BANDS[driver["id"]]
        assert len(driver["elements"]) == 5
        for element in driver["elements"]:
            assert len(element["descriptors"]) == 4
            assert len(element["detail"]["levels"]) == 4
            assert all(lv["statement"] and lv["indicators"] and lv["approaches"] for lv in element["detail"]["levels"])


def test_demo_then_results_json_agree_with_the_seed_table(capsys, db_url) -> None:
    code, out, _ = run(capsys, "demo", "--db", db_url)
    assert code == 0
    workshop_id = int(out.strip())
    code, out, _ = run(capsys, "results", "--session", str(workshop_id), "--db", db_url, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["workshop"]["participants"] == 12
    assert re.fullmatch("[0-9a-f]{32}", doc["workshop"]["uuid"])  # the identity unique across databases
    for driver in doc["drivers"]:
        bands = SEED_BANDS[driver["id"]]
        total = driver["agreed_total"]
        expected = next(i for i, (lo, hi) in enumerate(bands, start=1) if lo <= total <= hi)
        assert driver["band"] == expected
        assert driver["band_name"] == doc["levels"][expected - 1]
        mean = driver["individual_mean"]
        expected_mean_band = max(i for i, (lo, _hi) in enumerate(bands, start=1) if mean >= lo)
        assert driver["individual_mean_band"] == expected_mean_band
        assert len(driver["elements"]) == 5
        assert all(e["agreed_level"] in (1, 2, 3, 4) for e in driver["elements"])
        assert {"n", "mean", "median", "range", "stdev", "counts", "by_sector", "divergent"} <= set(
            driver["elements"][0]["statistics"]
        )


def test_demo_series_prints_the_ids_oldest_first(capsys, db_url) -> None:
    code, out, _ = run(capsys, "demo", "--series", "3", "--db", db_url)
    assert code == 0
    ids = [int(i) for i in out.split()]
    assert len(ids) == 3
    code, out, _ = run(capsys, "results", "--session", str(ids[-1]), "--db", db_url, "--json")
    assert code == 0 and json.loads(out)["workshop"]["participants"] == 12
    code, _out, err = run(capsys, "demo", "--series", "0", "--db", db_url)
    assert code == 2 and "1 to 10" in err


def test_db_url_from_the_environment(capsys, db_url, monkeypatch) -> None:
    monkeypatch.setenv("JCS_DB_URL", db_url)
    code, out, _ = run(capsys, "demo")
    assert code == 0
    code, out, _ = run(capsys, "results", "--session", out.strip())
    assert code == 0 and "Building partnerships" in out
    # The mean of individual totals says how many people it rests on, in text as in JSON.
    bases = re.findall(r"individual mean \d+\.\d \([^)]*, from (\d+) of (\d+)\)", out)
    assert sorted(bases) == [("10", "12")] + [("12", "12")] * 5  # two of the demo's people left gaps


@pytest.mark.parametrize(
    "argv, message",
    [
        (["results", "--session", "42", "--json"], "no workshop with id 42"),
        (["results", "--session", "1", "--db", "nonsense://x"], "database URL"),
    ],
)
def test_errors_are_one_line_on_stderr(capsys, db_url, argv, message) -> None:
    if "--db" not in argv:
        argv = [*argv, "--db", db_url]
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("jcs-desktop: error:")


def test_bad_arguments_exit_non_zero(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["results", "--session", "abc"])
    assert exc.value.code != 0


def test_workbook_file_with_errors_names_the_file(capsys, tmp_path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"id": "x"', encoding="utf-8")
    code, _, err = run(capsys, "workbook", "--file", str(bad))
    assert code == 1 and "broken.json" in err and "line 1" in err


def test_module_entry_point_runs(db_url) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "jcs_desktop", "workbook"], capture_output=True, text=True, check=True
    ).stdout
    assert "building-partnerships.trust" in out
