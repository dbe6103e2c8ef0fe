"""Help: the workbook's own guidance for facilitators, how to use the application's features,
and every keyboard shortcut.

The guidance text comes from the content files (``Framework.guidance`` and
``resources/help/app-guide.json``), never from this module. Engineers adding shortcuts add a row to ``SHORTCUTS``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework, GuidanceSection
from jcs_desktop.ui.widgets.theme import show_focus

SHORTCUTS_ID = "keyboard-shortcuts"
SHORTCUTS_TITLE = "Keyboard shortcuts"

SHORTCUTS: list[tuple[str, str, str]] = [
    # (where, keys, what it does)
    ("Everywhere", "Ctrl+N", "New workshop"),
    ("Everywhere", "Ctrl+Z", "Undo the last change"),
    ("Everywhere", "Ctrl+Shift+Z (or Ctrl+Y)", "Redo"),
    ("Everywhere", "Ctrl+=", "Larger text"),
    ("Everywhere", "Ctrl+-", "Smaller text"),
    ("Everywhere", "Ctrl+0", "Normal text size"),
    ("Everywhere", "F1", "Workbook guidance (this window)"),
    ("Everywhere", "Ctrl+Q", "Quit (everything is already saved)"),
    ("Workshop list", "Ctrl+F", "Search the workshops"),
    ("Workshop list", "Enter", "Open the selected workshop"),
    ("Workshop list", "Delete", "Delete the selected workshop (asks first; Ctrl+Z brings it back)"),
    ("Workshop list", "Esc", "Clear the search"),
    ("Open workshop", "Alt+Home", "Back to the list of workshops"),
    ("Open workshop", "Ctrl+PgDown", "Next step"),
    ("Open workshop", "Ctrl+PgUp", "Previous step"),
    ("Everywhere", "Ctrl+Shift+G", "Progress and comparison: the series over time and how the partnership compares"),
    ("Progress and comparison", "F5", "Read the series and the other workshops again"),
    ("Progress and comparison", "Esc", "Close the window"),
    ("Prepare: participants", "Insert", "Add a participant"),
    ("Prepare: participants", "F2 or Enter", "Edit the selected participant"),
    ("Prepare: participants", "Delete", "Remove the selected participants"),
    ("Prepare: participants", "Ctrl+V", "Add participants from the clipboard (one name per line, or spreadsheet rows)"),
    ("Participant mode", "Ctrl+Shift+F12", "Leave participant mode (asks for the PIN when one is set)"),
]

# Steps keep their own keys beside their code, as plain data; the Help lists them after these.
STEP_SHORTCUT_MODULES = (
    "jcs_desktop.ui.scoring.shortcuts",
    "jcs_desktop.ui.reconcile.shortcuts",
    "jcs_desktop.ui.final_scores.shortcuts",
    "jcs_desktop.ui.planning.shortcuts",
    "jcs_desktop.ui.strategy.shortcuts",
    "jcs_desktop.ui.export.shortcuts",
)


def all_shortcuts() -> list[tuple[str, str, str]]:
    """Every documented shortcut, grouped by where it works, without repeats."""
    import importlib
    import importlib.util

    rows = list(SHORTCUTS)
    for name in STEP_SHORTCUT_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # the step's package itself is not there
            found = False
        if found:
            rows.extend(importlib.import_module(name).SHORTCUTS)
    seen: set[tuple[str, str]] = set()
    unique = []
    for area, keys, what in rows:
        if (area, keys) not in seen:
            seen.add((area, keys))
            unique.append((area, keys, what))
    order = list(dict.fromkeys(area for area, _, _ in unique))
    return sorted(unique, key=lambda row: order.index(row[0]))


def guidance_html(section: GuidanceSection) -> str:
    """A section's paragraphs as simple HTML: bullets become a list, short unpunctuated lines headings."""
    parts = [f"<h2>{escape(section.title)}</h2>"]
    in_list = False
    for paragraph in section.paragraphs:
        text = paragraph.strip()
        bullet = text[:1] in "•■✓-" and text[1:2] == " "
        if bullet and not in_list:
            parts.append("<ul>")
            in_list = True
        elif not bullet and in_list:
            parts.append("</ul>")
            in_list = False
        if bullet:
            parts.append(f"<li>{escape(text[2:].strip())}</li>")
        elif len(text) < 60 and text[-1:] not in ".:;,?!)":
            parts.append(f"<h3>{escape(text)}</h3>")
        else:
            parts.append(f"<p>{escape(text)}</p>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def shortcuts_html() -> str:
    rows = []
    last_area = None
    for area, keys, what in all_shortcuts():
        if area != last_area:
            rows.append(f"<tr><td colspan='2'><h3>{escape(area)}</h3></td></tr>")
            last_area = area
        rows.append(f"<tr><td style='padding:2px 18px 2px 0'><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>")
    return f"<h2>{SHORTCUTS_TITLE}</h2><table cellspacing='0'>{''.join(rows)}</table>"


class HelpWindow(QDialog):
    """A non-modal window: section titles on the left, the chosen section on the right."""

    def __init__(
        self, framework: Framework, parent: QWidget | None = None, guide: list[GuidanceSection] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(f"Help — {framework.title.rstrip('.… ')}")
        self.setModal(False)
        self.framework = framework
        if guide is None:
            from jcs_desktop.content.loader import load_app_guide

            guide = load_app_guide()
        # The workbook's own guidance first, then how to use the application's features.
        self._sections = {s.id: s for s in [*framework.guidance, *guide]}

        self.sections = QListWidget()
        self.sections.setObjectName("helpSections")
        self.sections.setAccessibleName("Help sections")
        show_focus(self.sections)
        for section in self._sections.values():
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.sections.addItem(item)
        item = QListWidgetItem(SHORTCUTS_TITLE)
        item.setData(Qt.ItemDataRole.UserRole, SHORTCUTS_ID)
        self.sections.addItem(item)
        self.sections.setSpacing(3)
        # Titles wrap rather than scroll sideways; the list is as wide as its titles, within reason.
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._fit_sections()
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setAccessibleName("Help text")
        self.text.setOpenExternalLinks(False)
        self.text.document().setDocumentMargin(16)
        self.sections.currentRowChanged.connect(self._show_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self.sections.setCurrentRow(0)
        self.sections.setFocus()

    def _fit_sections(self) -> None:
        metrics = self.sections.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.sections.item(i).text()) for i in range(self.sections.count()))
        chrome = 2 * self.sections.frameWidth() + 2 * self.sections.spacing() + 16
        bar = self.sections.verticalScrollBar().sizeHint().width()
        self.sections.setFixedWidth(min(widest + chrome + bar, metrics.averageCharWidth() * 34 + chrome + bar))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "sections"):  # the app-wide text size changed
            self._fit_sections()

    def titles(self) -> list[str]:
        return [self.sections.item(i).text() for i in range(self.sections.count())]

    def show_section(self, section_id: str) -> None:
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == section_id:
                self.sections.setCurrentRow(row)
                return
        raise KeyError(section_id)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        section_id = self.sections.item(row).data(Qt.ItemDataRole.UserRole)
        if section_id == SHORTCUTS_ID:
            self.text.setHtml(shortcuts_html())
            return
        self.text.setHtml(guidance_html(self._sections[section_id]))
