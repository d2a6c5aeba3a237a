"""SVG charts drawn on the server from numbers: pure functions, no I/O, no libraries.

Each chart is an inline <svg role="img"> with a <title> and a <desc> that lists every value, so a
screen reader hears the numbers; every bar carries its own <title> as a tooltip. Colours come from
classes the stylesheet maps onto the page's CSS variables (with currentColor as the fallback), so
the charts follow light and dark mode. Every label is escaped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # under the bar (short: "Mon 3", "Week of 2026-03-02", "Mar")
    seconds: int
    tooltip: str = ""  # the bar's <title>; defaults to "label: h:mm"


def hours_text(seconds: int) -> str:
    """Seconds as h:mm (hours go past 24)."""
    minutes = (max(0, int(seconds)) + 30) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def nice_step(top_hours: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) so `ticks` steps reach `top_hours`."""
    if top_hours <= 0:
        return 1.0
    raw = top_hours / ticks
    power = 10 ** _floor_log10(raw)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _floor_log10(value: float) -> int:
    exponent = 0
    while value >= 10:
        value /= 10
        exponent += 1
    while value < 1:
        value *= 10
        exponent -= 1
    return exponent


def _number(value: float) -> str:
    """A coordinate or tick with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _svg_open(width: int, height: int, title: str, desc: str, css_class: str) -> tuple[str, str]:
    n = next(_ids)
    title_id, desc_id = f"chart-title-{n}", f"chart-desc-{n}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" style="max-width:{width}px">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def bar_chart(bars: list[Bar], title: str, *, width: int = 720, height: int = 240) -> str:
    """Vertical bars of hours, one per label, with a labelled hour axis and grid lines.

    Bar heights are proportional to the seconds; no data draws the axis and says so."""
    desc = "; ".join(f"{b.label}: {hours_text(b.seconds)} h" for b in bars) or "No time in this range"
    head, tail = _svg_open(width, height, title, desc, "bar-chart")
    left, right, top, bottom = 44, 8, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    top_hours = max((b.seconds for b in bars), default=0) / 3600
    step = nice_step(top_hours)
    ticks = max(1, -(-top_hours // step)) if top_hours > 0 else 4  # enough steps to hold the highest bar
    scale_top = step * ticks  # hours at the top of the plot
    parts = [head]
    # Axis: grid lines and hour labels.
    for i in range(int(ticks) + 1):
        hours = step * i
        y = top + plot_h - plot_h * hours / scale_top
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_number(y)}" y2="{_number(y)}" '
                     f'stroke="currentColor" stroke-opacity="0.2"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{_number(y + 4)}" text-anchor="end" '
                     f'fill="currentColor">{escape(_number(hours))} h</text>')
    if not bars or top_hours == 0:
        parts.append(f'<text class="empty" x="{_number(left + plot_w / 2)}" y="{_number(top + plot_h / 2)}" '
                     f'text-anchor="middle" fill="currentColor">No time in this range</text>')
    if bars:
        slot = plot_w / len(bars)
        bar_w = max(1.0, min(48.0, slot * 0.7))
        # Thin out the labels under many bars so they never overlap (about 44 px each).
        every = max(1, int(-(-44 // slot)))
        for i, b in enumerate(bars):
            h = plot_h * (b.seconds / 3600) / scale_top if scale_top else 0
            x = left + slot * i + (slot - bar_w) / 2
            y = top + plot_h - h
            tip = b.tooltip or f"{b.label}: {hours_text(b.seconds)}"
            parts.append(
                f'<rect class="bar" x="{_number(x)}" y="{_number(y)}" width="{_number(bar_w)}" '
                f'height="{_number(h)}" fill="currentColor" data-seconds="{int(b.seconds)}"><title>{escape(tip)}</title></rect>'
            )
            if i % every == 0:
                parts.append(f'<text class="label" x="{_number(left + slot * i + slot / 2)}" y="{height - 8}" '
                             f'text-anchor="middle" fill="currentColor">{escape(b.label)}</text>')
    base = top + plot_h
    parts.append(f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" '
                 f'stroke="currentColor" stroke-opacity="0.6"/>')
    parts.append(tail)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    seconds: int
    color: str | None = None  # a #rrggbb of the project, when it has one


def safe_color(value: str | None) -> str | None:
    """Only a plain #rgb/#rrggbb colour goes into an attribute."""
    hex_digits = "0123456789abcdefABCDEF"
    if value and value.startswith("#") and len(value) in (4, 7) and all(c in hex_digits for c in value[1:]):
        return value
    return None


def share_chart(rows: list[Share], title: str, *, width: int = 720, row_height: int = 28) -> str:
    """Horizontal bars, one per row, their lengths proportional to the seconds, each labelled with
    its name, h:mm and share of the total."""
    total = sum(max(0, r.seconds) for r in rows)
    desc = "; ".join(f"{r.label}: {hours_text(r.seconds)} h, {_percent(r.seconds, total)}" for r in rows) \
        or "No time in this range"
    height = max(1, len(rows)) * row_height + 8
    head, tail = _svg_open(width, height, title, desc, "share-chart")
    parts = [head]
    if not rows or total == 0:
        parts.append(f'<text class="empty" x="{width // 2}" y="{height // 2 + 4}" text-anchor="middle" '
                     f'fill="currentColor">No time in this range</text>')
    longest = max((r.seconds for r in rows), default=0)
    label_w = min(240, width // 3)
    bar_room = width - label_w - 130
    for i, r in enumerate(rows):
        y = 4 + i * row_height
        w = bar_room * r.seconds / longest if longest else 0
        color = safe_color(r.color)
        fill = f'fill="{color}"' if color else 'fill="currentColor"'
        name = r.label if len(r.label) <= 32 else r.label[:31] + "…"
        parts.append(f'<text class="label" x="{label_w - 8}" y="{y + row_height / 2 + 4:.0f}" text-anchor="end" '
                     f'fill="currentColor">{escape(name)}</text>')
        tip = f"{r.label}: {hours_text(r.seconds)} ({_percent(r.seconds, total)})"
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{_number(w)}" height="{row_height - 8}" rx="3" '
            f'{fill} data-seconds="{int(r.seconds)}"><title>{escape(tip)}</title></rect>'
        )
        parts.append(f'<text class="value" x="{_number(label_w + w + 6)}" y="{y + row_height / 2 + 4:.0f}" '
                     f'fill="currentColor">{hours_text(r.seconds)} · {_percent(r.seconds, total)}</text>')
    parts.append(tail)
    return "".join(parts)


def _percent(part: int, total: int) -> str:
    return f"{(100 * part / total):.1f}%" if total else "0.0%"


def percent(part: int, total: int) -> str:
    """A share as the tables show it: 12.5%."""
    return _percent(part, total)
