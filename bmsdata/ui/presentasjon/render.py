"""HTML for the presentation builder and the reveal slides: the deck's slides as widgets' HTML.

Everything typed by people (comments, tiltak titles, author names) and every name from the
store goes through :func:`bmsdata.views.markup.esc`; statuses are symbol + word + colour via
:func:`bmsdata.views.markup.status_badge`, the dashboards' own badge.
"""

from __future__ import annotations

from bmsdata.reports import deck_text
from bmsdata.reports.deck import FocusAreaBlock, Slide, StatusRow
from bmsdata.views import markup

esc = markup.esc


def badge(row: StatusRow, big: bool = False) -> str:
    html = markup.status_badge(row.status)
    return html.replace('class="bms-status ', 'class="bms-status bms-status-big ', 1) if big \
        else html


def rows_table(blocks: tuple[FocusAreaBlock, ...], with_area: bool = False) -> str:
    out = []
    for block in blocks:
        if with_area:
            out.append(f"<h3>{esc(block.name)}</h3>")
        rows = [[esc(r.name), badge(r), esc(r.value_text), esc(r.ambition_text),
                 esc(r.period_label), esc(r.trend_text)] for r in block.rows]
        out.append(markup.table([deck_text.COL_INDICATOR, deck_text.COL_STATUS,
                                 deck_text.COL_RESULT, deck_text.COL_AMBITION,
                                 deck_text.COL_PERIOD, deck_text.COL_TREND], rows,
                                numeric=[2, 3]))
    return "".join(out)


def overview(slide: Slide) -> str:
    areas = []
    for block in slide.blocks:
        counts = "".join(f"<li>{markup.status_badge(c.status, count=c.count)}</li>"
                         for c in block.counts)
        items = "".join(f"<li>{badge(r)} {esc(r.name)}</li>" for r in block.rows)
        areas.append(f'<div><h3>{esc(block.name)}</h3><ul class="bms-counts" aria-label="'
                     f'{esc(deck_text.COUNTS_LABEL)}">{counts}</ul><ul>{items}</ul></div>')
    return f'<div class="bms-deck-overview">{"".join(areas)}</div>'


def facts(slide: Slide) -> str:
    """Status, result, ambisjonsnivå, period, trend and the rådmann's comment of one indicator."""
    r = slide.indicator
    assert r is not None
    trend = (f"<dt>{esc(deck_text.TREND)}</dt><dd>{esc(r.trend_text)}</dd>" if r.trend_word else "")
    if slide.comment is not None:
        comment = (f'<p class="bms-comment-text">{esc(slide.comment.text)}</p>'
                   f'<p class="bms-by">{esc(deck_text.COMMENT_BY.format(author=slide.comment.author, when=slide.comment.when))}</p>')  # noqa: E501
    else:
        comment = f'<p class="bms-comment-text bms-muted">{esc(deck_text.NO_COMMENT)}</p>'
    return (
        f'<div class="bms-facts"><p>{badge(r, big=True)}</p><dl>'
        f"<dt>{esc(deck_text.RESULT)}</dt><dd>{esc(r.value_text)}</dd>"
        f"<dt>{esc(deck_text.AMBITION)}</dt><dd>{esc(r.ambition_text)}</dd>"
        f"<dt>{esc(deck_text.PERIOD)}</dt><dd>{esc(r.period_label)}</dd>{trend}</dl>"
        f'<div class="bms-comment"><h3>{esc(deck_text.COMMENT_HEADING)}</h3>{comment}</div></div>'
    )


def trend_table(slide: Slide) -> str:
    rows = [[esc(p.period_label), esc(p.value_text), markup.status_badge(p.status)]
            for p in slide.trend]
    return markup.table([deck_text.COL_PERIOD, deck_text.COL_RESULT, deck_text.COL_STATUS], rows,
                        numeric=[1])


def tiltak(slide: Slide) -> str:
    if not slide.tiltak:
        return ""
    rows = [[f"{esc(t.title)}<br><span class=\"bms-muted\">{esc(t.loop_title)}</span>",
             esc(t.status_text)
             + (f" <strong>{esc(deck_text.OVERDUE)}</strong>" if t.overdue else ""),
             esc(t.deadline_text), esc(t.owner), esc(t.indicators)] for t in slide.tiltak]
    return markup.table([deck_text.COL_TILTAK, deck_text.COL_STATUS, deck_text.COL_DEADLINE,
                         deck_text.COL_OWNER,
                         deck_text.COL_INDICATOR], rows)


def slide_html(slide: Slide, municipality: str = "", fictional: bool = False) -> str:
    """One slide as HTML (without the chart, which is a widget of its own)."""
    if slide.kind == "title":
        fict = (f'<p class="bms-fictional">{esc(deck_text.FICTIONAL)}</p>' if fictional else "")
        return (f'<div class="bms-slide"><p class="bms-lead">{esc(municipality)}</p>'
                f"<h1>{esc(slide.title)}</h1><p class=\"bms-lead\">{esc(slide.lead)}</p>{fict}"
                "</div>")
    head = f"<h2>{esc(slide.title)}</h2>"
    if slide.lead:
        head += f'<p class="bms-lead">{esc(slide.lead)}</p>'
    if slide.kind == "overview":
        body = overview(slide)
    elif slide.kind == "focus_area":
        body = rows_table(slide.blocks)
    elif slide.kind == "unit":
        body = rows_table(slide.blocks, with_area=True)
    elif slide.kind == "indicator":
        body = facts(slide)
    elif slide.kind == "tiltak":
        body = tiltak(slide)
    elif slide.kind == "end":
        body = '<ul class="bms-prompts">' + "".join(
            f"<li>{esc(q)}</li>" for q in slide.prompts) + "</ul>"
    else:
        body = ""
    return f'<div class="bms-slide">{head}{body}</div>'
