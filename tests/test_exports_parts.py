"""Temporary files left by killed exports are swept; those of running exports are not."""

from __future__ import annotations

import os
import time

import pytest

from jcs_desktop.exports.common import atomic_target, sweep_stale_parts


def _stale(folder, name: str, age: float = 60.0):
    path = folder / name
    path.write_bytes(b"")
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def test_the_next_export_to_a_folder_removes_stale_parts(tmp_path):
    left = _stale(tmp_path, ".Report-ab12cd_9.pdf.part")
    other = _stale(tmp_path, ".Workbook-zz99yy88.xlsx.part")
    plan = _stale(tmp_path, ".Plan-ab12cd34.docx.part")  # a Word document of the commissioning exports
    with atomic_target(tmp_path / "Report.pdf") as tmp:
        tmp.write_bytes(b"%PDF")
    assert not left.exists() and not other.exists() and not plan.exists()
    assert (tmp_path / "Report.pdf").read_bytes() == b"%PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["Report.pdf"]


@pytest.mark.parametrize(
    "name",
    [
        "notes.pdf.part",  # not hidden: not ours
        ".Report.pdf.part",  # no random tail
        ".Report-ab12cd34.odt.part",  # not a kind we write
        ".Report-AB12CD34.pdf.part",  # mkstemp never uses capitals
        ".Report-ab12cd34.pdf",
    ],
)
def test_files_not_of_our_naming_are_kept(tmp_path, name):
    path = _stale(tmp_path, name)
    assert sweep_stale_parts(tmp_path) == []
    assert path.exists()


def test_a_part_newer_than_the_running_export_is_kept(tmp_path):
    started = time.time() - 30
    fresh = _stale(tmp_path, ".Report-ab12cd34.pdf.part", age=5)
    old = _stale(tmp_path, ".Report-ef56gh78.pdf.part", age=120)
    assert sweep_stale_parts(tmp_path, before=started) == [old]
    assert fresh.exists()


def test_a_running_export_keeps_its_part_against_any_sweep(tmp_path):
    with atomic_target(tmp_path / "Report.pdf") as tmp:
        old = time.time() - 3600
        os.utime(tmp, (old, old))  # as if a slow export had started an hour ago
        assert sweep_stale_parts(tmp_path, before=time.time() + 1) == []
        assert tmp.exists()
        # A second export to the same folder meanwhile leaves it alone too.
        with atomic_target(tmp_path / "Other.pdf") as tmp2:
            tmp2.write_bytes(b"x")
        assert tmp.exists()
        tmp.write_bytes(b"done")
    assert (tmp_path / "Report.pdf").read_bytes() == b"done"


@pytest.mark.skipif(os.name == "nt", reason="another process's open file is protected by Windows itself")
def test_a_part_held_by_another_program_is_kept(tmp_path):
    import fcntl

    path = _stale(tmp_path, ".Report-ab12cd34.pdf.part")
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert sweep_stale_parts(tmp_path) == []
    finally:
        os.close(fd)
    assert sweep_stale_parts(tmp_path) == [path]


def test_a_missing_folder_is_no_error(tmp_path):
    assert sweep_stale_parts(tmp_path / "gone") == []
