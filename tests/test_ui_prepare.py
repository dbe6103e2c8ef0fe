"""The Prepare step: workshop details, PIN, participants (dialog, paste, edit, remove, undo/redo)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from jcs_desktop.services.base import validate
from jcs_desktop.services.dto import ParticipantFields, WorkshopFields
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.prepare.model import ParticipantTableModel
from jcs_desktop.ui.prepare.paste import parse_pasted

# The offscreen platform warns that it cannot resize or raise windows; nothing to do with the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def ctx(services):
    return AppContext(services)


@pytest.fixture
def workshop_id(services) -> int:
    return services.workshops.create(WorkshopFields(title="Spring workshop", partnership="Westford")).previous.id


@pytest.fixture
def window(qtbot, ctx, workshop_id):
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_workshop(workshop_id)
    window.workshop_view.show_step("prepare")
    return window


@pytest.fixture
def page(window):
    return window.workshop_view.page("prepare")


def _alone(qtbot, ctx, workshop_id):
    """The Prepare page on its own (no other step's page listening), on the open workshop."""
    from jcs_desktop.ui.prepare.page import PreparePage

    page = PreparePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    ctx.open_workshop(workshop_id)
    page.set_workshop(workshop_id)
    return page


def visible_dialog(qtbot, name: str) -> QDialog:
    found: list[QDialog] = []

    def check() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
        assert found

    qtbot.waitUntil(check)
    return found[0]


def click_ok(qtbot, dialog: QDialog) -> None:
    button = dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def names(services, workshop_id: int) -> list[str]:
    return [p.display_name for p in services.participants.list(workshop_id)]


def add_via_dialog(qtbot, page, name: str, organisation: str = "", sector: str = "") -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    dialog = visible_dialog(qtbot, "ParticipantDialog")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "nameEdit"), name)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "organisationEdit"), organisation)
    if sector:
        combo = dialog.findChild(QComboBox, "sectorCombo")
        combo.setCurrentIndex(combo.findText(sector))
    click_ok(qtbot, dialog)


# -- pasting ------------------------------------------------------------------------------------


def test_parse_one_name_per_line_with_bullets_and_blank_lines() -> None:
    text = "Names\n• Ann Smith\n\n2. Bob Jones\n- Carol King  \n"
    assert [r["display_name"] for r in parse_pasted(text)] == ["Ann Smith", "Bob Jones", "Carol King"]


def test_parse_spreadsheet_rows_and_match_sector_spelling() -> None:
    text = "Name\tOrganisation\tSector\tRole\r\nAnn Smith\tWestford ICB\tnhs\tDirector\r\nBob Jones\tHomes Ltd\r\n"
    rows = parse_pasted(text, ["NHS", "Housing"])
    assert rows == [
        {"display_name": "Ann Smith", "organisation": "Westford ICB", "sector": "NHS", "role": "Director"},
        {"display_name": "Bob Jones", "organisation": "Homes Ltd", "sector": "", "role": ""},
    ]


def test_paste_a_list_of_names_then_undo_and_redo(qtbot, window, page, services, workshop_id) -> None:
    QApplication.clipboard().setText("Ann Smith\nBob Jones\n\nCarol King\n")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)
    assert names(services, workshop_id) == ["Ann Smith", "Bob Jones", "Carol King"]
    assert page.model.rowCount() == 3
    assert len(page.table.selectionModel().selectedRows()) == 3  # the new people are selected
    assert "3 participants" in window.statusBar().currentMessage()

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # one paste, one undo
    assert names(services, workshop_id) == []
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert names(services, workshop_id) == ["Ann Smith", "Bob Jones", "Carol King"]


def test_paste_spreadsheet_rows(qtbot, page, services, workshop_id) -> None:
    QApplication.clipboard().setText("Ann Smith\tWestford ICB\tNHS\tDirector\nBob Jones\tWestford Homes\tHousing\t\n")
    page.paste_action.trigger()
    [ann, bob] = services.participants.list(workshop_id)
    assert (ann.organisation, ann.sector, ann.role) == ("Westford ICB", "NHS", "Director")
    assert (bob.organisation, bob.sector) == ("Westford Homes", "Housing")


