"""Tiny server-rendered SVG charts: readable without JavaScript, printable, no library. Every text is
escaped; colours are presentation attributes (no inline style, so the CSP holds). Each bar or point
carries its value as a visible label and a <title> (a tooltip and what a screen reader reads)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal
COLOURS = ("#1d5fa8", "#c8161d", "#2e8540", "#b26b00", "#6b3fa0")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 24, 42


def fmt(value: Number) -> str:
    """1 → "1", 2.50 → "2.5", 3.0 → "3"."""
    if isinstance(value, int):
        return str(value)
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_max(values: Sequence[Number]) -> float:
    """The top of the scale: the smallest 1, 2 or 5 × 10^n at or above the largest value."""
    top = max([float(v) for v in values] + [0.0])
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for m in (1, 2, 5, 10):
        if top <= m * magnitude:
            return float(m * magnitude)
    return top


def _frame(title: str, body: list[str], legend: list[str]) -> SafeString:
    t = escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{t}" width="100%" preserveAspectRatio="xMidYMid meet">',
        f"<title>{t}</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#666"/>',
        *body,
        *legend,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text above went through escape()


def _axis_labels(labels: Sequence[str], slot: float) -> list[str]:
    out = []
    for i, label in enumerate(labels):
        x = LEFT + slot * i + slot / 2
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" '
            f'fill="#333">{escape(label)}</text>'
        )
    return out


def _legend(names: Sequence[str]) -> list[str]:
    out = []
    x = LEFT
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        out.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{HEIGHT - 5}" font-size="11" fill="#333">{escape(name)}</text>')
        x += 24 + 12 * len(name)
    return out


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]]
) -> SafeString:
    """Grouped bars: one group per label, one bar per series, each with its value above it."""
    top = _nice_max([v for _name, values in series for v in values])
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    bar_w = max(min(slot * 0.8 / max(len(series), 1), 40), 2)
    body = [
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end" fill="#666">{fmt(top)}</text>'
    ]
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            h = plot_h * float(value) / top
            x = LEFT + slot * i + (slot - bar_w * len(series)) / 2 + bar_w * s
            y = HEIGHT - BOTTOM - h
            label = f"{labels[i]} {name}: {fmt(value)}"
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(label)}</title></rect>"
            )
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                f'fill="#222" class="value">{fmt(value)}</text>'
            )
    body += _axis_labels(labels, slot)
    return _frame(title, body, _legend([name for name, _v in series]) if len(series) > 1 else [])


def line_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]]
) -> SafeString:
    """One line per series over the labels (months), each point with its value."""
    top = _nice_max([v for _name, values in series for v in values])
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    body = [
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end" fill="#666">{fmt(top)}</text>'
    ]
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        points = []
        for i, value in enumerate(values):
            x = LEFT + slot * i + slot / 2
            y = HEIGHT - BOTTOM - plot_h * float(value) / top
            points.append((x, y, value, labels[i]))
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v, _l in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, value, label in points:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(f'{label} {name}: {fmt(value)}')}</title></circle>"
            )
            body.append(
                f'<text x="{x:.1f}" y="{y - 6:.1f}" font-size="10" text-anchor="middle" fill="#222" '
                f'class="value">{fmt(value)}</text>'
            )
    body += _axis_labels(labels, slot)
    return _frame(title, body, _legend([name for name, _v in series]) if len(series) > 1 else [])


def hbar_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]]
) -> SafeString:
    """Horizontal grouped bars, one row per label (long names, many rows): the height grows with the rows."""
    label_w, row_h, bar_h, top_pad = 150, 8 + 12 * len(series), 11, 8
    height = top_pad + row_h * len(labels) + 24
    top = _nice_max([v for _name, values in series for v in values])
    plot_w = WIDTH - label_w - RIGHT - 30
    t = escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{t}" width="100%" preserveAspectRatio="xMidYMid meet">',
        f"<title>{t}</title>",
    ]
    for i, label in enumerate(labels):
        y0 = top_pad + row_h * i
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + row_h / 2 + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#333">{escape(label)}</text>'
        )
        for s, (name, values) in enumerate(series):
            value = values[i]
            w = plot_w * float(value) / top
            y = y0 + 4 + 12 * s
            colour = COLOURS[s % len(COLOURS)]
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                f"<title>{escape(f'{label} {name}: {fmt(value)}')}</title></rect>"
            )
            parts.append(
                f'<text x="{label_w + w + 3:.1f}" y="{y + 9}" font-size="10" fill="#222" '
                f'class="value">{fmt(value)}</text>'
            )
    legend_y = height - 14
    x = label_w
    for s, (name, _values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{legend_y}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 14}" y="{legend_y + 9}" font-size="11" fill="#333">{escape(name)}</text>'
        )
        x += 24 + 12 * len(name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above went through escape()
