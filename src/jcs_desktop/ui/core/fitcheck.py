"""Does a window fit? Finds controls a facilitator cannot reach or read at a given size.

``check_fit(window, size=(1366, 768))`` walks every visible widget of a shown top-level
window and returns a list of ``Problem``:

- ``window``: the window needs more room than ``size`` (its layout's minimum is larger);
- ``clipped``: an interactive control lies partly outside the window or outside an
  ancestor, so no scrolling brings it into view. A control inside a scroll area is fine
  as long as the scroll area can scroll to it (it is judged by the scroll area's own fit);
- ``squashed``: a control smaller than its minimum size (its frame or text is cut);
- ``elided``: the text of a label (without word wrap), button, check box, radio button,
  tab or table header section is wider than the room it has, or a word-wrapped label is
  shorter than its wrapped text. A widget that elides on purpose and carries a tool tip
  with the whole text is allowed;
- ``viewport``: a scroll area (table, list, text box, scroll box) whose viewport is less
  than ``min_lines`` text lines high;
- ``rows``: a table or list that has at least ``min_rows`` rows but shows fewer;
- ``overlap``: two visible sibling widgets cover each other.

Widgets can opt out: property ``fit_ok`` (True) skips a widget's own checks, ``fit_overlay``
(True) lets a widget lie over its siblings (a banner drawn over a page on purpose), and
``fit_min_rows`` (int) overrides ``min_rows`` for one item view, ``fit_header_wraps`` (True)
on a header view lets its section texts wrap. A widget that draws its own text (a
delegate, a custom paint) can report what it had to cut: a method ``fit_problems()``
returning a list of strings is called and each string reported as ``elided``. Importing this module has
no side effects; it needs a QApplication only when called.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolButton,
    QWidget,
)

TOLERANCE = 1  # pixels: rounding in layouts and font metrics is not a cut


@dataclass(frozen=True)
class Problem:
    """One thing that does not fit: what kind, which widget (described for a person), and how."""

    kind: str
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:9} {self.widget}: {self.detail}"


def describe(widget: QWidget) -> str:
    """A widget as a person finds it: its class, object name, and accessible name or text."""
    bits = [type(widget).__name__]
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        bits.append(f"#{widget.objectName()}")
    text = widget.accessibleName() or _text_of(widget)
    if text:
        text = " ".join(text.split())
        bits.append(f"'{text[:50]}'")
    owner = widget.parentWidget()
    while owner is not None and not owner.objectName():
        owner = owner.parentWidget()
    if owner is not None and owner is not widget.window():
        bits.append(f"in #{owner.objectName()}")
    return " ".join(bits)


def _text_of(widget: QWidget) -> str:
    for attr in ("text", "title", "placeholderText", "windowTitle"):
        fn = getattr(widget, attr, None)
        if callable(fn):
            try:
                value = fn()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                return _plain(value)
    return ""


def _plain(text: str, *, mnemonic: bool = True, rich: bool = False) -> str:
    """The text as shown: rich-text tags and entities resolved, a mnemonic's ``&`` dropped."""
    if rich or re.search(r"<[a-zA-Z/!][^>]*>", text):  # what Qt takes for rich text, near enough
        text = re.sub(r"<br\s*/?>|</p>|</div>|</h\d>", "\n", text, flags=re.IGNORECASE)
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if not mnemonic:
        return text
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _words(text: str) -> list[str]:
    """Where a line may break: at ordinary white space, not at a no-break space."""
    return [word for word in re.split(r"[ \t\n\r]+", text) if word]


def _is_interactive(w: QWidget) -> bool:
    if isinstance(w, QScrollBar):
        return False
    parent = w.parentWidget()
    if isinstance(w, QAbstractButton):
        # The arrows of a tab bar and the corner button of a table belong to those controls.
        return not isinstance(parent, (QTabBar, QAbstractItemView)) and not type(w).__name__.startswith("QTable")
    if isinstance(w, QLineEdit):
        return not isinstance(parent, (QAbstractSpinBox, QComboBox))
    return isinstance(
        w, (QComboBox, QAbstractSpinBox, QTabBar, QAbstractItemView, QTextEdit, QPlainTextEdit, QAbstractSlider)
    )