def test_paste_with_nothing_useful_adds_nobody(qtbot, window, page, services, workshop_id) -> None:
    QApplication.clipboard().setText("  \n\n")
    page.paste_action.trigger()
    assert names(services, workshop_id) == []
    assert "no names" in window.statusBar().currentMessage()


# -- the participant dialog ------------------------------------------------------------------------


def test_add_three_participants_through_the_dialog(qtbot, page, services, workshop_id) -> None:
    add_via_dialog(qtbot, page, "Ann Smith", "Westford ICB", "NHS")
    add_via_dialog(qtbot, page, "Bob Jones", "Westford Council", "Council social care")
    add_via_dialog(qtbot, page, "Carol King", "Age Friendly Westford", "Third sector")
    stored = services.participants.list(workshop_id)
    assert [(p.display_name, p.organisation, p.sector) for p in stored] == [
        ("Ann Smith", "Westford ICB", "NHS"),
        ("Bob Jones", "Westford Council", "Council social care"),
        ("Carol King", "Age Friendly Westford", "Third sector"),
    ]
    # Completion at a glance: nobody has scored yet.
    assert [page.model.index(r, ParticipantTableModel.SCORED).data() for r in range(3)] == ["0/30"] * 3
    assert page.model.rowCount() == 3


def test_add_another_keeps_the_dialog_open(qtbot, page, services, workshop_id) -> None:
    page.add_action.trigger()
    dialog = visible_dialog(qtbot, "ParticipantDialog")
    name = dialog.findChild(QLineEdit, "nameEdit")
    qtbot.keyClicks(name, "Ann Smith")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "organisationEdit"), "Westford ICB")
    qtbot.mouseClick(dialog.findChild(QPushButton, "addAnotherButton"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and name.text() == ""
    qtbot.keyClicks(name, "Dan Wu")
    click_ok(qtbot, dialog)
    stored = services.participants.list(workshop_id)
    assert [(p.display_name, p.organisation) for p in stored] == [
        ("Ann Smith", "Westford ICB"),
        ("Dan Wu", "Westford ICB"),
    ]


def test_a_participant_needs_a_name(qtbot, page, services, workshop_id) -> None:
    page.add_action.trigger()
    dialog = visible_dialog(qtbot, "ParticipantDialog")
    button = dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "name" in dialog.findChild(QWidget, "errorLabel").text()
    assert names(services, workshop_id) == []
    dialog.reject()


def test_edit_then_undo_and_redo_with_the_keyboard(qtbot, ctx, window, page, services, workshop_id) -> None:
    [ann] = services.participants.add_many(workshop_id, [{"display_name": "Ann Smith", "role": "Chair"}]).previous
    ctx.reload()  # written behind the window's back: read it again
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = visible_dialog(qtbot, "ParticipantDialog")
    name = dialog.findChild(QLineEdit, "nameEdit")
    assert name.text() == "Ann Smith"
    name.clear()
    qtbot.keyClicks(name, "Ann Smith-Jones")
    click_ok(qtbot, dialog)
    assert services.participants.get(ann.id).display_name == "Ann Smith-Jones"
    assert services.participants.get(ann.id).role == "Chair"
    assert page.model.index(0, 0).data() == "Ann Smith-Jones"

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert services.participants.get(ann.id).display_name == "Ann Smith"
    assert page.model.index(0, 0).data() == "Ann Smith"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert services.participants.get(ann.id).display_name == "Ann Smith-Jones"


def test_remove_then_undo_and_redo(qtbot, ctx, window, page, services, workshop_id) -> None:
    services.participants.add_many(workshop_id, [{"display_name": n} for n in ("Ann", "Bob", "Carol")])
    ctx.reload()
    page.table.setFocus()
    page.select_row(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert names(services, workshop_id) == ["Ann", "Carol"]
    assert page.model.rowCount() == 2
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert names(services, workshop_id) == ["Ann", "Bob", "Carol"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert names(services, workshop_id) == ["Ann", "Carol"]


def test_removing_someone_who_has_scored_asks_first(qtbot, ctx, page, services, workshop_id, monkeypatch) -> None:
    [ann] = services.participants.add_many(workshop_id, [{"display_name": "Ann"}]).previous
    element = services.framework.element_ids()[0]
    services.scores.set_score(ann.id, element, 3)
    ctx.reload()
    page.select_row(0)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.No
    )
    page.remove_action.trigger()
    assert asked and "1 score" in asked[0]
    assert names(services, workshop_id) == ["Ann"]


def test_completion_follows_scoring(qtbot, ctx, services, workshop_id) -> None:
    from jcs_desktop.ui.commands.scores import SetScore

    [ann, _bob] = services.participants.add_many(
        workshop_id, [{"display_name": "Ann"}, {"display_name": "Bob"}]
    ).previous
    page = _alone(qtbot, ctx, workshop_id)
    changed: list[tuple[int, int, int]] = []
    resets: list[int] = []
    page.model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row(), tl.column())))
    page.model.modelReset.connect(lambda: resets.append(1))
    for eid in services.framework.element_ids()[:3]:
        assert ctx.push(SetScore(ctx, ann.id, eid, 2))
    assert page.model.index(0, ParticipantTableModel.SCORED).data() == "3/30"
    assert page.model.index(1, ParticipantTableModel.SCORED).data() == "0/30"
    # Only Ann's completion cell, once per score: not the table.
    assert changed == [(0, 0, ParticipantTableModel.SCORED)] * 3 and not resets
    ctx.undo_stack.undo()
    assert page.model.index(0, ParticipantTableModel.SCORED).data() == "2/30"


