"""`python -m dashboard users …`: the workspace's accounts from the command line (there is no default account).

users add NAME --role analytiker|administratör [--region 23 …]   asks for the password (or reads it from stdin)
users list | users disable NAME | users passwd NAME
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.settings import Settings
from dashboard.workspace import accounts
from dashboard.workspace.store import Workspace, workspace_url


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Lösenord: ")
    if first != getpass.getpass("Lösenord igen: "):
        raise accounts.AccountError("Lösenorden är inte lika.")
    return first


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard users", description="Användare i arbetsytan")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="lägg till en användare")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    add.add_argument("--region", action="append", default=[], help="regionkod, kan upprepas")
    sub.add_parser("list", help="lista användarna")
    for name, text in (("disable", "stäng av en användare"), ("passwd", "byt lösenord")):
        sub.add_parser(name, help=text).add_argument("name")
    args = parser.parse_args(argv)
    ws = Workspace(workspace_url(Settings.from_env().db_path))
    ws.migrate()
    try:
        if args.command == "add":
            account = accounts.add_user(ws, args.name, _password(), args.role, args.region)
            print(f"Användaren {account.name} ({account.role}, region {', '.join(account.regions) or 'alla'}) är skapad.")
        elif args.command == "list":
            for a in accounts.list_users(ws):
                state = "aktiv" if a.active else "avstängd"
                print(f"{a.name}\t{a.role}\t{','.join(a.regions) or 'alla'}\t{state}")
        elif args.command == "disable":
            accounts.disable_user(ws, args.name)
            print(f"Användaren {args.name} är avstängd och utloggad.")
        else:
            accounts.set_password(ws, args.name, _password())
            print(f"Lösenordet för {args.name} är bytt; tidigare inloggningar är avslutade.")
    except accounts.AccountError as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0
