"""The status mix of a report as an inline SVG bar (no script, no CDN: it prints and renders to PDF)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reviews.models import ClaimStatus

STATUS_COLOURS = {
    ClaimStatus.SUPPORTED: "#2e7d32",
    ClaimStatus.SPECULATIVE: "#b26a00",
    ClaimStatus.NEEDS_SOURCE: "#c62828",
    ClaimStatus.DISPUTED: "#6a1b9a",
    ClaimStatus.PENDING: "#9e9e9e",
}
WIDTH = 600
BAR_HEIGHT = 28


def status_chart_svg(totals: dict[str, int]) -> SafeString:
    """A stacked horizontal bar of claims by status with a legend; one colour per status."""
    total = sum(totals.values())
    order = [status for status in STATUS_COLOURS if totals.get(status)]
    bars: list[tuple[object, ...]] = []
    legend: list[tuple[object, ...]] = []
    x = 0.0
    for index, status in enumerate(order):
        count = totals[status]
        width = WIDTH * count / total
        label = ClaimStatus(status).label
        bars.append((f"{x:.2f}", f"{width:.2f}", BAR_HEIGHT, STATUS_COLOURS[status], f"{label}: {count}"))
        y = BAR_HEIGHT + 22 + index * 20
        share = f"{100 * count / total:.1f}%"
        legend.append((y - 11, STATUS_COLOURS[status], y, f"{label}: {count} ({share})"))
        x += width
    height = BAR_HEIGHT + 30 + 20 * len(order)
    return format_html(
        '<svg class="status-chart" role="img" aria-label="Claims by status" xmlns="http://www.w3.org/2000/svg" '
        'width="{}" height="{}" viewBox="0 0 {} {}"><title>Claims by status ({} in all)</title>{}{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        total,
        format_html_join("", '<rect x="{}" y="0" width="{}" height="{}" fill="{}"><title>{}</title></rect>', bars),
        format_html_join(
            "",
            '<rect x="0" y="{}" width="12" height="12" fill="{}"/>'
            '<text x="18" y="{}" font-size="12" font-family="DejaVu Sans, sans-serif">{}</text>',
            legend,
        ),
    )
