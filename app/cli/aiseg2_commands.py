"""`hems-panel aiseg2-login HOST USER`: save the AiSEG2's login for the mirror (0600)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.sources.aiseg2.login import Aiseg2Login, save_login

PASSWORD_ENV = "HEMS_AISEG2_PASSWORD"  # for scripted installs; otherwise asked


def cmd_aiseg2_login(args: argparse.Namespace) -> int:
    password = os.environ.get(PASSWORD_ENV) or getpass.getpass("AiSEG2 password: ")
    if not password:
        print("hems-panel: no password given; nothing saved", file=sys.stderr)
        return 1
    save_login(args.data_dir, Aiseg2Login(args.host, args.user, password))
    print(f"saved the login for the AiSEG2 at {args.host}; start with --source aiseg2")
    return 0