def _is_internal(w: QWidget) -> bool:
    """Parts of a compound control (scroll bars, viewports, header views): judged with their owner."""
    parent = w.parentWidget()
    if isinstance(w, QScrollBar) or isinstance(parent, QScrollBar):
        return True
    if isinstance(w, QHeaderView):
        return False
    if parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea):
        owner = parent.parentWidget()
        assert isinstance(owner, QAbstractScrollArea)
        if parent is not owner.viewport():  # scroll bar containers and corner widgets
            return True
    if isinstance(parent, QAbstractScrollArea) and w is not getattr(parent, "viewport", lambda: None)():
        return not isinstance(w, QHeaderView)
    return False


def _flag(w: QWidget, name: str) -> bool:
    value = w.property(name)
    return bool(value) and value is not None


def _scroll_area_of_viewport(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    return None


def _clip(w: QWidget, window: QWidget) -> str | None:
    """Why ``w`` is cut off permanently (by which ancestor), or None when all of it can be seen."""
    rect = QRect(QPoint(0, 0), w.size())
    current = w
    while current is not window:
        parent = current.parentWidget()
        if parent is None:
            return None
        rect = rect.translated(current.pos())
        area = _scroll_area_of_viewport(parent)
        if area is not None:
            # Inside a scroll area: scrolling shows any part of the content, unless that
            # direction's scroll bar is switched off.
            if isinstance(area, QScrollArea) and area.widget() is current:
                inner = QRect(rect.translated(-current.pos()))
                vp = parent.size()
                if area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff and (
                    inner.right() > vp.width() - 1 + TOLERANCE
                ):
                    return f"beyond the right of scroll area {describe(area)}, which cannot scroll sideways"
                if area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff and (
                    inner.bottom() > vp.height() - 1 + TOLERANCE
                ):
                    return f"below scroll area {describe(area)}, which cannot scroll down"
            return None
        bounds = parent.rect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
        if not bounds.contains(rect):
            shown = rect.intersected(parent.rect())
            owner = "the window" if parent is window else describe(parent)
            return f"{rect.width()}×{rect.height()} px, only {shown.width()}×{shown.height()} inside {owner}"
        current = parent
    return None


def _label_problem(w: QLabel) -> str | None:
    if w.pixmap() is not None and not w.pixmap().isNull():
        return None
    if not w.text().strip():
        return None
    have = w.size()
    if w.wordWrap():
        room = w.contentsRect().width() - 2 * max(0, w.margin()) - max(0, w.indent())
        fm = QFontMetrics(w.font())
        rich = w.textFormat() == Qt.TextFormat.RichText
        words = _words(_plain(w.text(), mnemonic=w.buddy() is not None, rich=rich))
        longest = max(words, key=fm.horizontalAdvance) if words else ""
        if longest and fm.horizontalAdvance(longest) > room + TOLERANCE:
            return f"the word '{longest[:30]}' needs {fm.horizontalAdvance(longest)} px, has {room}"
        need_h = w.heightForWidth(have.width()) if w.hasHeightForWidth() else w.sizeHint().height()
        if need_h > have.height() + TOLERANCE + 1:
            return f"wrapped text needs {need_h} px high, has {have.height()}"
        return None
    hint = w.sizeHint()
    if hint.width() > have.width() + TOLERANCE:
        return f"text needs {hint.width()} px, has {have.width()}"
    if hint.height() > have.height() + TOLERANCE + 1:
        return f"text needs {hint.height()} px high, has {have.height()}"
    return None


def _button_text_width(w: QAbstractButton) -> int:
    fm = QFontMetrics(w.font())
    lines = _plain(w.text()).split("\n")
    width = max(fm.horizontalAdvance(line) for line in lines)
    if not w.icon().isNull():
        width += w.iconSize().width() + 4
    return width


def _button_problem(w: QAbstractButton) -> str | None:
    if not w.text().strip():
        return None
    text_w = _button_text_width(w)
    style = w.style()
    if isinstance(w, (QCheckBox, QRadioButton)):
        pm = QStyle.PixelMetric
        ind = pm.PM_IndicatorWidth if isinstance(w, QCheckBox) else pm.PM_ExclusiveIndicatorWidth
        spacing = pm.PM_CheckBoxLabelSpacing if isinstance(w, QCheckBox) else pm.PM_RadioButtonLabelSpacing
        need = text_w + style.pixelMetric(ind, None, w) + style.pixelMetric(spacing, None, w)
    elif isinstance(w, QPushButton):
        opt = QStyleOptionButton()
        w.initStyleOption(opt)
        fm = QFontMetrics(w.font())
        content = QSize(text_w, fm.height())
        need = style.sizeFromContents(QStyle.ContentsType.CT_PushButton, opt, content, w).width()
        # Styles round a text button up to a minimum width; only the room for the text counts.
        need = min(need, text_w + 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, w) + 4)
    elif isinstance(w, QToolButton):
        if w.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            return None
        need = min(w.sizeHint().width(), text_w + 6)
    else:
        need = min(w.sizeHint().width(), text_w)
    need = min(need, w.sizeHint().width()) if w.sizeHint().width() > 0 else need
    if need > w.width() + TOLERANCE:
        return f"text needs {need} px, has {w.width()}"
    return None


