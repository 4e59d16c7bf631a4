"""Small charts over the years as inline SVG, drawn at build time, each with its data table.

Written directly rather than with a plotting library (docs/dev/site.md compares pygal,
leather and matplotlib): the site needs SVG that is byte-identical between builds, loads
nothing from another host, names itself to assistive technology (`role="img"`, `<title>`,
`<desc>`), leaves Chinese text to the browser's fonts and reads in greyscale, and a line or
bar chart over a handful of years is a few dozen lines of geometry.

A value of None is a gap (a blank cell or a missing report), never drawn as 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gongkai.site.html import esc, table

WIDTH, HEIGHT = 400, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 46, 14, 20, 30
_LEGEND = 22  # height of the legend row above the plot, when there is more than one series
_FONT = 13
_TEXT = "#333333"  # 12.6:1 on white
_GRID = "#d9d9d9"  # decorative: the labels carry the values
GAP = "—"
# From a category index or a value to an SVG coordinate.
_Coord = Callable[[float], float]

# Each series differs in colour, dash pattern and marker shape, so that the chart still reads
# in greyscale and in print. Every colour has at least 3:1 contrast on white (WCAG 1.4.11).
_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#0d47a1", "", "circle"),  # 8.6:1
    ("#b71c1c", "6 3", "square"),  # 6.6:1
    ("#1b5e20", "2 3", "triangle"),  # 7.9:1
    ("#6a1b9a", "8 3 2 3", "diamond"),  # 8.6:1
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per category; None is a gap
    # What the data table shows per category instead of the bare number, e.g. "85.7%（6/7）".
    cells: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Chart:
    key: str  # ASCII and unique on its page: the SVG's element ids derive from it
    title: str
    unit: str  # 件, or % (then the y axis runs from 0 to 100)
    categories: tuple[str, ...]  # the x axis, oldest first: 2021年, 2022年 …
    series: tuple[Series, ...]
    bars: bool = False  # one series as bars with their values on top; otherwise lines

    def __post_init__(self) -> None:
        if not self.key.isascii() or not self.key.replace("-", "").isalnum():
            raise ValueError(f"chart key must be ASCII letters, digits and '-': {self.key!r}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"{series.name}: {len(series.values)} values for "
                    f"{len(self.categories)} categories"
                )
        if self.bars and len(self.series) != 1:
            raise ValueError("a bar chart has exactly one series")


def number(value: float | None, unit: str = "") -> str:
    """A value as the chart and its table print it: integers without a decimal point, others
    to one decimal place; a gap as “—”."""
    if value is None:
        return GAP
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return text + unit if unit == "%" else text


def _f(value: float) -> str:
    # Coordinates to one decimal place: enough on a 400-unit canvas, and the same text on
    # every machine (no float repr in the output).
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _scale(chart: Chart) -> tuple[float, float]:
    """The top of the y axis and the step between its gridlines: 1, 2 or 5 times a power of
    ten, four or five steps."""
    if chart.unit == "%":
        return 100.0, 25.0
    highest = max((v for s in chart.series for v in s.values if v is not None), default=0.0)
    if highest <= 0:
        return 4.0, 1.0
    raw = highest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)  # counts: no gridline at 0.5 件
    return step * math.ceil(highest / step), step


def svg(chart: Chart) -> str:
    """The chart as an inline `<svg>` element (no XML declaration, no fixed size: it scales
    to its box through the viewBox)."""
    top = _TOP + (_LEGEND if len(chart.series) > 1 else 0)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - top - _BOTTOM
    y_max, step = _scale(chart)
    count = max(len(chart.categories), 1)
    band = plot_w / count

    def x(i: float) -> float:
        return _LEFT + (i + 0.5) * band

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / y_max

    parts = [
        f'<svg class="gk-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart.key}-t {chart.key}-d" font-size="{_FONT}" '
        f'font-family="inherit">',
        f'<title id="{chart.key}-t">{esc(chart.title)}</title>',
        f'<desc id="{chart.key}-d">{esc(describe(chart))}</desc>',
    ]
    ticks = round(y_max / step)
    for n in range(ticks + 1):
        value = n * step
        at = _f(y(value))
        parts.append(
            f'<line x1="{_LEFT}" y1="{at}" x2="{WIDTH - _RIGHT}" y2="{at}" '
            f'stroke="{_TEXT if n == 0 else _GRID}" stroke-width="1"/>'
            f'<text x="{_LEFT - 6}" y="{at}" dy="0.35em" text-anchor="end" fill="{_TEXT}">'
            f"{esc(number(value, chart.unit))}</text>"
        )
    for i, category in enumerate(chart.categories):
        parts.append(
            f'<text x="{_f(x(i))}" y="{HEIGHT - 10}" text-anchor="middle" fill="{_TEXT}">'
            f"{esc(category)}</text>"
        )
    if chart.bars:
        parts += _bars(chart, x, y, band)
    else:
        parts += _lines(chart, x, y)
    if len(chart.series) > 1:
        parts += _legend(chart)
    parts.append("</svg>")
    return "".join(parts)


def _bars(chart: Chart, x: _Coord, y: _Coord, band: float) -> list[str]:
    colour = _STYLES[0][0]
    width = min(band * 0.6, 48.0)
    base = y(0)
    parts = []
    for i, value in enumerate(chart.series[0].values):
        if value is None:
            # A gap says so where the bar would be, so it is not read as a zero.
            parts.append(
                f'<text x="{_f(x(i))}" y="{_f(base - 6)}" text-anchor="middle" '
                f'fill="{_TEXT}">{GAP}</text>'
            )
            continue
        height = base - y(value)
        parts.append(
            f'<rect x="{_f(x(i) - width / 2)}" y="{_f(base - height)}" width="{_f(width)}" '
            f'height="{_f(height)}" fill="{colour}"/>'
            f'<text x="{_f(x(i))}" y="{_f(base - height - 4)}" text-anchor="middle" '
            f'fill="{_TEXT}">{esc(number(value, chart.unit))}</text>'
        )
    return parts


def _lines(chart: Chart, x: _Coord, y: _Coord) -> list[str]:
    parts = []
    for index, series in enumerate(chart.series):
        colour, dash, marker = _STYLES[index % len(_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        # A gap breaks the line: each run of consecutive values is its own subpath.
        path, pen_down = [], False
        for i, value in enumerate(series.values):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_f(x(i))} {_f(y(value))}")
            pen_down = True
        if path:
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>'
            )
        for i, value in enumerate(series.values):
            if value is not None:
                parts.append(_marker(marker, x(i), y(value), colour))
                if len(chart.series) == 1:
                    parts.append(
                        f'<text x="{_f(x(i))}" y="{_f(y(value) - 9)}" text-anchor="middle" '
                        f'fill="{_TEXT}">{esc(number(value, chart.unit))}</text>'
                    )
    return parts


def _marker(shape: str, cx: float, cy: float, colour: str) -> str:
    r = 4.5
    if shape == "circle":
        return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect x="{_f(cx - r)}" y="{_f(cy - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        points = [(cx, cy - r - 1), (cx + r + 1, cy + r), (cx - r - 1, cy + r)]
    else:
        points = [(cx, cy - r - 1), (cx + r + 1, cy), (cx, cy + r + 1), (cx - r - 1, cy)]
    joined = " ".join(f"{_f(px)},{_f(py)}" for px, py in points)
    return f'<polygon points="{joined}" fill="{colour}"/>'


def _legend(chart: Chart) -> list[str]:
    """A sample of each series' line and marker with its name, in one row above the plot."""
    parts, at = [], float(_LEFT)
    for index, series in enumerate(chart.series):
        colour, dash, marker = _STYLES[index % len(_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        mid = _TOP + 4
        parts.append(
            f'<line x1="{_f(at)}" y1="{mid}" x2="{_f(at + 28)}" y2="{mid}" stroke="{colour}" '
            f'stroke-width="2"{dashes}/>'
            + _marker(marker, at + 14, mid, colour)
            + f'<text x="{_f(at + 34)}" y="{mid}" dy="0.35em" fill="{_TEXT}">'
            f"{esc(series.name)}</text>"
        )
        # CJK text is about one em per character; leave room for the next entry.
        at += 34 + _FONT * len(series.name) + 16
    return parts


def describe(chart: Chart) -> str:
    """The chart in words: its text alternative."""
    if not chart.categories:
        return "没有数据。"
    span = (
        chart.categories[0]
        if len(chart.categories) == 1
        else f"{chart.categories[0]}至{chart.categories[-1]}"
    )
    unit = "" if chart.unit == "%" else chart.unit
    pieces = []
    for series in chart.series:
        values = "，".join(
            f"{category} {'无数据' if value is None else number(value, chart.unit) + unit}"
            for category, value in zip(chart.categories, series.values, strict=True)
        )
        pieces.append(f"{series.name}：{values}" if len(chart.series) > 1 else values)
    return f"{span}，{chart.title}（单位：{chart.unit}）。" + "；".join(pieces) + "。"


def data_table(chart: Chart) -> str:
    """The numbers behind the chart, one row per category and one column per series."""
    headers = ["年度", *(f"{s.name}（{chart.unit}）" for s in chart.series)]
    rows = [
        [
            esc(category),
            *(
                esc(s.cells[i] if s.cells is not None else number(s.values[i], chart.unit))
                for s in chart.series
            ),
        ]
        for i, category in enumerate(chart.categories)
    ]
    return table(f"{chart.title}：数据表", headers, rows)


def figure(chart: Chart) -> str:
    """The chart and its data table side by side (stacked on a phone), each scrolling in its
    own box when it does not fit."""
    return (
        f'<figure class="gk-chart" id="{chart.key}">'
        f'<div class="gk-chart-svg">{svg(chart)}</div>'
        f'<div class="gk-scroll" role="region" tabindex="0" aria-label="{esc(chart.title)}：数据表">'
        f"{data_table(chart)}</div>"
        f"<figcaption>{esc(chart.title)}。{GAP} 表示该年度没有报告，或表格中该项空白、不是有效数字，"
        "不按 0 计。</figcaption></figure>"
    )


def charts_of(charts: Sequence[Chart]) -> str:
    return f'<div class="gk-charts">{"".join(figure(c) for c in charts)}</div>' if charts else ""
