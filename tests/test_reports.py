"""Reports and reminders as the clerk gets them: the CLI and the service that issues reports,
on the demo workspace, on both backends. The figures themselves are checked in
test_report_figures.py and the file layouts in test_report_writers.py."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from conftest import workspace
from core.errors import PermissionDeniedError, ValidationError
from core.models import AuditEntry, Clerk, IssuedDocument, Role
from core.services.checkins import CheckinInput, decide_completion, record_checkin
from core.services.dashboard import load_dashboard
from core.services.reports import issue_report, list_issued, make_report, reexport_issued
from core.services.workspace import os_user
from test_cli import run

DAY = dt.date(2021, 8, 30)
CATEGORY_LABELS = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
                   "in_progress": "Đang thực hiện trong hạn", "overdue": "Quá hạn", "recurring": "Thường xuyên"}


@pytest.fixture
def office_db(demo_db):
    """The demo, with the OS user running the tests as an Office clerk (CLI writes allowed)."""
    with demo_db.session() as s:
        s.add(Clerk(os_user=os_user(), display_name="Cán bộ kiểm thử", role=Role.OFFICE.value))
    return demo_db


def _docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _figures_row(doc, label: str) -> list[str]:
    """The cells of the overall figures table's row for one category."""
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) > 2 and cells[1] == label:
                return cells
    raise AssertionError(f"no row «{label}»")


def test_the_done_scenario_report_matches_the_dashboard(office_db, capsys, tmp_path):
    """Issue 5's done-when: on the demo as of 30/08/2021, `dondoc report --period 2021-08-30
    --format docx` writes a report whose figures are the dashboard's for that day."""
    target = tmp_path / "bao-cao.docx"
    code, out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-08-30", "report",
                         "--period", "2021-08-30", "--format", "docx", "-o", str(target))
    assert code == 0, err
    assert "16/08/2021–30/08/2021" in out and str(target) in out
    dashboard = load_dashboard(workspace(office_db, DAY))
    doc = Document(str(target))
    text = _docx_text(target)
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Nơi nhận:" in text
    for key, label in CATEGORY_LABELS.items():
        cells = _figures_row(doc, label)
        assert str(dashboard.counts[key]) in cells[2:], (label, cells)
    # the number is left for the clerk to fill in
    assert "Số: " in text and "/BC-VP" in text


def test_report_formats_from_the_cli(office_db, capsys, tmp_path):
    data = make_report(workspace(office_db, DAY), directive="1", period_day=DAY)
    xlsx = tmp_path / "bc.xlsx"
    code, _out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-08-30", "report", "--directive", "1",
                          "--period", "30/08/2021", "-o", str(xlsx))
    assert code == 0, err
    book = load_workbook(xlsx)
    assert book.sheetnames[:2] == ["Tổng hợp", "Chi tiết"]
    md = tmp_path / "bc.md"
    code, _out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-08-30", "report", "--directive", "1",
                          "--format", "md", "-o", str(md))
    assert code == 0, err
    content = md.read_text(encoding="utf-8")
    assert data.directive_label.split(" về ")[0] in content and "Quá hạn" in content
    code, _out, err = run(capsys, "--db", office_db.url, "report", "--format", "pdf", "-o", str(tmp_path / "x"))
    assert code == 2 and "Định dạng «pdf» không hỗ trợ" in err
    code, _out, err = run(capsys, "--db", office_db.url, "report", "--directive", "999")
    assert code != 0 and "Không có văn bản mã số 999" in err


def _count_issued(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(IssuedDocument))


