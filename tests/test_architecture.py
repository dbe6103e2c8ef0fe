"""Layer rules and "the workbook is data", checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jcs_desktop
from jcs_desktop.content import load_workbook

PACKAGE = Path(jcs_desktop.__file__).resolve().parent

# layer -> top-level modules it must not import
FORBIDDEN = {
    "content": {"PySide6", "pyqtgraph", "sqlalchemy", "alembic", "openpyxl", "reportlab"},
    "domain": {"PySide6", "pyqtgraph", "sqlalchemy", "alembic", "openpyxl", "reportlab"},
    "store": {"PySide6", "pyqtgraph", "openpyxl", "reportlab"},
    "services": {"PySide6", "pyqtgraph", "openpyxl", "reportlab"},
    "exports": {"PySide6", "pyqtgraph", "sqlalchemy"},
    # The GUI talks to services only: it never builds queries or opens sessions itself.
    "ui": {"sqlalchemy", "alembic"},
    "cli": {"sqlalchemy", "alembic"},
}


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "versions" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer: str) -> None:
    offenders = {}
    for path in _python_files(PACKAGE / layer):
        bad = _imports(path) & FORBIDDEN[layer]
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


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
