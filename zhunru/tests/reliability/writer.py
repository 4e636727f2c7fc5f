"""One writer process of test_concurrent_writes: `python -m zhunru.tests.reliability.writer KEY N`.

Sets Django up on the database of DATABASE_URL, prints "ready", waits for a line on stdin (so that all
writers start together), then takes N numbers from the counter KEY with `core.numbering.next_number`, each
in its own transaction, and prints one JSON line: the numbers it got and every error (none retried).
"""

from __future__ import annotations

import json
import sys


def main(key: str, n: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction

    from zhunru.core.numbering import next_number

    connection.ensure_connection()
    print("ready", flush=True)
    sys.stdin.readline()
    numbers: list[int] = []
    errors: list[str] = []
    for _ in range(n):
        try:
            with transaction.atomic():
                numbers.append(next_number(key))
        except Exception as exc:  # a "database is locked" would land here: counted, not retried
            errors.append(f"{type(exc).__name__}: {exc}")
    connection.close()
    print(json.dumps({"numbers": numbers, "errors": errors}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
