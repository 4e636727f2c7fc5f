"""The `zhunru` console script: Django's manage.py for the installed package."""

from __future__ import annotations

import os
import sys

# Commands spelt with a hyphen on the command line (Django command modules cannot contain one).
ALIASES = {"seed-scale": "seed_scale"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
    from django.core.management import execute_from_command_line

    args = list(argv if argv is not None else sys.argv)
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
