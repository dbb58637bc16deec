"""Horizontal bar charts as inline SVG: the report must open from a mail attachment or a file share,
offline, with no script and no external asset, and look the same in every browser."""

from collections.abc import Callable, Sequence
from html import escape

LABEL_WIDTH = 170
BAR_WIDTH = 320
VALUE_WIDTH = 90
ROW_HEIGHT = 24
_LABEL_CHARACTERS = 24


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, scale: float | None = None,
              show: Callable[[float], str] = lambda value: f"{value:g}", described_by: str | None = None) -> str:
    """One bar per (label, value); bars scale to `scale` (the largest value by default). Every label
    and value is escaped here, so callers pass raw text. `described_by`: the id of the element (a table of
    the same figures, in a page) that says in words what the chart draws, for those who cannot see it."""
    top = scale if scale is not None else max((value for _, value in rows), default=0)
    width, height = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, len(rows) * ROW_HEIGHT + 8
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"{described}><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(rows):
        y = 4 + index * ROW_HEIGHT
        length = round(BAR_WIDTH * value / top, 1) if top > 0 else 0
        short = label if len(label) <= _LABEL_CHARACTERS else label[: _LABEL_CHARACTERS - 1] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end"><title>{escape(label)}</title>'
            f'{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="16" rx="2" class="bar"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 16}" class="value">{escape(show(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)
