"""Layer rules (import-linter contracts) and "the workbook is data", checked on the source itself."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jcs_desktop
from jcs_desktop.content import load_workbook

PACKAGE = Path(jcs_desktop.__file__).resolve().parent

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

# The layer rules themselves are import-linter contracts in pyproject.toml ([tool.importlinter]).
_RUN_LINTER = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
)


def _lint(config: Path, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", _RUN_LINTER, str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "versions" not in p.parts)


def test_the_layer_contracts_are_kept() -> None:
    result = _lint(PYPROJECT, cwd=PYPROJECT.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy_of_the_package(tmp_path: Path) -> Path:
    """The package's Python source in tmp_path, with the project's contracts beside it."""
    root = tmp_path / "copy"

    def not_source(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or not (n.endswith(".py") or (Path(folder) / n).is_dir())}

    shutil.copytree(PACKAGE, root / "jcs_desktop", ignore=not_source)
    shutil.copy(PYPROJECT, root / "pyproject.toml")
    return root


def _plant(root: Path, module: str, line: str) -> None:
    path = root / "jcs_desktop" / module
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + "\n" + line + "\n", encoding="utf-8")


def _lint_copy(root: Path) -> tuple[int, str]:
    """The linter's exit code and its report, with line wrapping undone."""
    result = _lint(root / "pyproject.toml", cwd=root, pythonpath=root)
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def test_an_untouched_copy_of_the_package_keeps_the_contracts(tmp_path: Path) -> None:
    # The control for the planted violations below: the copy alone breaks nothing.
    code, out = _lint_copy(_copy_of_the_package(tmp_path))
    assert code == 0, out
    assert "8 kept, 0 broken" in out


def test_the_contracts_catch_planted_violations(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    _plant(root, "ui/shell/workshop_list.py", "from jcs_desktop.store.models import Workshop  # noqa")
    _plant(root, "domain/scoring.py", "import PySide6  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "The GUI, the command line and the device server reach the database only through services BROKEN" in out
    assert "jcs_desktop.ui.shell.workshop_list -> jcs_desktop.store.models" in out
    assert "Nothing below the GUI imports Qt or pyqtgraph BROKEN" in out
    assert "jcs_desktop.domain.scoring -> PySide6" in out


def test_the_contracts_catch_http_outside_the_device_server(tmp_path: Path) -> None:
    # The device server is the one part that listens on the network; the GUI starts it
    # through its own API and never speaks HTTP itself.
    root = _copy_of_the_package(tmp_path)
    _plant(root, "ui/core/devices.py", "def _late() -> None:\n    import aiohttp  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "Only the device server speaks HTTP: nothing else imports aiohttp BROKEN" in out
    assert "jcs_desktop.ui.core.devices -> aiohttp" in out


def test_the_contracts_catch_one_step_importing_another(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    _plant(root, "ui/final_scores/page.py", "from jcs_desktop.ui.reconcile import models as _other  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "Inside the GUI" in out and "BROKEN" in out
    assert "jcs_desktop.ui.final_scores.page -> jcs_desktop.ui.reconcile.models" in out


def test_the_contracts_catch_shared_code_reaching_up_into_a_step(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    _plant(root, "ui/widgets/labels.py", "def _late() -> None:\n    from jcs_desktop.ui.scoring import scheme  # noqa")
    _plant(root, "ui/core/tasks.py", "from jcs_desktop.ui.shell import help as _help  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "jcs_desktop.ui.widgets.labels -> jcs_desktop.ui.scoring.scheme" in out
    assert "jcs_desktop.ui.core.tasks -> jcs_desktop.ui.shell.help" in out


def test_the_contracts_catch_qt_reached_through_another_module(tmp_path: Path) -> None:
    # domain does not import Qt itself, but a module it imports does.
    root = _copy_of_the_package(tmp_path)
    _plant(root, "qt_helper.py", "from PySide6.QtGui import QColor  # noqa")
    _plant(root, "domain/dates.py", "from jcs_desktop import qt_helper  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "Nothing below the GUI imports Qt or pyqtgraph BROKEN" in out
    assert "jcs_desktop.domain.dates -> jcs_desktop.qt_helper" in out
    assert "jcs_desktop.qt_helper -> PySide6" in out


def test_the_contracts_catch_a_lower_layer_importing_a_higher_one(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    _plant(root, "store/db.py", "def _late() -> None:\n    from jcs_desktop.services.base import ServiceError  # noqa")
    code, out = _lint_copy(root)
    assert code != 0
    assert "above store and domain above content BROKEN" in out
    assert "jcs_desktop.store.db -> jcs_desktop.services.base" in out


def _workbook_phrases() -> set[str]:
    """Distinctive texts of the workbook: titles, level names, descriptors, statements, headings."""
    fw = load_workbook()
    texts = {lv.name for lv in fw.levels}
    for d in fw.drivers:
        texts.add(d.title)
        for e in d.elements:
            texts.update([e.title, e.detail.title, *e.descriptors])
            for lv in e.detail.levels:
                texts.update([lv.statement, *lv.indicators, *lv.approaches])
    ap = fw.action_planning
    texts.update(c.heading for c in [*ap.columns, *ap.detailed_fields, *ap.delivery_plan_columns])
    texts.update([fw.final_scores.target_heading])
    for section in fw.guidance:
        texts.update(section.paragraphs)
    # Short, common words ("Score", "Level 1") are not workbook text worth policing.
    return {t.strip().rstrip(".…") for t in texts if len(t.strip()) >= 14}


def test_no_workbook_text_in_python_code() -> None:
    phrases = _workbook_phrases()
    found = []
    for path in _python_files(PACKAGE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 14:
                value = node.value.strip().rstrip(".…")
                if value in phrases:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {value[:60]!r}")
    assert found == []
