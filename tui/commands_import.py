"""`dondoc import FILE`: read a directive file, check it against the workspace and store it.

`--dry-run --json` prints the parser's draft (no database); `--dry-run` prints it for people.
Without --dry-run the import stops, writing nothing, while a unit name is unknown (unless
--map, --new-units or --drop-unknown decide) or the directive is already stored (unless
--update).
"""
from __future__ import annotations

from rich.text import Text

from core.errors import DondocError, ValidationError
from tui.cli_render import KIND_LABELS, console, ddmmyyyy, dump_json, safe, short

FIELD_LABELS = {
    "ref": "số mục", "text": "nội dung", "lead": "chủ trì", "coordinating": "phối hợp",
    "deadline": "thời hạn", "number": "số hiệu", "signed_on": "ngày ký", "issuer": "cơ quan ban hành",
    "doc_type": "loại văn bản", "tasks": "nhiệm vụ",
}
CYCLE_LABELS = {"semi_monthly": "ngày 15 và 30 hàng tháng", "weekly": "hàng tuần", "monthly": "hàng tháng",
                "half_yearly": "6 tháng", "yearly": "hàng năm"}


def run(args, url) -> int:
    """`url` is called only when the database is needed (not for --dry-run)."""
    from core.importer import import_file

    if args.dry_run:
        if args.map or args.new_units or args.drop_unknown or args.update:
            raise ValidationError("--dry-run chỉ đọc tệp; không dùng cùng --map, --new-units, --drop-unknown, --update.")
        draft = import_file(args.file)
        if args.json:
            from core.importer import draft_to_json

            dump_json(draft_to_json(draft))
        else:
            _print_draft(draft)
        return 0

    from core.services.importing import commit_import, plan_import
    from core.services.workspace import open_workspace

    ws = open_workspace(url(), as_of=args.as_of)
    try:
        plan = plan_import(ws, args.file)
        choices = _choices(plan, args)
        _refuse_pending(plan, choices)
        result = commit_import(ws, plan, choices)
    finally:
        ws.db.dispose()
    if args.json:
        dump_json(_result_json(result))
    else:
        _print_result(plan, result)
    return 0


# --- the clerk's decisions from the options -----------------------------------------------------


def _choices(plan, args):
    from core.errors import AmbiguousError, UnknownUnitError
    from core.services.importing import ImportChoices, UnitChoice, name_key
    from core.units import UnitResolver, VagueUnitError

    choices = ImportChoices(update=args.update)
    resolver = UnitResolver(plan.units)
    on = plan.documents[0].on if plan.documents else None
    for item in args.map:
        if "=" not in item:
            raise ValidationError(f"--map cần dạng «Tên lạ=Tên có sẵn», không phải «{item}».")
        strange, known = (part.strip() for part in item.split("=", 1))
        problem = plan.problem(strange)
        if problem is None:
            names = "; ".join(f"«{p.name}»" for p in plan.problems) or "(không có)"
            raise ValidationError(f"--map: «{strange}» không phải tên đơn vị lạ trong văn bản. "
                                  f"Các tên lạ: {names}.")
        try:
            res = resolver.resolve(known, on=on)
        except (UnknownUnitError, AmbiguousError, VagueUnitError) as exc:
            raise ValidationError(f"--map «{item}»: {exc}") from exc
        choices.units[problem.name] = UnitChoice.map_to(res.unit.id)
    for p in plan.problems:
        if any(name_key(n) == name_key(p.name) for n in choices.units):
            continue
        if args.new_units:
            choices.units[p.name] = UnitChoice.new()
        elif args.drop_unknown:
            choices.units[p.name] = UnitChoice.drop()
    return choices


def _refuse_pending(plan, choices) -> None:
    from core.services.importing import unresolved_problems

    pending = unresolved_problems(plan, choices)
    lines: list[str] = []
    if pending:
        lines.append(f"Văn bản có {len(pending)} tên đơn vị chưa có trong danh mục:")
        for p in pending:
            where = ", ".join(sorted({ref for _doc, ref in p.tasks}))
            line = f"  «{p.name}» (nhiệm vụ {short(where, 40)})"
            if p.suggestions:
                line += " — có phải: " + "; ".join(o.label for o in p.suggestions) + "?"
            else:
                line += " — không có đơn vị nào gần giống."
            lines.append(line)
        lines.append("Chọn cho từng tên: --map \"Tên lạ=Tên có sẵn\" (lặp lại được), hoặc --new-units "
                     "(tạo đơn vị mới cho các tên còn lại), hoặc --drop-unknown (bỏ các tên còn lại).")
    for d in plan.updates:
        if choices.update:
            break
        u = d.update
        lines.append(f"«{d.title}» đã có trong cơ sở dữ liệu (mã số {u.directive_id}): {len(u.matched)} nhiệm vụ "
                     f"khớp, {len(u.added)} mới, {len(u.missing) - len(u.kept)} sẽ bỏ, {len(u.kept)} giữ lại vì "
                     "đã có báo cáo. Thêm --update để cập nhật (không tạo bản trùng).")
    if lines:
        raise DondocError("\n".join(lines) + "\nChưa ghi gì.")


# --- printing -----------------------------------------------------------------------------------


def _deadline_text(d) -> str:
    if d is None or str(d.kind) == "none":
        return "không có hạn"
    if str(d.kind) == "date":
        text = ddmmyyyy(d.due) if d.start is None else f"{ddmmyyyy(d.start)} – {ddmmyyyy(d.due)}"
    else:
        text = KIND_LABELS.get(str(d.kind), str(d.kind))
    if d.phrase:
        text += f" («{d.phrase}»)"
    if d.inherited:
        text += ", theo thời gian thực hiện của văn bản"
    return text