def test_issue_stores_what_was_issued_and_reexports_it_identically(office_db, tmp_path):
    ws = workspace(office_db, DAY, "vp.ha")
    data = make_report(ws, directive="1", period_day=DAY)
    target = tmp_path / "25-BC-VP.docx"
    issued = issue_report(ws, data, number="Số: 25/BC-VP", fmt="docx", target=target)
    assert issued.number == "25/BC-VP" and issued.issued_on == DAY
    assert hashlib.sha256(target.read_bytes()).hexdigest() == issued.sha256
    assert "Số: 25/BC-VP" in _docx_text(target)
    with office_db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "issued_documents")).all()
        assert len(audit) == 1 and audit[0].os_user == "vp.ha" and "payload" not in audit[0].after

    # later facts dated inside the period change a new report, never the issued one
    later = workspace(office_db, dt.date(2021, 9, 3), "vp.ha")
    overdue = data.overdue[0]
    record_checkin(workspace(office_db, dt.date(2021, 9, 3), "tester"), overdue.assignment_id,
                   CheckinInput(status="done", completed_on=dt.date(2021, 8, 29), result="Đã hoàn thành."))
    decide_completion(later, overdue.assignment_id, "confirm")
    again = tmp_path / "again.docx"
    path, same = reexport_issued(ws, issued.id, again)
    assert same and again.read_bytes() == target.read_bytes()
    assert [(r.id, r.issued_by) for r in list_issued(ws)] == [(issued.id, "Nguyễn Thị Thu Hà")]


def test_issuing_refuses_a_used_number_a_bad_number_and_other_roles(office_db, tmp_path):
    ws = workspace(office_db, DAY, "vp.ha")
    data = make_report(ws, period_day=DAY)
    issue_report(ws, data, number="7/BC-VP", fmt="xlsx", target=tmp_path / "a.xlsx")
    before = _count_issued(office_db)
    with pytest.raises(ValidationError, match="Số 7/BC-VP đã dùng"):
        issue_report(ws, data, number="7/bc-vp", fmt="docx", target=tmp_path / "b.docx")
    with pytest.raises(ValidationError, match="không đúng dạng"):
        issue_report(ws, data, number="bảy", fmt="docx", target=tmp_path / "c.docx")
    with pytest.raises(PermissionDeniedError, match="Chỉ Văn phòng"):
        issue_report(workspace(office_db, DAY, "syt.binh"), data, number="8/BC-VP", fmt="docx",
                     target=tmp_path / "d.docx")
    assert _count_issued(office_db) == before
    assert not any((tmp_path / n).exists() for n in ("b.docx", "c.docx", "d.docx"))
    # the same number next year is a new number
    next_year = workspace(office_db, dt.date(2022, 1, 10), "vp.ha")
    issue_report(next_year, make_report(next_year), number="7/BC-VP", fmt="md", target=tmp_path / "e.md")
    assert _count_issued(office_db) == before + 1


def test_issue_list_and_export_from_the_cli(office_db, capsys, tmp_path):
    target = tmp_path / "bc.docx"
    code, out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-08-30", "report", "issue",
                         "--number", "12/BC-VP", "-o", str(target))
    assert code == 0, err and "Đã ban hành báo cáo số 12/BC-VP" in out
    code, out, err = run(capsys, "--db", office_db.url, "report", "list")
    assert code == 0 and "Số 12/BC-VP" in out and "bc.docx" in out
    issued_id = out.split()[0].lstrip("#")
    copy = tmp_path / "copy.docx"
    code, out, err = run(capsys, "--db", office_db.url, "report", "export", issued_id, "-o", str(copy))
    assert code == 0, err
    assert "Giống hệt tệp đã ban hành" in out and copy.read_bytes() == target.read_bytes()
    code, out, err = run(capsys, "--db", office_db.url, "report", "issue", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "--number" in err


def test_reminders_from_the_cli(office_db, capsys, tmp_path):
    code, out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-09-01", "remind", "--unit", "SYT",
                         "-o", str(tmp_path / "one"))
    assert code == 0, err
    [letter] = list((tmp_path / "one").glob("*.docx"))
    text = _docx_text(letter)
    assert "Kính gửi" in text and "Sở Y tế" in text and "đôn đốc" in text
    code, out, err = run(capsys, "--db", office_db.url, "--as-of", "2021-09-01", "remind", "--all",
                         "-o", str(tmp_path / "all"))
    assert code == 0, err
    letters = list((tmp_path / "all").glob("*.docx"))
    assert len(letters) > 1 and f"Đã tạo {len(letters)} văn bản đôn đốc" in out
    code, out, err = run(capsys, "--db", office_db.url, "remind")
    assert code != 0 and "--unit" in err and "--all" in err
