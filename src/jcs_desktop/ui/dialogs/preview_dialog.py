"""The import preview: every problem in the file, or what would be written; Import only when clean."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ImportPreviewDialog(QDialog):
    def __init__(self, preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(f"Import scores from {preview.path.name}")
        self.resize(720, 460)
        layout = QVBoxLayout(self)

        self.summary = QLabel(preview.summary())
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        if preview.problems:
            hint = QLabel("Correct these in the file and import it again. Nothing has been written.")
        else:
            hint = QLabel("These scores will be written in one step; Undo (Ctrl+Z) takes them all back.")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.warnings = QLabel("\n".join(preview.warnings))
        self.warnings.setObjectName("importWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(preview.warnings))
        layout.addWidget(self.warnings)

        self.items = QListWidget()
        self.items.setObjectName("importItems")
        self.items.setAccessibleName("Problems found" if preview.problems else "Scores to import")
        self.items.setWordWrap(True)
        self.items.setAlternatingRowColors(True)
        if preview.problems:
            self.items.addItems([str(p) for p in preview.problems])
        else:
            # Who is complete and who is not ("29 of 30"), in the file's column order.
            self.items.addItems([str(p) for p in preview.people])
        layout.addWidget(self.items, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName("Import the scores")
        self.import_button.setEnabled(preview.ok)
        self.import_button.setToolTip(
            "Import every score listed" if preview.ok else "Correct the problems listed first: nothing is imported"
        )
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button = QPushButton("Copy list")
        self.copy_button.setObjectName("copyProblemsButton")
        self.copy_button.setToolTip("Copy the list to the clipboard, e.g. to send to whoever filled in the file")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if preview.ok:
            self.import_button.setDefault(True)
        else:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)

    def _copy(self) -> None:
        lines = [self.summary.text(), *self.preview.warnings] + [
            self.items.item(i).text() for i in range(self.items.count())
        ]
        QApplication.clipboard().setText("\n".join(lines))
