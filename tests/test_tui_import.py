"""The import screen with Pilot: the issue's done scenario (a .docx picked by keyboard, one unit
corrected, committed), editing and dropping tasks, updates, refusals, and snapshots."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import Tree

from conftest import make_app, plain, settle
from core.models import Checkin, Directive, Unit
from tui import strings as S
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.directives import DirectivesScreen
from tui.screens.error_dialog import ErrorDialog
from tui.screens.file_picker import FilePicker
from tui.screens.import_screen import ImportScreen
from tui.screens.import_task_form import ImportTaskForm
from tui.screens.message_dialog import MessageDialog
from tui.screens.unit_choice import UnitChoiceModal

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_002 = SEEDS / "002_873e37694dc3bec6.txt"
SEED_003 = SEEDS / "003_97638d16cfa20c5e.txt"

HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC", "Số: 1520/KH-UBND", "Bình Phước, ngày 20 tháng 9 năm 2021",
          "KẾ HOẠCH", "Kiểm tra phòng cháy, chữa cháy tại các chợ năm 2021", "I. NHIỆM VỤ"]
ITEMS = [
    "1. Công an tỉnh chủ trì, phối hợp với Sở Công Thương kiểm tra an toàn phòng cháy tại các chợ, "
    "hoàn thành trước ngày 30/10/2021.",
    "2. Sở Tìa chính chủ trì bố trí kinh phí kiểm tra; hoàn thành trong tháng 10/2021.",  # misspelt
    "3. Giao UBND các huyện, thị xã, thành phố tuyên truyền cho tiểu thương.",
]
FOOTER = ["II. TỔ CHỨC THỰC HIỆN", "Định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh.",
          "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Mi"]


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in HEADER + ITEMS + FOOTER:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def make_txt(path: Path) -> Path:
    path.write_text("\n".join(HEADER + ITEMS + FOOTER) + "\n", encoding="utf-8")
    return path


def count(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


async def settle_picker(pilot) -> None:
    """The file picker's directory tree keeps a loader worker running while it is shown, so
    waiting for every worker (`settle`) would never end: just let it draw."""
    for _ in range(5):
        await pilot.pause(0.05)


async def open_import(pilot, path: Path) -> ImportScreen:
    await settle(pilot)
    pilot.app.push_screen(ImportScreen(path))
    await settle(pilot, 5)
    assert isinstance(pilot.app.screen, ImportScreen)
    return pilot.app.screen


async def cursor_to(pilot, screen: ImportScreen, key) -> None:
    tree = screen.query_one("#imp-tree", Tree)
    tree.move_cursor(screen.nodes[key])
    await pilot.pause()


# --- the done scenario --------------------------------------------------------------------


async def test_import_a_docx_correct_one_unit_and_commit(sqlite_demo, tmp_path, monkeypatch):
    make_docx(tmp_path / "kehoach.docx")
    (tmp_path / "ghi_chu.xlsx").write_bytes(b"not shown")
    monkeypatch.chdir(tmp_path)
    directives_before = count(sqlite_demo, Directive)
    app = make_app(sqlite_demo, user="vp.ha", today=dt.date(2021, 9, 21))  # an Office clerk, the next day
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("i")
        await settle_picker(pilot)
        picker = app.screen
        assert isinstance(picker, FilePicker) and picker.root == tmp_path.resolve()
        await pilot.press(*"kehoach.docx", "enter")
        await settle(pilot, 6)

        screen = app.screen
        assert isinstance(screen, ImportScreen)
        assert [p.name for p in screen.plan.problems] == ["Sở Tìa chính"]
        info = plain(screen.query_one("#imp-info"))
        assert "kehoach.docx" in info and "chọn 3/3" in info and "1 đơn vị lạ chưa xử lý" in info

        # the misspelt unit: "u" opens its choice; the first offer is the right department
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UnitChoiceModal)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.pending() == []
        assert "chưa xử lý" not in plain(screen.query_one("#imp-info"))

        await pilot.press("ctrl+s")
        await settle(pilot, 6)
        assert isinstance(app.screen, MessageDialog)
        message = plain(app.screen.query_one("#message-text"))
        assert "Kế hoạch 1520/KH-UBND" in message and "3 nhiệm vụ" in message
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, DirectivesScreen)
        assert any(r.number_text == "1520/KH-UBND" for r in app.screen.rows)
        assert app.screen.current().number_text == "1520/KH-UBND"

    assert count(sqlite_demo, Directive) == directives_before + 1
    with sqlite_demo.session() as s:
        d = s.scalar(select(Directive).where(Directive.number_text == "1520/KH-UBND"))
        assert d.source_file == "kehoach.docx" and d.reporting_cycle == "semi_monthly"
        tasks = {t.path: t for t in d.tasks if t.kind == "task"}
        assert set(tasks) == {"I.1", "I.2", "I.3"}
        [a] = tasks["I.2"].assignments
        assert a.unit.name == "Sở Tài chính" and a.unit.valid_to == dt.date(2025, 2, 28) and a.role == "lead"
        assert a.deadline.due == dt.date(2021, 10, 31)
        assert len(tasks["I.3"].assignments) == 11  # the group: every district
        assert s.scalar(select(func.count()).select_from(Unit).where(Unit.name == "Sở Tìa chính")) == 0


# --- reviewing: edit, drop, decide ----------------------------------------------------------------


async def test_edit_a_task_and_drop_another_before_commit(sqlite_demo, tmp_path):
    path = make_txt(tmp_path / "kh_1520.txt")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot, path)
        await cursor_to(pilot, screen, ("node", 0, "I.1"))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ImportTaskForm)
        assert form.field("f-imp-lead").value == "Công an tỉnh"
        assert form.field("f-imp-deadline").value == "hoàn thành trước ngày 30/10/2021"
        deadline = form.query_one("#imp-deadline")
        deadline.value = "trước ngày 15/11/2021"
        await pilot.pause()
        assert form.field("f-imp-deadline").note_text == "hạn 14/11/2021"  # re-read as typed
        deadline.value = "sớm sớm"
        await pilot.pause()
        assert "Không hiểu thời hạn" in form.field("f-imp-deadline").note_text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.form_error == S.FORM_FIX_FIELDS
        deadline.value = "trước ngày 15/11/2021"
        coord = form.query_one("#imp-coord")
        coord.value = "Sở Công Thương; Sở Khong Co"
        await pilot.pause()
        assert "Không tìm thấy đơn vị «Sở Khong Co»" in form.field("f-imp-coord").note_text
        coord.value = "Sở Công Thương; Sở Y tế"
        await pilot.pause()
        assert form.field("f-imp-coord").note_text == "2 đơn vị: Sở Công Thương; Sở Y tế"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        detail = plain(screen.query_one("#imp-detail-text"))
        assert "đã sửa" in detail and "Sở Y tế" in detail and "14/11/2021" in detail

        await cursor_to(pilot, screen, ("node", 0, "I.3"))
        await pilot.press("space")
        await pilot.pause()
        assert not screen.choice(0, "I.3").accepted
        assert str(screen.nodes[("node", 0, "I.3")].label).startswith(S.IMP_CHECK_OFF)
        assert "chọn 2/3" in plain(screen.query_one("#imp-info"))

        # unresolved unit: Ctrl+S refuses and goes to it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.current().kind == "problem"
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, UnitChoiceModal)
        await pilot.press("slash", *"tai chinh")
        await pilot.pause()
        await pilot.press("enter", "enter")  # to the list, take the first unit found
        await settle(pilot)
        assert screen.unit_choice("Sở Tìa chính").action == "map"
        await pilot.press("ctrl+s")
        await settle(pilot, 6)
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("enter")
        await settle(pilot)
    with sqlite_demo.session() as s:
        d = s.scalar(select(Directive).where(Directive.number_text == "1520/KH-UBND"))
        tasks = {t.path: t for t in d.tasks if t.kind == "task"}
        assert set(tasks) == {"I.1", "I.2"}
        t1 = tasks["I.1"]
        assert t1.deadline.due == dt.date(2021, 11, 14) and t1.deadline.phrase == "trước ngày 15/11/2021"
        assert {(a.unit.name, a.role) for a in t1.assignments} == {
            ("Công an tỉnh", "lead"), ("Sở Công Thương", "coordinating"), ("Sở Y tế", "coordinating")}
        assert tasks["I.2"].assignments[0].unit.name == "Sở Tài chính"


async def test_update_of_the_stored_plan_asks_first_and_keeps_history(sqlite_demo):
    checkins, directives = count(sqlite_demo, Checkin), count(sqlite_demo, Directive)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, SEED_002)
        assert "cập nhật VB mã số 1" in str(screen.nodes[("doc", 0)].label)
        await cursor_to(pilot, screen, ("doc", 0))
        assert "CẬP NHẬT" in plain(screen.query_one("#imp-detail-text"))
        await cursor_to(pilot, screen, ("problem", "uy ban mat tran to quoc viet nam cung cap"))
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("end", "enter")  # drop this name
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot, 6)
        assert isinstance(app.screen, MessageDialog)
        message = plain(app.screen.query_one("#message-text"))
        assert "Cập nhật Kế hoạch ngày 14/08/2021 (mã số 1): 55 nhiệm vụ" in message
    assert count(sqlite_demo, Directive) == directives and count(sqlite_demo, Checkin) == checkins


async def test_a_file_that_cannot_be_read_shows_why_and_the_picker_stays(sqlite_demo, tmp_path, monkeypatch):
    empty = tmp_path / "trong.txt"
    empty.write_text("")
    monkeypatch.chdir(tmp_path)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("i")
        await settle_picker(pilot)
        await pilot.press(*"trong.txt", "enter")
        for _ in range(100):  # not `settle`: the picker under the error keeps its loader running
            if isinstance(app.screen, ErrorDialog):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ErrorDialog)
        assert "trống" in plain(app.screen.query_one("#error-message"))
        assert not any(isinstance(s, ImportScreen) for s in app.screen_stack)
        assert sum(isinstance(x, ErrorDialog) for x in app.screen_stack) == 1
        await pilot.press("escape")  # the reason read, the clerk picks another file
        await settle_picker(pilot)
        assert isinstance(app.screen, FilePicker) and app.screen.root == tmp_path.resolve()


async def test_only_the_office_can_import(sqlite_demo):
    app = make_app(sqlite_demo, user="xem.tuan")  # a viewer
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("import", ()) is None  # shown greyed out
        await pilot.press("i")
        await settle(pilot)
        assert app.screen is screen
        from tui.screens.import_screen import open_import as open_it

        open_it(app)
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        message = plain(app.screen.query_one("#error-message"))
        assert "Chỉ Văn phòng" in message and "chỉ xem" in message


async def test_palette_opens_the_file_picker(sqlite_demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"nhap van ban")
        await settle_picker(pilot)
        await pilot.press("enter")
        await settle_picker(pilot)
        assert isinstance(app.screen, FilePicker)
        await pilot.press(*"khong_co.docx", "enter")
        await settle_picker(pilot)
        assert "Không có tệp" in plain(app.screen.query_one("#fp-note"))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FilePicker)


# --- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_import_screen_snapshot(snap_compare, sqlite_demo, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")  # from the directives, as a clerk would
        screen = await open_import(pilot, SEED_003)
        await cursor_to(pilot, screen, ("node", 0, "2.a"))
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=run_before)