def test_participant_model_passes_the_model_tester(qtmodeltester, services, demo_id) -> None:
    model = ParticipantTableModel()
    model.set_rows(services.participants.list(demo_id), services.scores.progress(demo_id), 30)
    assert model.index(0, ParticipantTableModel.SCORED).data() == "30/30"
    qtmodeltester.check(model)


# -- workshop details, PIN, sectors, step status -------------------------------------------------------


def test_edit_workshop_details_and_undo(qtbot, window, page, services, workshop_id) -> None:
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = visible_dialog(qtbot, "WorkshopDialog")
    title = dialog.findChild(QLineEdit, "titleEdit")
    assert title.text() == "Spring workshop"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "venueEdit"), "Civic Centre")
    title.clear()
    qtbot.keyClicks(title, "Spring workshop 2027")
    click_ok(qtbot, dialog)
    record = services.workshops.get(workshop_id)
    assert (record.title, record.venue, record.partnership) == ("Spring workshop 2027", "Civic Centre", "Westford")
    assert page.detail_labels["venue"].text() == "Civic Centre"
    assert window.windowTitle().startswith("Spring workshop 2027")
    assert "Spring workshop 2027" in window.workshop_view.title_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert services.workshops.get(workshop_id).title == "Spring workshop"
    assert window.windowTitle().startswith("Spring workshop —")


def test_set_and_clear_the_pin(qtbot, page, services, workshop_id) -> None:
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    dialog = visible_dialog(qtbot, "PinDialog")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "pinEdit"), "4321")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "pinAgainEdit"), "4322")
    button = dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # the two PINs differ
    assert services.workshops.get(workshop_id).has_pin is False
    again = dialog.findChild(QLineEdit, "pinAgainEdit")
    again.clear()
    qtbot.keyClicks(again, "4321")
    click_ok(qtbot, dialog)
    assert services.workshops.check_pin(workshop_id, "4321")
    assert "A PIN is set" in page.pin_label.text()
    qtbot.mouseClick(page.clear_pin_button, Qt.MouseButton.LeftButton)
    assert services.workshops.get(workshop_id).has_pin is False


def test_edit_the_sector_list_and_undo(qtbot, window, page, services) -> None:
    before = services.participants.sectors()
    page.sectors_action.trigger()
    dialog = visible_dialog(qtbot, "SectorDialog")
    sector_list = dialog.list
    sector_list.setCurrentRow(0)
    dialog.remove_sector()
    dialog.add_sector()
    sector_list.currentItem().setText("Education")
    click_ok(qtbot, dialog)
    assert services.participants.sectors() == [*before[1:], "Education"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert services.participants.sectors() == before


def test_step_status_follows_the_participants(qtbot, window, page, services, workshop_id) -> None:
    from jcs_desktop.ui.shell.step_list import DONE_ROLE, SUMMARY_ROLE

    status = page.step_status()
    assert (status.done, status.summary) == (False, "No participants yet")
    with qtbot.waitSignal(page.status_changed):
        QApplication.clipboard().setText("Ann\nBob\n")
        page.paste_action.trigger()
    assert page.step_status().done is True
    item = window.workshop_view.steps.item(0)
    assert item.data(DONE_ROLE) is True
    assert item.data(SUMMARY_ROLE) == "2 participants"


def test_keyboard_only_open_and_add_a_participant(qtbot, window, services, workshop_id) -> None:
    window.show_list()
    qtbot.keyClick(window.list_view.table, Qt.Key.Key_Return)  # open the selected workshop
    page = window.workshop_view.page("prepare")
    assert window.workshop_view.current_key() == "prepare"
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    dialog = visible_dialog(qtbot, "ParticipantDialog")
    name = dialog.findChild(QLineEdit, "nameEdit")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name)  # the dialog opens with the name field ready
    qtbot.keyClicks(name, "Ann Smith")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # OK is the default button
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert names(services, workshop_id) == ["Ann Smith"]


