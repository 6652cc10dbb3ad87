"""The Swedish page for an address that does not exist."""

import dash

from dashboard.components import not_found

dash.register_page(__name__, path="/404", title="Sidan finns inte – Läget i länet")


def layout(**_: str):
    return not_found(
        "Sidan finns inte", "Adressen leder inte till någon sida i Läget i länet. Kontrollera länken eller gå till översikten."
    )
