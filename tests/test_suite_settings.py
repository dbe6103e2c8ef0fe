"""The suite's own strictness: the settings in pyproject.toml are in force for every test."""

from __future__ import annotations

import warnings

import pytest


def _warn_from(module: str) -> None:
    # As if the warning were raised on a line of ``module``: that is what the filters match.
    warnings.warn_explicit("something is off", DeprecationWarning, f"{module}.py", 1, module=module)


@pytest.mark.parametrize("module", ["jcs_desktop.ui.app", "jcs_desktop.services.scores", "jcs_desktop"])
def test_a_warning_from_the_application_fails_the_test(module: str) -> None:
    with pytest.raises(DeprecationWarning, match="something is off"):
        _warn_from(module)


def test_a_warning_from_a_library_is_only_reported() -> None:
    # catch_warnings keeps the filters in force (pytest.warns would reset them to "always").
    with warnings.catch_warnings(record=True) as caught:
        _warn_from("somelibrary.module")
    assert [str(w.message) for w in caught] == ["something is off"]


def test_every_test_has_a_time_limit(pytestconfig: pytest.Config) -> None:
    assert float(pytestconfig.getini("timeout")) > 0


def test_unknown_settings_are_errors(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.option.strict_config
    assert pytestconfig.option.strict_markers
