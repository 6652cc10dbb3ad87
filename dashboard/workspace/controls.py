"""The edit controls on the reading pages: shown only to a logged-in user who may edit the region."""

from __future__ import annotations

from dash import html

from dashboard.components import href
from dashboard.fulfilment import TargetResult
from dashboard.workspace.accounts import Account
from dashboard.workspace.web import current_account


def editor_for(region_code: str) -> Account | None:
    """The logged-in user when they may edit this region, else None (a reader sees no controls)."""
    account = current_account()
    return account if account is not None and account.may_edit(region_code) else None


def judgement_controls(r: TargetResult, year: int, back: str) -> html.Div:
    """ "Redigera" (record or change the judgement for this target and year) and its history."""
    edit = href("/redigera/bedomning", mal=r.goal_key, pos=r.position, ar=year, tillbaka=back)
    links = [html.A("Redigera", href=edit, className="edit-link", **{"aria-label": f"Redigera bedömningen för {r.label} {year}"})]
    if r.recorded is not None and r.recorded.record_id:
        history = href("/historik", typ="bedomning", id=r.recorded.record_id, tillbaka=back)
        links += [" · ", html.A("Historik", href=history, **{"aria-label": f"Historik för bedömningen av {r.label} {year}"})]
    return html.Div(links, className="edit-controls small")


def target_controls(r: TargetResult, back: str) -> html.Div:
    """ "Redigera målvärde" for this target and, once edited in the workspace, its history."""
    edit = href("/redigera/mal", mal=r.goal_key, pos=r.position, tillbaka=back)
    links = [html.A("Redigera målvärde", href=edit, className="edit-link", **{"aria-label": f"Redigera målvärdet för {r.label}"})]
    if r.target_record_id:
        history = href("/historik", typ="malvarde", id=r.target_record_id, tillbaka=back)
        links += [" · ", html.A("Historik", href=history, **{"aria-label": f"Historik för målvärdet för {r.label}"})]
    return html.Div(links, className="edit-controls small")


def comment_controls(record_id: str | None, label: str, back: str) -> list:
    if not record_id:
        return []
    return [
        " ",
        html.A(
            "Redigera",
            href=href("/redigera/kommentar", id=record_id, tillbaka=back),
            className="small",
            **{"aria-label": f"Redigera kommentaren om {label}"},
        ),
        " · ",
        html.A(
            "Historik",
            href=href("/historik", typ="kommentar", id=record_id, tillbaka=back),
            className="small",
            **{"aria-label": f"Historik för kommentaren om {label}"},
        ),
    ]


def new_comment_link(r: TargetResult, period: str, back: str) -> html.Div:
    target = href("/redigera/kommentar", indikator=r.indicator_id, omrade=r.area_code, period=period, tillbaka=back)
    return html.Div(
        html.A("Ny kommentar", href=target, **{"aria-label": f"Ny kommentar om {r.label}"}), className="edit-controls small"
    )


def signed_in_note(account: Account, differing: int) -> html.Div:
    parts = [f"Inloggad som {account.name} ({account.role}). ", html.A("Logga ut", href=href("/logga-ut")), "."]
    if differing:
        parts.append(f" Arbetsytan och målfilerna skiljer sig åt för {differing} bedömningar i målsetet; arbetsytan gäller.")
    return html.Div(parts, className="alert alert-info small", role="status")