# -- the live state: what a change costs and what it redraws ---------------------------------------


def test_adding_through_the_dialog_costs_one_write_and_inserts_one_row(
    qtbot, ctx, services, workshop_id, transactions
) -> None:
    services.participants.add_many(workshop_id, [{"display_name": "Ann"}])
    page = _alone(qtbot, ctx, workshop_id)
    inserted: list[tuple[int, int]] = []
    resets: list[int] = []
    page.model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    page.model.modelReset.connect(lambda: resets.append(1))
    transactions.take()
    add_via_dialog(qtbot, page, "Bob Jones", "Westford Homes")
    assert transactions.take() == (1, 0)
    assert inserted == [(1, 1)] and not resets
    assert page.model.index(1, 0).data() == "Bob Jones"
    assert page.step_status().summary == "2 participants"


def test_editing_one_participant_redraws_their_row_only(qtbot, ctx, services, workshop_id, transactions) -> None:
    from jcs_desktop.ui.commands.workshops import UpdateParticipant

    people = services.participants.add_many(workshop_id, [{"display_name": n} for n in ("Ann", "Bob", "Cy")]).previous
    page = _alone(qtbot, ctx, workshop_id)
    page.select_row(2)
    changed: list[tuple[int, int]] = []
    page.model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row())))
    transactions.take()
    fields = people[1].fields().model_copy(update={"organisation": "Westford Council"})
    assert ctx.push(UpdateParticipant(ctx, people[1].id, fields))
    assert transactions.take() == (1, 0)
    assert changed == [(1, 1)]
    assert page.model.index(1, ParticipantTableModel.ORGANISATION).data() == "Westford Council"
    assert page.selected_ids() == [people[2].id]  # the selection stayed where it was


def test_a_hidden_prepare_page_is_stale_then_catches_up(qtbot, ctx, services, workshop_id) -> None:
    from jcs_desktop.ui.commands.workshops import AddParticipants, UpdateWorkshop

    page = _alone(qtbot, ctx, workshop_id)
    page.hide()
    fields = [validate(ParticipantFields, {"display_name": n}) for n in ("Ann", "Bob")]
    with qtbot.waitSignal(page.status_changed):
        assert ctx.push(AddParticipants(ctx, workshop_id, fields))
    assert page.is_stale and page.model.rowCount() == 0  # not redrawn while hidden
    assert page.step_status().summary == "2 participants"  # but the step list is right
    record = services.workshops.get(workshop_id)
    assert ctx.push(UpdateWorkshop(ctx, workshop_id, record.fields().model_copy(update={"venue": "Town Hall"})))
    assert page.detail_labels["venue"].text() != "Town Hall"
    page.show()
    assert not page.is_stale
    assert page.model.rowCount() == 2 and page.detail_labels["venue"].text() == "Town Hall"


def test_removing_a_selection_is_one_write_and_one_undo(qtbot, ctx, services, workshop_id, transactions) -> None:
    services.participants.add_many(workshop_id, [{"display_name": n} for n in ("Ann", "Bob", "Cy")])
    page = _alone(qtbot, ctx, workshop_id)
    page.select_row(0)
    page.table.selectionModel().select(
        page.model.index(2, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    transactions.take()
    page.remove_action.trigger()
    assert transactions.take() == (1, 0)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == "Bob"
    ctx.undo_stack.undo()
    assert transactions.take() == (1, 0)
    assert page.model.rowCount() == 3
    assert names(services, workshop_id) == ["Ann", "Bob", "Cy"]