def _tab_problems(bar: QTabBar) -> Iterable[str]:
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect = bar.tabRect(i)
        need = bar.tabSizeHint(i)
        horizontal = bar.shape() in (
            QTabBar.Shape.RoundedNorth,
            QTabBar.Shape.RoundedSouth,
            QTabBar.Shape.TriangularNorth,
            QTabBar.Shape.TriangularSouth,
        )
        shrinks = bar.elideMode() != Qt.TextElideMode.ElideNone or not bar.usesScrollButtons()
        if shrinks and horizontal and rect.width() + TOLERANCE < need.width() and not bar.tabToolTip(i):
            yield f"tab '{_plain(bar.tabText(i))}' needs {need.width()} px, has {rect.width()}"
        if not bar.usesScrollButtons() and not bar.rect().adjusted(-1, -1, 1, 1).contains(rect):
            yield f"tab '{_plain(bar.tabText(i))}' lies outside the tab bar"


def _header_problems(header: QHeaderView) -> Iterable[str]:
    model = header.model()
    if model is None or not header.isVisible():
        return
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    count = model.columnCount() if horizontal else model.rowCount()
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    viewport_w = header.viewport().width() if horizontal else header.viewport().height()
    for section in range(count):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text.strip():
            continue
        if model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole):
            continue
        pos = header.sectionViewportPosition(section)
        if pos >= viewport_w:  # scrolled away, not cut
            continue
        font = model.headerData(section, header.orientation(), Qt.ItemDataRole.FontRole)
        fm = QFontMetrics(font if font is not None else header.font())
        lines = text.split("\n")
        size = header.sectionSize(section)
        if horizontal:
            need = max(fm.horizontalAdvance(line) for line in lines) + 2 * margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                need += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
            if need > size + TOLERANCE and not _header_wraps(header, fm, text, size, margin):
                yield f"column '{' '.join(lines)}' needs {need} px, has {size}"
        else:
            need = max(fm.horizontalAdvance(line) for line in lines) + 2 * margin
            if need > header.width() + TOLERANCE:
                yield f"row '{' '.join(lines)}' needs {need} px, has {header.width()}"
    if horizontal:
        lines = max(
            (
                len(str(model.headerData(s, header.orientation(), Qt.ItemDataRole.DisplayRole) or "").split("\n"))
                for s in range(count)
            ),
            default=1,
        )
        need_h = lines * QFontMetrics(header.font()).height()
        if need_h > header.height() + TOLERANCE:
            yield f"header needs {need_h} px high for {lines} line(s), has {header.height()}"


