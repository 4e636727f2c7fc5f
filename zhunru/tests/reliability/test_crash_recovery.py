"""`kill -9` of the server in the middle of catalog imports and decisions, five times over: every write
the server acknowledged (HTTP 2xx) is there afterwards, every write cut off is there entirely or not at
all, `PRAGMA integrity_check` is ok and the audit chain verifies (`zhunru audit verify`).

The server is gunicorn (zhunru.wsgi, a threaded worker) on a copy of the test database in a temporary data
directory, driven over HTTP with an API token by two clients at once: one deciding applications, one
importing catalog files. The whole process group is killed with SIGKILL once both have been answered.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from zhunru.access.tests.states import ready_to_decide
from zhunru.accounts import services as account_services
from zhunru.core import audit
from zhunru.tests.reliability.conftest import copy_database, opening, process_env, serving, zhunru

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5
DECISIONS = 6  # applications ready to decide, per round (more than a round gets to)
IMPORT_ROWS = 40
HEADER = "code,name,list,kind,department,field,basis,description,valid_from,valid_to,scope\n"


@dataclass
class Client:
    url: str
    token: str
    acked: list[Any] = field(default_factory=list)  # answered 2xx
    cut_off: list[Any] = field(default_factory=list)  # sent, never answered
    refused: list[tuple[Any, int, str]] = field(default_factory=list)  # answered, not 2xx

    def send(self, key: Any, path: str, body: bytes, content_type: str) -> bool:
        """POST; False once the server is gone."""
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                answer.read()
                self.acked.append(key)
                return True
        except urllib.error.HTTPError as exc:
            self.refused.append((key, exc.code, exc.read().decode(errors="replace")[:300]))
            return True
        except (urllib.error.URLError, ConnectionError, OSError):
            self.cut_off.append(key)
            return False


def decide_all(client: Client, app_ids: list[int], stop: threading.Event) -> None:
    for pk in app_ids:
        if stop.is_set():
            return
        body = json.dumps({"outcome": "approved"}).encode()
        if not client.send(pk, f"/api/v1/applications/{pk}/decide", body, "application/json"):
            return


def import_codes(round_no: int, batch: int) -> list[str]:
    return [f"KILL{round_no}-{batch:03d}-{i:03d}" for i in range(IMPORT_ROWS)]


def import_forever(client: Client, round_no: int, stop: threading.Event) -> None:
    batch = 0
    while not stop.is_set():
        codes = import_codes(round_no, batch)
        rows = "".join(f"{c},断电测试事项{c},duty,task,,综治,《测试依据》,测试用事项,,,\n" for c in codes)
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="kill{round_no}.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n{HEADER}{rows}\r\n--{boundary}--\r\n"
        ).encode()
        if not client.send(
            tuple(codes), "/api/v1/catalog/import", body, f"multipart/form-data; boundary={boundary}"
        ):
            return
        batch += 1


def wait_for(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def check(db: Path, deciding: Client, importing: Client, app_ids: list[int]) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

        def decided(pk: int) -> tuple[bool, bool, bool, bool]:
            status = conn.execute("SELECT status FROM access_accessapplication WHERE id=?", (pk,)).fetchone()[
                0
            ]
            decision = conn.execute("SELECT id FROM access_decision WHERE application_id=?", (pk,)).fetchone()
            change = conn.execute(
                "SELECT COUNT(*) FROM access_statuschange WHERE application_id=? AND transition='decide'",
                (pk,),
            ).fetchone()[0]
            issued = (
                decision is not None
                and conn.execute(
                    "SELECT COUNT(*) FROM core_auditevent WHERE event_type='decision.issue' AND object_id=?",
                    (str(decision[0]),),
                ).fetchone()[0]
            )
            return status == "approved", decision is not None, change == 1, issued == 1

        for pk in deciding.acked:
            assert decided(pk) == (True, True, True, True), f"acknowledged decision of #{pk} lost"
        for pk in app_ids:  # decided entirely or not at all, whatever happened to the request
            assert len(set(decided(pk))) == 1, f"application #{pk} half decided: {decided(pk)}"

        def present(codes: tuple[str, ...]) -> int:
            marks = ",".join("?" * len(codes))
            return conn.execute(
                f"SELECT COUNT(*) FROM catalog_matter WHERE code IN ({marks})", codes
            ).fetchone()[0]

        for codes in importing.acked:
            assert present(codes) == IMPORT_ROWS, f"acknowledged import {codes[0]}… lost"
        for codes in importing.cut_off:
            assert present(codes) in (0, IMPORT_ROWS), f"import {codes[0]}… half written"


def test_kill_9_during_imports_and_decisions_loses_no_acknowledged_write(people, tmp_path):
    apps = [ready_to_decide(people).pk for _ in range(ROUNDS * DECISIONS)]
    _token, token = account_services.api_token_create(actor=people.office, name="断电测试")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = copy_database(data_dir / "zhunru.sqlite3")
    env = process_env(data_dir)
    log = tmp_path / "gunicorn.log"
    rng = random.Random(20260302)
    acknowledged = {"decisions": 0, "imports": 0}
    cut_off = {"decisions": 0, "imports": 0}

    with serving(env, log) as server:
        for round_no in range(ROUNDS):
            last = round_no == ROUNDS - 1
            round_apps = apps[round_no * DECISIONS : (round_no + 1) * DECISIONS]
            deciding, importing = Client(server.url, token), Client(server.url, token)
            stop = threading.Event()
            threads = [
                threading.Thread(target=decide_all, args=(deciding, round_apps, stop)),
                threading.Thread(target=import_forever, args=(importing, round_no, stop)),
            ]
            for thread in threads:
                thread.start()
            wait_for(lambda: deciding.acked and importing.acked, timeout=60)  # noqa: B023
            time.sleep(rng.uniform(0.0, 0.15))
            # SIGKILL mid-flight: the worker holding the database (the master forks a new one), and
            # in the last round the whole server
            killed = server.kill() if last else server.kill_worker()
            stop.set()
            for thread in threads:
                thread.join(timeout=180)
            assert deciding.acked and importing.acked, (deciding, importing, log.read_text()[-2000:])
            assert not deciding.refused and not importing.refused, (deciding.refused, importing.refused)
            check(db, deciding, importing, round_apps)
            with opening(db) as file_db:
                assert file_db.run(audit.verify).ok
            acknowledged["decisions"] += len(deciding.acked)
            acknowledged["imports"] += len(importing.acked)
            cut_off["decisions"] += len(deciding.cut_off)
            cut_off["imports"] += len(importing.cut_off)
            if not last:
                server.wait_ready(not_worker=killed)  # restarted: the next round writes through it

    # the kills did land mid-flight: requests of both kinds were sent and never answered
    assert cut_off["decisions"] and cut_off["imports"] and sum(cut_off.values()) >= ROUNDS, cut_off
    # a fresh process on the database the server left behind
    verified = zhunru(env, "audit", "verify", "--skip-checks")
    assert "审计链完整" in verified.stdout
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        decided = conn.execute("SELECT COUNT(*) FROM access_decision").fetchone()[0]
        seqs = [row[0] for row in conn.execute("SELECT seq FROM access_decision ORDER BY seq")]
    assert decided >= acknowledged["decisions"] > 0 and acknowledged["imports"] > 0
    assert seqs == list(range(1, decided + 1))  # decision numbers stay gapless across the crashes
