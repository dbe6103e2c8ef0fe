"""Qt Designer forms (``forms/*.ui``) loaded at run time with QUiLoader.

QUiLoader is compiled into PySide6 (QtUiTools), so this works the same from a
source checkout, a wheel and a frozen build: it needs no ``pyside6-uic`` on the
user's machine (the runtime ``loadUiType`` does, and breaks frozen builds).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from jcs_desktop.paths import forms_dir


class FormError(RuntimeError):
    """A form file is missing or cannot be read: a broken installation, not a user error."""


def form_path(name: str) -> Path:
    """The path of form ``name`` (with or without the ``.ui`` suffix)."""
    filename = name if name.endswith(".ui") else f"{name}.ui"
    return forms_dir() / filename


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget described by ``forms/<name>.ui``; its children are found by object name."""
    path = form_path(name)
    if not path.is_file():
        raise FormError(f"The form {path.name} is missing from {path.parent}: the installation is incomplete.")
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FormError(f"The form {path} cannot be read: {file.errorString()}")
    try:
        loader = QUiLoader()
        loader.setWorkingDirectory(QDir(str(path.parent)))
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise FormError(f"The form {path.name} could not be built: {loader.errorString()}")
    return widget


def child(form: QWidget, cls: type, name: str):
    """The child ``name`` of ``form``, which must exist and be a ``cls`` (a typo fails loudly)."""
    found = form.findChild(cls, name)
    if found is None:
        raise FormError(f"The form {form.objectName()} has no {cls.__name__} named {name!r}")
    return found