def _header_wraps(header: QHeaderView, fm: QFontMetrics, text: str, width: int, margin: int) -> bool:
    """A header whose sections wrap their text (a property set by the page) fits if the wrapped lines do."""
    if not _flag(header, "fit_header_wraps"):
        return False
    words = text.split()
    if any(fm.horizontalAdvance(word) + 2 * margin > width for word in words):
        return False
    rect = fm.boundingRect(QRect(0, 0, width - 2 * margin, 10_000), int(Qt.TextFlag.TextWordWrap), text)
    return rect.height() <= header.height()


def _view_problems(view: QAbstractScrollArea, min_lines: int, min_rows: int) -> Iterable[tuple[str, str]]:
    viewport = view.viewport()
    line = QFontMetrics(view.font()).lineSpacing()
    if viewport.height() < min_lines * line - TOLERANCE:
        yield "viewport", f"viewport {viewport.height()} px high, less than {min_lines} lines ({min_lines * line} px)"
    if isinstance(view, QAbstractItemView) and view.model() is not None:
        wanted = view.property("fit_min_rows")
        wanted = int(wanted) if wanted is not None else min_rows
        rows = view.model().rowCount(view.rootIndex())
        if rows >= wanted and wanted > 0:
            shown, used = 0, 0
            for row in range(wanted):
                if isinstance(view, QTableView):
                    height = view.rowHeight(row) if not view.isRowHidden(row) else 0
                else:
                    height = view.sizeHintForRow(row)
                used += max(0, height)
                if used > viewport.height() + TOLERANCE:
                    break
                shown += 1
            if shown < wanted:
                yield "rows", f"shows {shown} of {rows} rows (at least {wanted} wanted)"
    if isinstance(view, QAbstractItemView):
        yield from (("elided", detail) for detail in _cell_problems(view))


