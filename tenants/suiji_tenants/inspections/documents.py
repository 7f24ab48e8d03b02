"""Printable documents as PDF (R11, R14), laid out after the 2025 national formats
(司法部《行政检查文书基本格式文本（试行）》): the 现场检查笔录 of a confirmed record, the party's
检查结果告知书, and the public notice of one published result (检查结果公示), which is built
from the public index row only (no officers, no natural persons, no signature).

ReportLab with a CJK TrueType font from Debian (fonts-wqy-microhei or fonts-noto-cjk, see
Makefile system-deps), embedded in every file, so the PDF prints the same anywhere."""

import base64
import binascii
import io
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from suiji_platform.organisations.models import Organisation

from .models import Inspection, InspectionReport, OnSiteRecord, ResultCategory

FONT = "SuijiCJK"
# Debian's CJK fonts, first found wins (settings.PDF_FONT_PATH overrides).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


class DocumentError(Exception):
    """The document cannot be made (no CJK font, no confirmed record)."""


@cache
def _font() -> str:
    configured = getattr(settings, "PDF_FONT_PATH", "")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont(FONT, candidate, subfontIndex=0))
            return FONT
    raise DocumentError(
        "服务器未安装中文字体（fonts-wqy-microhei 或 fonts-noto-cjk），无法生成 PDF；请联系管理员。"
    )


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK")
    return {
        "org": ParagraphStyle("org", parent=base, fontSize=15, leading=22, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=4
        ),
        "number": ParagraphStyle("number", parent=base, alignment=TA_RIGHT, fontSize=10),
        "body": base,
        "indent": ParagraphStyle("indent", parent=base, firstLineIndent=22),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=13),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _date(day: date | datetime | None) -> str:
    if day is None:
        return "    年  月  日"
    if isinstance(day, datetime):
        day = timezone.localtime(day)
        return f"{day.year}年{day.month}月{day.day}日{day.hour}时{day.minute:02d}分"
    return f"{day.year}年{day.month}月{day.day}日"


