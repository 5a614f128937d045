"""Small inline SVG charts for the HTML report (no JavaScript, prints as drawn)."""

from __future__ import annotations

from html import escape

from appliance.reports.words import Lang, number, say

WIDTH, HEIGHT, PAD = 760, 220, 36
ANSWERED, LOST, LINE = "#2b7a3d", "#c0392b", "#1f5fa8"


def _x_labels(labels: list[str], step: float) -> str:
    every = max(1, len(labels) // 8)  # at most ~8 labels, so they never overlap
    parts = []
    for i in range(0, len(labels), every):
        x = PAD + i * step + step / 2
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
            f"{escape(labels[i][-11:])}</text>"
        )
    return "".join(parts)


def calls_chart(
    labels: list[str], answered: list[int], lost: list[int], lang: Lang = "en"
) -> str:
    """Stacked bars: answered and not answered calls per interval."""
    if not labels:
        return f"<p>{say('No calls in the period.', lang)}</p>"
    top = max(1, max(a + b for a, b in zip(answered, lost, strict=True)))
    plot_h = HEIGHT - 2 * PAD
    step = (WIDTH - 2 * PAD) / len(labels)
    bars = []
    for i, (a, b) in enumerate(zip(answered, lost, strict=True)):
        x = PAD + i * step + step * 0.1
        ha, hb = plot_h * a / top, plot_h * b / top
        base = HEIGHT - PAD
        bars.append(
            f'<rect x="{x:.1f}" y="{base - ha:.1f}" width="{step * 0.8:.1f}" height="{ha:.1f}"'
            f' fill="{ANSWERED}"><title>{escape(labels[i])}: {number(str(a), lang)}'
            f" {say('answered', lang)}</title></rect>"
            f'<rect x="{x:.1f}" y="{base - ha - hb:.1f}" width="{step * 0.8:.1f}"'
            f' height="{hb:.1f}" fill="{LOST}"><title>{escape(labels[i])}: {number(str(b), lang)}'
            f" {say('not answered', lang)}</title></rect>"
        )
    axis = (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"'
        ' stroke="#444"/>'
        f'<text x="{PAD - 4}" y="{PAD + 4}" font-size="10" text-anchor="end">'
        f"{number(str(top), lang)}</text>"
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" font-size="10" text-anchor="end">'
        f"{number('0', lang)}</text>"
    )
    legend = (
        f'<rect x="{WIDTH - 230}" y="6" width="10" height="10" fill="{ANSWERED}"/>'
        f'<text x="{WIDTH - 216}" y="15" font-size="11">{say("answered", lang)}</text>'
        f'<rect x="{WIDTH - 140}" y="6" width="10" height="10" fill="{LOST}"/>'
        f'<text x="{WIDTH - 126}" y="15" font-size="11">{say("not answered", lang)}</text>'
    )
    return _svg(say("Calls by interval", lang),
                axis + "".join(bars) + legend + _x_labels(labels, step))


def service_level_chart(
    labels: list[str], levels: list[float | None], target: float, lang: Lang = "en"
) -> str:
    """Service level per interval (0-100 %) as a line, with the target as a dashed line."""
    if not labels:
        return f"<p>{say('No calls in the period.', lang)}</p>"
    plot_h = HEIGHT - 2 * PAD
    step = (WIDTH - 2 * PAD) / len(labels)
    points = [
        f"{PAD + i * step + step / 2:.1f},{HEIGHT - PAD - plot_h * level:.1f}"
        for i, level in enumerate(levels)
        if level is not None
    ]
    ty = HEIGHT - PAD - plot_h * target
    body = (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"'
        ' stroke="#444"/>'
        f'<line x1="{PAD}" y1="{ty:.1f}" x2="{WIDTH - PAD}" y2="{ty:.1f}" stroke="#888"'
        ' stroke-dasharray="4 3"/>'
        f'<text x="{WIDTH - PAD}" y="{ty - 3:.1f}" font-size="10" text-anchor="end">'
        f"{say('target', lang)} {number(f'{target:.0%}', lang)}</text>"
        f'<text x="{PAD - 4}" y="{PAD + 4}" font-size="10" text-anchor="end">'
        f"{number('100%', lang)}</text>"
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" font-size="10" text-anchor="end">'
        f"{number('0%', lang)}</text>"
        f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{" ".join(points)}"/>'
        + "".join(
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="{LINE}"/>'
            for p in points
        )
    )
    return _svg(say("Service level by interval", lang), body + _x_labels(labels, step))


def _svg(title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"{body}</svg>"
    )