def _print_draft(draft) -> None:
    out = console()
    tasks = draft.tasks
    out.print(safe(f"Tệp {draft.source_name}: {len(draft.documents)} văn bản, {len(tasks)} nhiệm vụ "
                   "(chạy thử, không ghi gì)."), style="bold")
    for i, doc in enumerate(draft.documents, 1):
        from core.services.importing import draft_title

        out.print()
        head = Text(f"[{i}] ", style="bold")
        head.append_text(safe(draft_title(doc)))
        head.stylize("bold")
        if doc.issuer:
            head.append(" · ")
            head.append_text(safe(doc.issuer))
        if doc.signed_on:
            head.append(f" · ngày {ddmmyyyy(doc.signed_on)}")
        if doc.bundled_in is not None:
            head.append(f" (kèm theo văn bản [{doc.bundled_in + 1}])", style="dim")
        out.print(head)
        if doc.summary:
            out.print(Text("    Trích yếu: ", style="dim") + safe(short(doc.summary, 200)))
        for ref in doc.parent_refs:
            out.print(Text("    Căn cứ: ", style="dim") + safe(short(ref, 200)))
        if doc.period is not None:
            out.print(Text("    Thời gian thực hiện: ", style="dim") + safe(_deadline_text(doc.period)))
        if doc.reporting is not None:
            cycle = CYCLE_LABELS.get(doc.reporting.cycle or "", doc.reporting.cycle or "?")
            out.print(Text("    Báo cáo: ", style="dim") + safe(f"{cycle} («{short(doc.reporting.phrase, 100)}»)"))
        for name in doc.uncertain:
            out.print(Text(f"    ? {FIELD_LABELS.get(name, name)}: ", style="yellow")
                      + safe(doc.reasons.get(name, "")))
        for t in doc.tasks:
            line = Text("  ")
            line.append_text(safe(t.ref))
            line.stylize("bold")
            line.append(" ")
            line.append_text(safe(short(t.text, 150)))
            out.print(line)
            units = Text("      Chủ trì: ", style="dim") + safe("; ".join(t.lead) or "—")
            if t.coordinating:
                units += Text(" · Phối hợp: ", style="dim") + safe("; ".join(t.coordinating))
            out.print(units)
            out.print(Text("      Hạn: ", style="dim") + safe(_deadline_text(t.deadline)))
            for name in t.uncertain:
                out.print(Text(f"      ? {FIELD_LABELS.get(name, name)}: ", style="yellow")
                          + safe(t.reasons.get(name, "")))
    flagged = sum(1 for t in tasks if t.uncertain)
    out.print()
    out.print(safe(f"{len(tasks)} nhiệm vụ, {flagged} có mục cần kiểm tra (dấu ?). "
                   f"Nhập vào cơ sở dữ liệu: dondoc import {draft.source_name}"), style="dim")


def _result_json(result) -> dict:
    return {
        "documents": [{
            "directive_id": d.directive_id, "title": d.title, "updated": d.updated, "tasks": d.tasks,
            "assignments_added": d.assignments, "tasks_added": d.tasks_added, "tasks_changed": d.tasks_changed,
            "tasks_removed": d.tasks_removed, "tasks_kept": d.tasks_kept,
            "assignments_removed": d.assignments_removed, "assignments_kept": d.assignments_kept,
        } for d in result.documents],
        "units_created": result.units_created,
        "tasks_dropped": result.tasks_dropped,
        "warnings": result.warnings,
    }


def _print_result(plan, result) -> None:
    out = console()
    out.print(safe(f"Đã nhập {len(result.documents)} văn bản từ {plan.source_name}:"), style="bold")
    ids = {d.document: d.directive_id for d in result.documents}
    for d in result.documents:
        pdoc = plan.documents[d.document]
        bundle = f", kèm theo mã số {ids[pdoc.bundled_in]}" if pdoc.bundled_in is not None else ""
        if not d.updated:
            out.print(safe(f"- {d.title} (mã số {d.directive_id}{bundle}): {d.tasks} nhiệm vụ, "
                           f"{d.assignments} phân công."))
            continue
        out.print(safe(f"- Cập nhật {d.title} (mã số {d.directive_id}{bundle}): {d.tasks} nhiệm vụ; thêm "
                       f"{len(d.tasks_added)}, sửa {len(d.tasks_changed)}, bỏ {len(d.tasks_removed)}; phân công: "
                       f"thêm {d.assignments}, bỏ {d.assignments_removed}."))
        if d.tasks_kept:
            out.print(safe(f"  Giữ lại {len(d.tasks_kept)} nhiệm vụ không còn trong tệp vì đã có báo cáo: "
                           + ", ".join(d.tasks_kept) + "."))
        if d.assignments_kept:
            out.print(safe(f"  Giữ lại {len(d.assignments_kept)} phân công đã có báo cáo: "
                           + short("; ".join(d.assignments_kept), 300) + "."))
    if result.units_created:
        out.print(safe(f"Đã tạo {len(result.units_created)} đơn vị mới: " + "; ".join(result.units_created) + "."))
    if result.tasks_dropped:
        out.print(safe(f"Đã bỏ {result.tasks_dropped} nhiệm vụ."))
    for w in result.warnings:
        out.print(Text("Lưu ý: ", style="yellow") + safe(w))


__all__ = ["run"]