def _cell_problems(view: QAbstractItemView, limit: int = 60) -> Iterable[str]:
    """Cells whose one-line text is wider than the cell, among the rows on screen (no tool tip, no wrap)."""
    model = view.model()
    if model is None or view.textElideMode() == Qt.TextElideMode.ElideNone:
        return
    if isinstance(view, QTableView) and view.wordWrap() and _flag(view, "fit_cells_wrap"):
        return
    style = view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    area = view.viewport().rect()
    root = view.rootIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model that keeps columnCount to itself (QListWidget's): one column
        columns = 1
    checked = 0
    reported: set[int] = set()
    for row in range(model.rowCount(root)):
        if checked >= limit:
            return
        for column in range(columns):
            index = model.index(row, column, root)
            rect = view.visualRect(index)
            if not rect.isValid() or not area.intersects(rect) or column in reported:
                continue
            checked += 1
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text or index.data(Qt.ItemDataRole.ToolTipRole):
                continue
            if view.indexWidget(index) is not None:
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            fm = QFontMetrics(font if font is not None else view.font())
            need = max(fm.horizontalAdvance(line) for line in text.split("\n")) + margin
            if index.data(Qt.ItemDataRole.DecorationRole) is not None:
                need += view.iconSize().width() if view.iconSize().isValid() else fm.height()
            if need > rect.width() + TOLERANCE + 1:
                reported.add(column)  # one cell per column says enough
                yield f"cell '{' '.join(text.split())[:40]}' needs {need} px, has {rect.width()}"


def _overlaps(widgets: list[QWidget]) -> Iterable[tuple[QWidget, QWidget]]:
    by_parent: dict[int, list[QWidget]] = {}
    for w in widgets:
        parent = w.parentWidget()
        if parent is None or w.isWindow() or _flag(w, "fit_overlay") or _flag(w, "fit_ok"):
            continue
        if isinstance(parent, QAbstractScrollArea) or _scroll_area_of_viewport(parent) is not None:
            continue  # scroll bars, corners, item widgets: placed by the view
        if parent.layout() is None and not isinstance(parent, QLabel):
            continue  # placed by hand (a custom control's parts): its own business
        if type(parent).__name__ in ("QTabBar", "QToolBar", "QMenuBar", "QStatusBar", "QSplitter"):
            continue
        by_parent.setdefault(id(parent), []).append(w)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            ga = a.geometry().adjusted(TOLERANCE, TOLERANCE, -TOLERANCE, -TOLERANCE)
            for b in siblings[i + 1 :]:
                if ga.intersects(b.geometry().adjusted(TOLERANCE, TOLERANCE, -TOLERANCE, -TOLERANCE)):
                    yield a, b


def check_fit(
    window: QWidget,
    size: tuple[int, int] | None = None,
    *,
    within: QWidget | None = None,
    min_lines: int = 2,
    min_rows: int = 3,
) -> list[Problem]:
    """The problems of shown top-level ``window`` (at ``size``, when given), those inside ``within`` only.

    ``within`` restricts the report to one part of the window (a page), still judged as
    shown in the whole window. The window is not resized: call this after resizing and
    letting the layouts settle (process events).
    """
    problems: list[Problem] = []
    if size is not None:
        need = window.minimumSizeHint().expandedTo(window.minimumSize())
        if window.width() > size[0] + TOLERANCE or window.height() > size[1] + TOLERANCE:
            problems.append(
                Problem(
                    "window",
                    describe(window),
                    f"is {window.width()}×{window.height()}, larger than {size[0]}×{size[1]} "
                    f"(its layout needs {need.width()}×{need.height()})",
                )
            )
        elif need.width() > size[0] + TOLERANCE or need.height() > size[1] + TOLERANCE:
            problems.append(
                Problem(
                    "window", describe(window), f"needs {need.width()}×{need.height()}, more than {size[0]}×{size[1]}"
                )
            )
    scope = within if within is not None else window
    widgets = [w for w in scope.findChildren(QWidget) if w.isVisible() and w.window() is window]
    if within is not None and within.isVisible():
        widgets.insert(0, within)
    for w in widgets:
        if _flag(w, "fit_ok") or _is_internal(w):
            continue
        if w.width() <= 0 or w.height() <= 0:
            continue
        who = None
        if _is_interactive(w) or isinstance(w, (QLabel, QHeaderView)):
            reason = _clip(w, window)
            if reason is not None:
                who = describe(w)
                problems.append(Problem("clipped", who, reason))
        if _is_interactive(w) and not isinstance(w, QAbstractScrollArea | QTabBar):
            minimum = w.minimumSizeHint()
            # A style's minimum carries comfortable padding; a control is squashed when its text
            # no longer has a line's height (plus a frame for text boxes), or it is too narrow to hit.
            frame = 2 if isinstance(w, QAbstractButton) else 4
            line = QFontMetrics(w.font()).height() + frame
            if minimum.isValid() and (
                w.height() + TOLERANCE < min(minimum.height(), line) or w.width() + TOLERANCE < min(minimum.width(), 40)
            ):
                problems.append(
                    Problem(
                        "squashed",
                        who or describe(w),
                        f"{w.width()}×{w.height()} px, less than its minimum {minimum.width()}×{minimum.height()}",
                    )
                )
        reason = None
        if isinstance(w, QLabel):
            reason = _label_problem(w)
        elif isinstance(w, QAbstractButton) and _is_interactive(w):
            reason = _button_problem(w)
        if reason is not None and not w.toolTip():
            problems.append(Problem("elided", who or describe(w), reason))
        if isinstance(w, QTabBar):
            problems.extend(Problem("elided", describe(w), r) for r in _tab_problems(w))
        if isinstance(w, QHeaderView) and not _flag(w.parentWidget(), "fit_ok"):
            problems.extend(Problem("elided", describe(w.parentWidget() or w), r) for r in _header_problems(w))
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, QHeaderView):
            for kind, detail in _view_problems(w, min_lines, min_rows):
                problems.append(Problem(kind, describe(w), detail))
        own = getattr(w, "fit_problems", None)
        if callable(own):
            problems.extend(Problem("elided", describe(w), detail) for detail in own())
    for a, b in _overlaps(widgets):
        problems.append(Problem("overlap", describe(a), f"overlaps {describe(b)}"))
    return problems


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem, for a report or an assertion message."""
    return "\n".join(str(p) for p in problems)
