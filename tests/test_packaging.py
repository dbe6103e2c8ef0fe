"""The installed package carries its resources and forms, wherever it is installed."""

from __future__ import annotations

from pathlib import Path

import jcs_desktop
from jcs_desktop.paths import default_workbook_path, forms_dir, resources_dir


def test_resources_are_found_next_to_the_package_or_in_the_checkout() -> None:
    package = Path(jcs_desktop.__file__).resolve().parent
    assert default_workbook_path().is_file()
    assert (resources_dir() / "demo" / "workshop.json").is_file()
    assert any(forms_dir().glob("*.ui"))
    if "site-packages" in package.parts:
        # An installed wheel must not reach back into a source checkout.
        assert resources_dir() == package / "resources"
        assert forms_dir() == package / "forms"


def test_migrations_travel_with_the_package() -> None:
    from jcs_desktop.store.db import MIGRATIONS_DIR

    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert list((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
