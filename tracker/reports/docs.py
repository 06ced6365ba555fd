"""The report as documents to read: Markdown (pipe tables) and one self-contained HTML page with inline SVG
charts; also the table and task rows as text that the office formats (office.py) share."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any
from collections.abc import Sequence

from ..inert import markdown_cell
from ..monitoring import BUCKET_COLORS, BUCKETS, Tally
from .model import Renderer, Report, fmt_date, fmt_pct, text


def table_header(report: Report) -> list[str]:
    t = text(report.lang)
    return [t["stt"], t["group"][report.by], t["total"],
            *(report.label(key) for key in report.table_keys()),
            report.label("rate-due"), report.label("rate-all")]


def table_body(report: Report) -> list[list[str]]:
    """Rows of the official table as text: STT, group, total, 'count (%)' per bucket, both rates."""
    def cells(tally: Tally) -> list[str]:
        return [str(tally.total),
                *(f"{tally.count(key)} ({fmt_pct(tally.percent(key), report.lang)})" for key in report.table_keys()),
                fmt_pct(tally.rate_due, report.lang), fmt_pct(tally.rate_all, report.lang)]
    rows = [[str(number), tally.label or tally.group, *cells(tally)] for number, tally in enumerate(report.groups, 1)]
    rows.append(["", text(report.lang)["total_row"], *cells(report.total)])
    return rows


def task_header(report: Report, done: bool = False) -> list[str]:
    t = text(report.lang)
    if done:
        return [t["stt"], t["id"], t["content"], t["lead"], t["deadline"], t["done_on"], t["timing"]]
    return [t["stt"], t["id"], t["content"], t["lead"], t["deadline"], t["late_days"], t["reason"]]


def task_rows(report: Report, lines: Sequence[dict[str, Any]], done: bool = False) -> list[list[str]]:
    rows = []
    for number, line in enumerate(lines, 1):
        deadline = line["time_text"] or fmt_date(_day(line["due"]), report.lang)
        base = [str(number), line["id"], line["content"], "; ".join(line["lead"]), deadline]
        if done:
            rows.append([*base, fmt_date(_day(line["done_on"]), report.lang), report.label(line["bucket"])])
        else:
            reason = line["reason"] or ""
            if line["reason_on"]:
                reason = f"{reason} ({fmt_date(_day(line['reason_on']), report.lang)})"
            rows.append([*base, str(line["days_overdue"] or ""), reason])
    return rows


def completed_heading(report: Report) -> str:
    t = text(report.lang)
    return t["completed"].format(since=fmt_date(report.since, report.lang)) if report.since else t["completed_all"]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- Markdown -------------------------------------------------------------------------------------

def md_table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    lines = ["| " + " | ".join(markdown_cell(h) for h in header) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_md(report: Report) -> str:
    t = text(report.lang)
    title, *rest = report.title_lines()
    parts = [f"# {markdown_cell(title)}", "\n\n".join(f"*{markdown_cell(line)}*" for line in rest), report.summary(),
             "## " + t["table"].format(group=t["group"][report.by].lower()),
             md_table(table_header(report), table_body(report), numeric=range(2, len(table_header(report)))),
             "## " + t["overdue"]]
    parts.append(md_table(task_header(report), task_rows(report, report.overdue), numeric=(0, 5))
                 if report.overdue else t["none"])
    if report.since:
        parts.append("## " + completed_heading(report))
        parts.append(md_table(task_header(report, True), task_rows(report, report.completed, True), numeric=(0,))
                     if report.completed else t["none"])
    return "\n\n".join(parts) + "\n"


# -- HTML -----------------------------------------------------------------------------------------

CSS = """
body{font-family:"Times New Roman",Times,serif;margin:2em auto;max-width:1100px;color:#111;padding:0 1em}
h1{font-size:1.5em;text-align:center;margin-bottom:.2em} .sub{text-align:center;margin:.1em 0;font-style:italic}
table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.92em}
th,td{border:1px solid #555;padding:4px 6px;vertical-align:top} th{background:#eee}
td.n{text-align:right;white-space:nowrap} tr.total td{font-weight:bold;background:#f6f6f6}
.legend span{display:inline-block;margin-right:1em;font-size:.9em}
.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:12px}
@media print{body{margin:0}}
"""


def _tag(name: str, content: str, **attrs: Any) -> str:
    attributes = "".join(f' {key.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
                         for key, value in attrs.items())
    return f"<{name}{attributes}>{content}</{name}>"


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
               total_last: bool = False) -> str:
    head = "<tr>" + "".join(_tag("th", escape(h)) for h in header) + "</tr>"
    body = []
    for index, row in enumerate(rows):
        cells = "".join(_tag("td", escape(str(c)), class_="n") if i in numeric else _tag("td", escape(str(c)))
                        for i, c in enumerate(row))
        total = total_last and index == len(rows) - 1
        body.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
    return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"


def _legend(report: Report) -> str:
    items = "".join(f'<span><i style="background:{BUCKET_COLORS[key]}"></i>{escape(report.label(key))}</span>'
                    for key in BUCKETS)
    return f'<p class="legend">{items}</p>'


def bar_chart_svg(report: Report, tallies: Sequence[Tally]) -> str:
    """Horizontal stacked bars, one per group, segments in bucket order, scaled to the largest group."""
    label_width, bar_width, row_height, pad = 260, 560, 22, 6
    biggest = max((t.total for t in tallies), default=0) or 1
    height = pad * 2 + row_height * max(len(tallies), 1)
    width = label_width + bar_width + 60
    shapes = []
    for index, tally in enumerate(tallies):
        y = pad + index * row_height
        name = tally.label or tally.group
        shown = name if len(name) <= 40 else name[:39] + "…"
        shapes.append(_tag("text", escape(shown), x=label_width - 8, y=y + 15, text_anchor="end"))
        x = float(label_width)
        for key in BUCKETS:
            count = tally.count(key)
            if not count:
                continue
            w = bar_width * count / biggest
            tip = escape(f"{name}: {report.label(key)} {count}")
            shapes.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_height - 6}" '
                          f'fill="{BUCKET_COLORS[key]}"><title>{tip}</title></rect>')
            x += w
        shapes.append(_tag("text", str(tally.total), x=f"{x + 6:.1f}", y=y + 15))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>')


def timeline_svg(report: Report, tallies: Sequence[Tally]) -> str:
    """Vertical stacked columns, one per quarter of the applicable due, in time order."""
    column, gap, chart_height, top, bottom, left = 34, 14, 220, 16, 44, 36
    biggest = max((t.total for t in tallies), default=0) or 1
    width = left + max(len(tallies), 1) * (column + gap) + gap
    height = top + chart_height + bottom
    base = top + chart_height
    shapes = [f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="#333"/>',
              _tag("text", str(biggest), x=left - 6, y=top + 4, text_anchor="end"),
              _tag("text", "0", x=left - 6, y=base, text_anchor="end")]
    for index, tally in enumerate(tallies):
        x = left + gap + index * (column + gap)
        y = float(base)
        for key in BUCKETS:
            count = tally.count(key)
            if not count:
                continue
            h = chart_height * count / biggest
            y -= h
            tip = escape(f"{tally.label}: {report.label(key)} {count}")
            shapes.append(f'<rect x="{x}" y="{y:.1f}" width="{column}" height="{h:.1f}" '
                          f'fill="{BUCKET_COLORS[key]}"><title>{tip}</title></rect>')
        shapes.append(_tag("text", str(tally.total), x=x + column / 2, y=f"{y - 4:.1f}", text_anchor="middle"))
        shapes.append(_tag("text", escape(tally.label), x=x + column / 2, y=base + 16, text_anchor="end",
                           transform=f"rotate(-35 {x + column / 2} {base + 16})"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>')


def render_html(report: Report) -> str:
    """One page, no scripts, no external resources; every piece of data is escaped."""
    t = text(report.lang)
    title, *rest = report.title_lines()
    group = t["group"][report.by].lower()
    header = table_header(report)
    body = [
        _tag("h1", escape(title)),
        *(_tag("p", escape(line), class_="sub") for line in rest),
        _tag("p", escape(report.summary())),
        _tag("h2", escape(t["table"].format(group=group))),
        html_table(header, table_body(report), numeric=range(2, len(header)), total_last=True),
        _tag("h2", escape(t["chart"].format(group=group))),
        _legend(report), bar_chart_svg(report, report.groups),
        _tag("h2", escape(t["timeline"])), timeline_svg(report, report.timeline),
        _tag("h2", escape(t["overdue"])),
        html_table(task_header(report), task_rows(report, report.overdue), numeric=(0, 5))
        if report.overdue else _tag("p", escape(t["none"])),
    ]
    if report.since:
        body += [_tag("h2", escape(completed_heading(report))),
                 html_table(task_header(report, True), task_rows(report, report.completed, True), numeric=(0,))
                 if report.completed else _tag("p", escape(t["none"]))]
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(report.lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)} — {escape(fmt_date(report.as_of, report.lang))}</title>"
            f"<style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


FORMATS = (
    Renderer("md", render_md, suffix="md"),
    Renderer("html", render_html, suffix="html"),
)