def _grid(rows: list[list[Any]], widths: list[float], st: dict[str, ParagraphStyle]) -> Table:
    cells = [[c if not isinstance(c, str) else _p(c, st["body"]) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _build(story: list[Any], title: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    font = _font()

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"{footer}  第 {doc.page} 页")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=22 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=title,
        author="双随机一公开监管平台",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _signature_image(data: str) -> Image | None:
    """The party's drawn signature (a PNG data URL), or None when there is none or it is bad."""
    if not data:
        return None
    payload = data.split(",", 1)[1] if data.startswith("data:") else data
    try:
        raw = base64.b64decode(payload, validate=True)
        reader = ImageReader(io.BytesIO(raw))
        width, height = reader.getSize()
    except (binascii.Error, ValueError, OSError):
        return None
    if not width or not height:
        return None
    target_w = 50 * mm
    return Image(io.BytesIO(raw), width=target_w, height=target_w * height / width)


ANSWER_LABELS = {"conform": "符合", "nonconform": "不符合", "not_applicable": "不涉及"}
NOTICE_LABELS = {
    "certificates_shown": "出示执法证件",
    "basis_told": "告知检查依据",
    "content_told": "告知检查内容",
    "period_told": "告知检查期限",
    "requirements_told": "告知检查要求",
    "names_told": "告知检查人员姓名",
}
HANDLING_LABELS = {
    "on_spot": "当场责令改正",
    "own_department": "报告本部门处理",
    "referred": "抄告移送其他部门",
    "police": "移送公安司法机关",
}


def _items_text(items: Iterable[dict[str, Any]]) -> str:
    return "、".join(f"{it.get('name', '')}（{it.get('code', '')}）" for it in items)


def record_pdf(record: OnSiteRecord, organisation: Organisation) -> bytes:
    """现场检查笔录 of a record (any version; a draft is marked as such)."""
    st = _styles()
    inspection: Inspection = record.inspection
    items = {it["code"]: it for it in inspection.items}
    story: list[Any] = [
        _p(organisation.name, st["org"]),
        _p("现场检查笔录", st["title"]),
        _p(f"编号：{inspection.reference}-R{record.version}", st["number"]),
        Spacer(1, 4),
    ]
    if record.status == "draft":
        story.append(_p("（草稿，未经当事人确认）", st["right"]))
    officers = "；".join(
        f"{o.get('name', '')}（执法证号：{o.get('certificate_no', '')}）" for o in record.officers
    )
    head = [
        ["检查时间", f"{_date(record.started_at)} 至 {_date(record.ended_at)}"],
        ["检查地点", record.place],
        ["被检查人", inspection.target_name],
        [
            "统一社会信用代码" if inspection.target_kind == "entity" else "项目代码",
            inspection.target_code,
        ],
        ["住所（地址）", inspection.target_address],
        ["在场人员", record.party_present],
        ["检查人员", officers],
        ["检查事项", _items_text(inspection.items)],
        [
            "检查依据",
            "；".join(
                it.get("legal_basis", "") for it in inspection.items if it.get("legal_basis")
            ),
        ],
    ]
    story.append(_grid(head, [38 * mm, 125 * mm], st))
    story.append(Spacer(1, 8))
    ticked = "；".join(
        f"{'☑' if record.notices.get(key) else '☐'}{label}" for key, label in NOTICE_LABELS.items()
    )
    story.append(
        _p(
            f"告知：我们是{organisation.name}的行政执法人员，已向你（单位）出示执法证件，"
            "现依法进行现场检查，请予配合。你（单位）有权进行陈述和申辩；如认为检查人员与"
            "你（单位）有直接利害关系，可以申请回避。",
            st["indent"],
        )
    )
    story.append(_p(ticked.replace("☑", "[√]").replace("☐", "[  ]"), st["small"]))
    story.append(Spacer(1, 8))
    story.append(_p("检查情况：", st["body"]))
    rows: list[list[Any]] = [["检查事项", "检查要点", "结论", "说明"]]
    for point in record.checklist:
        item = items.get(point.get("item_code", ""), {})
        rows.append(
            [
                item.get("name", point.get("item_code", "")),
                point.get("point", ""),
                ANSWER_LABELS.get(point.get("answer", ""), "未填写"),
                point.get("note", ""),
            ]
        )
    story.append(_grid(rows, [34 * mm, 77 * mm, 18 * mm, 34 * mm], st))
    story.append(Spacer(1, 8))
    if record.findings:
        story.append(_p("发现的问题及处理：", st["body"]))
        for n, finding in enumerate(record.findings, 1):
            handling = HANDLING_LABELS.get(finding.get("handling", ""), "")
            story.append(
                _p(
                    f"{n}. {finding.get('description', '')}"
                    + (f"（{handling}）" if handling else ""),
                    st["indent"],
                )
            )
    else:
        story.append(_p("发现的问题：未发现问题。", st["body"]))
    if record.recording_link:
        story.append(_p(f"执法记录仪音视频：{record.recording_link}", st["body"]))
    story.append(Spacer(1, 10))
    story.append(_p("以上笔录已向当事人宣读（或由当事人阅读），当事人确认无误。", st["body"]))
    sign: list[Any] = []
    if record.refused:
        sign.append(_p(f"当事人拒绝签名。拒签情况：{record.refusal_reason}", st["body"]))
        sign.append(_p("（由执法人员注明，并经执法记录仪记录）", st["small"]))
    else:
        image = _signature_image(record.signature_png)
        sign.append(_p("当事人签名：" + (record.signed_name if image is None else ""), st["body"]))
        if image is not None:
            sign.append(image)
    sign.append(_p(f"日期：{_date(record.confirmed_at or record.ended_at)}", st["body"]))
    sign.append(Spacer(1, 6))
    sign.append(
        _p("检查人员签名：" + "　".join(o.get("name", "") for o in record.officers), st["body"])
    )
    story.extend(sign)
    return _build(story, "现场检查笔录", f"{inspection.reference} 现场检查笔录")


def plan_name(year: int, title: str) -> str:
    """The plan's name as published: its title, with the year in front when it lacks it."""
    return title if str(year) in title else f"{year}年度{title}"


def _categories_text(values: Iterable[str]) -> str:
    labels = []
    for value in values:
        try:
            labels.append(str(ResultCategory(value).label))
        except ValueError:
            labels.append(value)
    return "；".join(labels)


def notice_pdf(report: InspectionReport, organisation: Organisation) -> bytes:
    """检查结果告知书 to the party (R14: 一检查一反馈). Names the party (an entity), the
    inspection, the result and the remedies; no personal data of officers beyond the
    organisation's name."""
    st = _styles()
    inspection: Inspection = report.inspection
    year = report.inspected_on.year
    story: list[Any] = [
        _p(organisation.name, st["org"]),
        _p("检查结果告知书", st["title"]),
        _p(f"〔{year}〕检告字第 {inspection.reference} 号", st["number"]),
        Spacer(1, 8),
        _p(f"{inspection.target_name}（{inspection.target_code}）：", st["body"]),
    ]
    source = (
        f"依据“{plan_name(inspection.plan_year, inspection.plan_title)}”中的“{inspection.task_title}”抽查任务"
        if inspection.source == "draw"
        else "依法"
    )
    story.append(
        _p(
            f"本机关于{_date(report.inspected_on)}{source}，对你（单位）进行了行政检查，检查事项："
            f"{_items_text(inspection.items)}。现将检查结果告知如下：",
            st["indent"],
        )
    )
    story.append(_p(f"一、检查结果：{_categories_text(report.result_categories)}。", st["indent"]))
    story.append(_p(f"二、检查情况：{report.situation}", st["indent"]))
    if report.proposals:
        story.append(_p(f"三、处理意见：{report.proposals}", st["indent"]))
    story.append(
        _p(
            "如对上述检查结果有异议，可自收到本告知书之日起五个工作日内向本机关提出书面陈述、"
            "申辩意见；对依法作出的行政行为不服的，可依法申请行政复议或提起行政诉讼。",
            st["indent"],
        )
    )
    if inspection.source == "draw":
        story.append(
            _p(
                "根据《企业信息公示暂行条例》第六条，本次抽查结果将自审核通过之日起二十个工作日内"
                "向社会公示。",
                st["indent"],
            )
        )
    story.append(Spacer(1, 30))
    story.append(_p(f"{organisation.name}（印章）", st["right"]))
    approved = report.reviewed_at.date() if report.reviewed_at else None
    story.append(_p(_date(approved), st["right"]))
    story.append(Spacer(1, 20))
    receipt = Table(
        [
            [
                _p("被检查人签收：", st["body"]),
                Paragraph(
                    "签收日期：" + "&nbsp;" * 8 + "年" + "&nbsp;" * 4 + "月" + "&nbsp;" * 4 + "日",
                    st["body"],
                ),
            ]
        ],
        colWidths=[90 * mm, 73 * mm],
    )
    story.append(receipt)
    return _build(story, "检查结果告知书", f"{inspection.reference} 检查结果告知书")


def public_notice_pdf(row: Any) -> bytes:
    """检查结果公示 of one published result, from the public index row alone."""
    st = _styles()
    story: list[Any] = [
        _p(row.inspecting_body, st["org"]),
        _p("“双随机、一公开”抽查检查结果公示", st["title"]),
        _p(f"编号：{row.reference}", st["number"]),
        Spacer(1, 6),
    ]
    rows = [
        ["市场主体名称" if row.target_kind == "entity" else "项目名称", row.entity_name],
        ["统一社会信用代码" if row.target_kind == "entity" else "项目代码", row.uscc],
        ["抽查计划", f"{plan_name(row.plan_year, row.plan_title)}（{row.plan_code}）"],
        ["抽查任务", f"{row.task_title}（{row.task_code}）"],
        ["抽查类型", row.inspection_type],
        ["检查事项", _items_text(row.items)],
        ["检查日期", _date(row.inspected_on)],
        ["检查机关", row.inspecting_body],
        ["检查结果", _categories_text(row.result_categories)],
        ["公示日期", _date(timezone.localtime(row.published_at).date())],
    ]
    story.append(_grid(rows, [38 * mm, 125 * mm], st))
    per_item = [it for it in row.items if it.get("result")]
    if per_item:
        story.append(Spacer(1, 8))
        story.append(_p("分事项检查结果：", st["body"]))
        story.append(
            _grid(
                [["检查事项", "检查结果"]]
                + [[it.get("name", ""), _categories_text(it["result"])] for it in per_item],
                [70 * mm, 93 * mm],
                st,
            )
        )
    return _build(story, "检查结果公示", f"{row.reference} 检查结果公示")


def documents_dir() -> Path:
    """Where generated documents and exports are kept (settings.DOCUMENTS_ROOT)."""
    from suiji_platform.organisations.schemas import current_schema

    path = Path(settings.DOCUMENTS_ROOT) / current_schema()
    path.mkdir(parents=True, exist_ok=True)
    return path
