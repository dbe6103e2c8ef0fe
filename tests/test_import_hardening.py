"""The entry-template import against hostile and foreign files: identities, zip bombs, fuzzing.

Every file here must end in a clear problem (or a clean preview) and nothing written:
never a traceback, never a silent partial import.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.exports import import_archive
from jcs_desktop.exports.forms import write_entry_template
from jcs_desktop.exports.importer import apply_import, preview_import
from jcs_desktop.exports.model import build_report
from jcs_desktop.exports.template_spec import META_SHEET, SCORES_SHEET
from jcs_desktop.services import ServiceError, Services

NAMES = ["Amara Okafor", "Gareth Ellis", "Siân Roberts"]


@pytest.fixture
def workshop(services):
    w = services.workshops.create({"title": "Paper day", "partnership": "Eastvale"}).previous
    people = services.participants.add_many(w.id, [{"display_name": n} for n in NAMES]).previous
    return w.id, [p.id for p in people]


def _grid(wb):
    ws = wb[SCORES_SHEET]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Element ID")
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    cols = [c for c in range(4, ws.max_column + 1) if ws.cell(header - 1, c).value]
    return ws, header, rows, cols


def _filled(services, wid, path: Path, value=3, blank: int = 0) -> Path:
    """A template of workshop ``wid`` with every cell ``value``, except ``blank`` cells of the first person."""
    write_entry_template(build_report(services, wid), path)
    wb = load_workbook(path)
    ws, _header, rows, cols = _grid(wb)
    for i, row in enumerate(rows.values()):
        for j, col in enumerate(cols):
            ws.cell(row, col).value = None if (j == 0 and i < blank) else value
    wb.save(path)
    return path


def _problems(preview) -> list[str]:
    return [str(p) for p in preview.problems]


def _refused_unchanged(services, wid, preview, before) -> None:
    assert preview.problems
    with pytest.raises(ServiceError):
        apply_import(services, preview)
    assert services.scores.scores_for_workshop(wid) == before


# -- identity across databases (issue 10.17) ---------------------------------------------------------


def test_template_from_another_database_with_the_same_ids_is_refused_naming_both(services, workshop, tmp_path):
    wid, _people = workshop
    other = Services.open(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        w2 = other.workshops.create({"title": "Westvale day", "date": "2026-03-15"}).previous
        other.participants.add_many(w2.id, [{"display_name": n} for n in NAMES])
        assert w2.id == wid  # the very collision that wrote scores onto the wrong people
        path = _filled(other, w2.id, tmp_path / "theirs.xlsx")
    finally:
        other.close()
    before = services.scores.scores_for_workshop(wid)
    preview = preview_import(services, wid, path)
    assert _problems(preview) == [
        "theirs.xlsx: this template was made for workshop 'Westvale day' (15 Mar 2026) in another database, "
        "not 'Paper day' (no date)"
    ]
    _refused_unchanged(services, wid, preview, before)


def test_template_of_another_workshop_here_says_which_to_open(services, workshop, tmp_path):
    wid, _people = workshop
    w2 = services.workshops.create({"title": "Second day"}).previous
    services.participants.add(w2.id, {"display_name": "Someone"})
    preview = preview_import(services, wid, _filled(services, w2.id, tmp_path / "second.xlsx"))
    assert "made for workshop 'Second day' (no date), not 'Paper day' (no date): open 'Second day'" in str(
        preview.problems[0]
    )


def test_participants_are_matched_by_uuid_and_a_changed_name_is_a_problem(services, workshop, tmp_path):
    wid, people = workshop
    path = _filled(services, wid, tmp_path / "filled.xlsx")
    services.participants.update(people[1], {"display_name": "Gareth Evans"})
    before = services.scores.scores_for_workshop(wid)
    preview = preview_import(services, wid, path)
    assert len(preview.problems) == 1
    assert "headed 'Gareth Ellis', but this participant is 'Gareth Evans' in the workshop" in _problems(preview)[0]
    _refused_unchanged(services, wid, preview, before)
    # Same name, another person (a participant removed and added again): a new identity, refused.
    services.participants.update(people[1], {"display_name": "Gareth Ellis"})
    services.participants.remove(people[2])
    services.participants.add(wid, {"display_name": NAMES[2]})
    preview = preview_import(services, wid, path)
    assert any("unknown participant 'Siân Roberts'" in t for t in _problems(preview))
    assert any("has no column in this file" in w and "Siân Roberts" in w for w in preview.warnings)


def test_columns_of_one_participant_swapped_onto_another_are_refused(services, workshop, tmp_path):
    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "filled.xlsx")
    wb = load_workbook(path)
    ws, header, _rows, cols = _grid(wb)
    # Someone copies a column's id over another's but leaves the names: the names give it away.
    ws.cell(header - 1, cols[1]).value = ws.cell(header - 1, cols[0]).value
    wb.save(path)
    text = _problems(preview_import(services, wid, path))
    assert any("has two columns" in t for t in text), text


def _as_version_1(path: Path, services, wid: int, title: str | None = None) -> Path:
    """Rewrite a template as the first release wrote it: integer ids, no UUIDs."""
    wb = load_workbook(path)
    meta = wb[META_SHEET]
    for r in range(1, 12):
        if meta.cell(r, 1).value == "version":
            meta.cell(r, 2).value = 1
        if meta.cell(r, 1).value == "workshop_title" and title is not None:
            meta.cell(r, 2).value = title
        if meta.cell(r, 1).value == "workshop_uuid":
            meta.cell(r, 2).value = None
    ws, header, _rows, cols = _grid(wb)
    ids = {p.uuid: p.id for p in services.participants.list(wid)}
    for col in cols:
        ws.cell(header - 1, col).value = ids[ws.cell(header - 1, col).value]
    wb.save(path)
    return path


def test_an_old_template_without_uuids_imports_by_id_and_name_with_a_warning(services, workshop, tmp_path):
    wid, _people = workshop
    path = _as_version_1(_filled(services, wid, tmp_path / "old.xlsx"), services, wid)
    preview = preview_import(services, wid, path)
    assert preview.ok, preview.problems
    assert any("earlier version" in w for w in preview.warnings)
    apply_import(services, preview)
    assert all(set(v.values()) == {3} for v in services.scores.scores_for_workshop(wid).values())


def test_an_old_template_from_another_database_is_caught_by_its_title_or_names(services, workshop, tmp_path):
    wid, people = workshop
    before = services.scores.scores_for_workshop(wid)
    path = _as_version_1(_filled(services, wid, tmp_path / "old.xlsx"), services, wid, title="Westvale day")
    preview = preview_import(services, wid, path)
    assert "made for workshop 'Westvale day', probably in another database, not 'Paper day'" in _problems(preview)[0]
    _refused_unchanged(services, wid, preview, before)
    path = _as_version_1(_filled(services, wid, tmp_path / "old2.xlsx"), services, wid)
    services.participants.update(people[0], {"display_name": "Someone Else"})
    preview = preview_import(services, wid, path)
    assert any("headed 'Amara Okafor'" in t for t in _problems(preview))
    _refused_unchanged(services, wid, preview, before)


# -- completeness and "not sure" (issue 10.18) ---------------------------------------------------------


def test_the_preview_says_who_is_incomplete(services, workshop, tmp_path):
    wid, _people = workshop
    preview = preview_import(services, wid, _filled(services, wid, tmp_path / "f.xlsx", blank=1))
    assert preview.ok
    first = services.framework.drivers[0].elements[0].title
    assert [str(p) for p in preview.people] == [
        f"Amara Okafor: 29 of 30 (blank: {first})",
        "Gareth Ellis: 30 of 30",
        "Siân Roberts: 30 of 30",
    ]
    assert preview.summary().endswith("; 1 participant is incomplete.")


@pytest.mark.parametrize("typed", [0, "0", "S", "s", "not sure", "Not Sure"])
def test_zero_and_s_mean_not_sure_as_in_participant_mode(services, workshop, tmp_path, typed):
    wid, people = workshop
    preview = preview_import(services, wid, _filled(services, wid, tmp_path / "f.xlsx", value=typed))
    assert preview.ok, preview.problems
    apply_import(services, preview)
    assert set(services.scores.scores_for_workshop(wid)[people[0]].values()) == {NOT_SURE}


def test_the_template_says_what_is_accepted_for_not_sure(services, workshop, tmp_path):
    wid, _people = workshop
    ws = load_workbook(write_entry_template(build_report(services, wid), tmp_path / "t.xlsx"))[SCORES_SHEET]
    text = " ".join(str(ws.cell(r, 2).value) for r in range(1, 5))
    assert "not sure" in text and "0, S or 'not sure'" in text


# -- malformed templates that used to crash or be half-read (issue 9.4) -----------------------------------


def test_element_id_typed_into_a1_is_a_problem_not_a_crash(services, workshop, tmp_path):
    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "f.xlsx")
    wb = load_workbook(path)
    wb[SCORES_SHEET].protection.sheet = False
    wb[SCORES_SHEET]["A1"] = "Element ID"
    wb.save(path)
    preview = preview_import(services, wid, path)
    assert "header row" in _problems(preview)[0]


def test_participant_columns_past_the_limit_are_refused_not_ignored(services, workshop, tmp_path):
    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "f.xlsx")
    wb = load_workbook(path)
    ws, header, rows, _cols = _grid(wb)
    ws.cell(header, 520).value = "Late arrival"
    ws.cell(next(iter(rows.values())), 520).value = 2
    wb.save(path)
    preview = preview_import(services, wid, path)
    assert len(preview.problems) == 1 and "beyond what an entry template holds" in _problems(preview)[0]
    assert "cell SZ6" in _problems(preview)[0] and "at most 500 participants" in _problems(preview)[0]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (0, "'0' is not a version"),
        (-1, "'-1' is not a version"),
        ("abc", "'abc' is not a version"),
        (3, "version 3 is newer"),
    ],
)
def test_unknown_template_versions_are_refused(services, workshop, tmp_path, version, expected):
    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "f.xlsx")
    wb = load_workbook(path)
    meta = wb[META_SHEET]
    row = next(r for r in range(1, 12) if meta.cell(r, 1).value == "version")
    meta.cell(row, 2).value = version
    wb.save(path)
    preview = preview_import(services, wid, path)
    assert len(preview.problems) == 1 and expected in _problems(preview)[0], preview.problems


def test_truncated_and_damaged_files_are_called_damaged_or_incomplete(services, workshop, tmp_path):
    wid, _people = workshop
    good = _filled(services, wid, tmp_path / "f.xlsx").read_bytes()
    cases = {
        "truncated.xlsx": good[: len(good) // 2],
        "cut-short.xlsx": good[:-30],
        "empty.xlsx": b"",
    }
    flipped = bytearray(good)
    start = good.index(b"xl/worksheets/sheet1.xml") + 60  # inside the sheet's compressed data
    flipped[start : start + 40] = bytes(40)
    cases["flipped.xlsx"] = bytes(flipped)
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        text = _problems(preview_import(services, wid, tmp_path / name))
        assert len(text) == 1 and "damaged or incomplete" in text[0], (name, text)
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "Excel 97–2003" in _problems(preview_import(services, wid, tmp_path / "old.xlsx"))[0]


# -- zip bombs: refused from the archive's directory, before any parsing -------------------------------------


def _with_member(base: Path, out: Path, name: str, write) -> Path:
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info))
        with dst.open(name, "w", force_zip64=True) as f:
            write(f)
    return out


@pytest.fixture
def no_parsing(monkeypatch):
    """Record any spreadsheet parsing and how much is decompressed."""
    import openpyxl

    calls: list[str] = []
    read = {"bytes": 0}
    original = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original(self, n)
        read["bytes"] += len(data)
        return data

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append("parsed"))
    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return calls, read


def test_a_small_zip_bomb_is_refused_fast_without_decompressing(services, workshop, tmp_path, no_parsing):
    wid, _people = workshop
    base = write_entry_template(build_report(services, wid), tmp_path / "t.xlsx")
    row = b'<row r="7"><c r="D7" t="inlineStr"><is><t>3</t></is></c></row>' * 16384

    def bomb(f):
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for _ in range(300 * 1024 * 1024 // len(row)):  # ~300 MB of XML
            f.write(row)
        f.write(b"</sheetData></worksheet>")

    path = _with_member(base, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", bomb)
    assert path.stat().st_size < 3 * 1024 * 1024
    calls, read = no_parsing
    start = time.perf_counter()
    preview = preview_import(services, wid, path)
    elapsed = time.perf_counter() - start
    assert elapsed < 2, elapsed
    assert len(preview.problems) == 1 and "far too large inside" in _problems(preview)[0]
    assert calls == [] and read["bytes"] < 1024 * 1024


def test_a_sheet_declaring_a_million_rows_or_a_tight_ratio_is_refused(services, workshop, tmp_path, no_parsing):
    wid, _people = workshop
    base = write_entry_template(build_report(services, wid), tmp_path / "t.xlsx")
    with zipfile.ZipFile(base) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    huge = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    path = _with_member(base, tmp_path / "dim.xlsx", "xl/worksheets/sheet1.xml", lambda f: f.write(huge))
    assert "the sheet 'Scores' spans A1:XFD1048576" in _problems(preview_import(services, wid, path))[0]
    path = _with_member(base, tmp_path / "ratio.xlsx", "xl/styles.xml", lambda f: f.write(b" " * 6_000_000))
    assert "compressed suspiciously tightly" in _problems(preview_import(services, wid, path))[0]
    many = tmp_path / "many.xlsx"
    shutil.copyfile(base, many)
    with zipfile.ZipFile(many, "a") as z:
        for i in range(import_archive.MAX_MEMBERS):
            z.writestr(f"xl/media/x{i}.bin", b"x")
    assert "parts, far more than an entry template" in _problems(preview_import(services, wid, many))[0]
    big = tmp_path / "big.xlsx"
    with big.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(40 * 1024 * 1024)  # sparse: no time spent writing it
    assert "far larger than an entry template" in _problems(preview_import(services, wid, big))[0]
    assert no_parsing[0] == []


# -- the fuzz test: seeded random mutations of a real filled template --------------------------------------


_BAD_TEXT = [
    "²",
    "①",
    "٣",
    "３",
    "Ⅲ",
    "5",
    "-1",
    "2.5",
    "x",
    "9" * 5000,
    "x" * 40000,
    "nan",
    "inf",
    "1e400",
    "3 3",
    "0x3",
    "true",
    "=1+1",
    "\x07",
    "4½",
]
_BAD_CELL = [
    '<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>',
    '<c r="{r}"><v>5</v></c>',
    '<c r="{r}"><v>-1</v></c>',
    '<c r="{r}"><v>2.5</v></c>',
    '<c r="{r}"><v>1e400</v></c>',
    '<c r="{r}"><v>' + "9" * 5000 + "</v></c>",
    '<c r="{r}"><v>abc</v></c>',
    '<c r="{r}" t="b"><v>1</v></c>',
    '<c r="{r}" t="e"><v>#N/A</v></c>',
    '<c r="{r}"><f>1+1</f><v>2</v></c>',
    '<c r="{r}" t="s"><v>99999</v></c>',
    '<c r="{r}" t="d"><v>garbage</v></c>',
    '<c r="{r}" t="d"><v>2026-01-01</v></c>',
]


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _replace_cell(xml: str, ref: str, new: str) -> str:
    return re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', lambda _m: new, xml, count=1, flags=re.S)


class _Mutator:
    def __init__(self, base: bytes, rng: random.Random, entry_refs: list[str]) -> None:
        self.base = base
        self.rng = rng
        self.entry = entry_refs
        with zipfile.ZipFile(io.BytesIO(base)) as z:
            self.members = {i.filename: z.read(i) for i in z.infolist()}

    def pack(self, members: dict[str, bytes]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
        return buf.getvalue()

    def edit(self, name: str, fn) -> bytes:
        members = dict(self.members)
        members[name] = fn(members[name].decode("utf-8")).encode("utf-8")
        return self.pack(members)

    def mutate(self) -> tuple[str, bytes]:
        rng = self.rng
        kind = rng.choice(
            [
                "value",
                "value",
                "value",
                "type",
                "sheet",
                "meta",
                "idrow",
                "header",
                "truncate",
                "bytes",
                "bytes",
                "member",
                "garbage",
                "far",
                "entity",
                "element",
            ]
        )
        sheet, meta = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
        if kind == "value":
            ref = rng.choice(self.entry)
            new = rng.choice(_BAD_CELL).format(r=ref, text=_xml_escape(rng.choice(_BAD_TEXT)))
            return kind, self.edit(sheet, lambda x: _replace_cell(x, ref, new))
        if kind == "type":
            t = rng.choice(["s", "n", "b", "e", "str", "inlineStr", "d", "zz"])  # may leave a valid file
            cells = re.findall(r'<c r="([A-Z]+[0-9]+)"', self.members[sheet].decode())
            ref = rng.choice(cells)
            return kind, self.edit(sheet, lambda x: re.sub(rf'<c r="{ref}"( t="[^"]*")?', f'<c r="{ref}" t="{t}"', x))
        if kind == "sheet":
            old = rng.choice([SCORES_SHEET, META_SHEET])
            new = rng.choice(["Sheet1", "scores", "Scores ", META_SHEET if old == SCORES_SHEET else SCORES_SHEET, ""])
            return kind, self.edit("xl/workbook.xml", lambda x: x.replace(f'name="{old}"', f'name="{new}"'))
        if kind == "meta":
            key = rng.choice(["kind", "version", "workshop_uuid", "framework_id", "workshop_id"])
            bad = rng.choice(["0", "-1", "99", "abc", "", "1e400", "9" * 5000, "²", "f" * 32])
            if key == "workshop_id":
                bad = "x" + bad  # only version-1 templates use the integer id, so make it a changed version too
                key = "version"
            return kind, self.edit(meta, lambda x: _set_meta(x, key, bad))
        if kind == "idrow":
            ref = rng.choice(["D5", "E5", "F5"])
            bad = rng.choice(["", "1", "f" * 32, "not-a-uuid", "²"])
            new = f'<c r="{ref}" t="inlineStr"><is><t>{bad}</t></is></c>'
            return kind, self.edit(sheet, lambda x: _replace_cell(x, ref, new))
        if kind == "header":
            return kind, self.edit(
                sheet,
                rng.choice(
                    [
                        lambda x: x.replace(
                            '<c r="B1"', '<c r="A1" t="inlineStr"><is><t>Element ID</t></is></c><c r="B1"', 1
                        ),
                        lambda x: _replace_cell(x, "A6", '<c r="A6" t="inlineStr"><is><t>Elements</t></is></c>'),
                        lambda x: _replace_cell(x, "A5", '<c r="A5" t="inlineStr"><is><t>IDs</t></is></c>'),
                        lambda x: _replace_cell(x, "D6", '<c r="D6" t="inlineStr"><is><t>Somebody</t></is></c>'),
                    ]
                ),
            )
        if kind == "truncate":
            return kind, self.base[: rng.randrange(0, len(self.base) - 1)]
        if kind == "bytes":
            data = bytearray(self.base)
            for _ in range(rng.randint(1, 12)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            return kind, bytes(data)
        if kind == "member":
            members = dict(self.members)
            del members[rng.choice(list(members))]
            return kind, self.pack(members)
        if kind == "garbage":
            members = dict(self.members)
            members[rng.choice(list(members))] = rng.randbytes(rng.randint(0, 300))
            return kind, self.pack(members)
        if kind == "far":
            ref = rng.choice(["ZZ7", "TZ6", "D5000", "XFD1048576"])
            return kind, self.edit(
                sheet,
                lambda x: x.replace(
                    "</sheetData>", f'<row r="{re.sub("[A-Z]", "", ref)}"><c r="{ref}"><v>2</v></c></row></sheetData>'
                ),
            )
        if kind == "entity":
            bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            return kind, self.edit(meta, lambda x: bomb + x.split("?>", 1)[-1])
        ref = f"A{rng.randint(7, 36)}"
        eid = rng.choice(["", "building-partnerships.nope", "Element ID", "²", "x" * 5000])
        return "element", self.edit(
            sheet, lambda x: _replace_cell(x, ref, f'<c r="{ref}" t="inlineStr"><is><t>{eid}</t></is></c>')
        )


def _set_meta(xml: str, key: str, value: str) -> str:
    """Set the value (column B) of the metadata row whose key (column A) is ``key``."""
    rows = re.findall(r'<row r="(\d+)".*?</row>', xml, flags=re.S)
    for r in rows:
        if re.search(rf'<c r="A{r}"[^>]*>.*?<t>{key}</t>', xml, flags=re.S):
            return _replace_cell(xml, f"B{r}", f'<c r="B{r}" t="inlineStr"><is><t>{_xml_escape(value)}</t></is></c>')
    return xml


def test_fuzz_malformed_templates_give_clear_problems_and_write_nothing(services, workshop, tmp_path):
    wid, people = workshop
    filled = _filled(services, wid, tmp_path / "base.xlsx")
    base = filled.read_bytes()
    assert preview_import(services, wid, filled).ok
    wb = load_workbook(filled)
    _ws, _header, rows, cols = _grid(wb)
    from openpyxl.utils import get_column_letter

    entry = [f"{get_column_letter(c)}{r}" for r in rows.values() for c in cols]
    mutator = _Mutator(base, random.Random(20261202), entry)
    before = services.scores.scores_for_workshop(wid)
    start = time.perf_counter()
    outcomes: dict[str, list[int]] = {}
    path = tmp_path / "mutant.xlsx"
    cases = 300
    for i in range(cases):
        kind, data = mutator.mutate()
        path.write_bytes(data)
        preview = preview_import(services, wid, path)  # must never raise
        refused = bool(preview.problems)
        outcomes.setdefault(kind, [0, 0])[0 if refused else 1] += 1
        if refused:
            for problem in preview.problems:
                assert problem.where and problem.message, (i, kind, problem)
                assert "\n" not in problem.message and len(problem.message) < 600, (i, kind, problem)
                assert "Traceback" not in problem.message and "Error:" not in problem.message, (i, kind, problem)
            with pytest.raises(ServiceError):
                apply_import(services, preview)
        else:
            # A mutation that left the file valid (a flipped byte in an unused part): a clean preview of
            # real levels for real participants, as good as the original.
            assert set(preview.scores) <= set(people)
            assert all(v == NOT_SURE or 1 <= v <= 4 for s in preview.scores.values() for v in s.values())
        if i % 25 == 0:
            assert services.scores.scores_for_workshop(wid) == before, (i, kind)
    assert services.scores.scores_for_workshop(wid) == before
    refused = sum(r for r, _ok in outcomes.values())
    assert refused >= 0.85 * cases, outcomes
    for kind in ("value", "sheet", "meta", "idrow", "header", "truncate", "far", "entity", "element"):
        assert outcomes.get(kind, [0, 0])[1] == 0, (kind, outcomes)
    assert time.perf_counter() - start < 30


def test_cells_written_out_of_order_are_read_not_dropped(services, workshop, tmp_path):
    """openpyxl's row iterator skips a row that comes after a later one; the importer must not."""
    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "f.xlsx")
    late = '<row r="7"><c r="G7"><v>2</v></c></row></sheetData>'
    out = _with_member(
        path,
        tmp_path / "late.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda f: f.write(_member(path, "xl/worksheets/sheet1.xml").replace(b"</sheetData>", late.encode())),
    )
    text = _problems(preview_import(services, wid, out))
    assert text == ["Scores!G6: scores in a column without a participant"], text


def _member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_template_saved_again_by_libreoffice_imports(services, workshop, tmp_path):
    """A real spreadsheet program's copy passes the archive checks (shared strings, its own styles)."""
    import subprocess

    wid, _people = workshop
    path = _filled(services, wid, tmp_path / "filled.xlsx", value=2, blank=2)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    with zipfile.ZipFile(out / "filled.xlsx") as z:
        assert "xl/sharedStrings.xml" in z.namelist()  # really rewritten, not copied
    preview = preview_import(services, wid, out / "filled.xlsx")
    assert preview.ok, preview.problems
    assert [p.filled for p in preview.people] == [28, 30, 30]
