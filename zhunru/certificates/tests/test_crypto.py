"""SM4-GCM at rest and the HMAC-SM3 blind index (zhunru.core.crypto), and the ZHUNRU_DATA_KEY setting."""

from __future__ import annotations

import pytest

from zhunru import conf
from zhunru.core import crypto

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
OTHER = bytes.fromhex("ffeeddccbbaa99887766554433221100")


def test_round_trip_and_a_fresh_nonce_each_time():
    a = crypto.encrypt("11010119900307803X", context="t.id", key=KEY)
    b = crypto.encrypt("11010119900307803X", context="t.id", key=KEY)
    assert a != b and a.startswith("sm4gcm1:")
    assert "11010119900307803X" not in a
    assert crypto.decrypt(a, context="t.id", key=KEY) == crypto.decrypt(b, context="t.id", key=KEY)
    assert crypto.decrypt(a, context="t.id", key=KEY) == "11010119900307803X"


def test_the_default_key_is_the_setting(settings):
    settings.DATA_KEY = KEY
    stored = crypto.encrypt("13812345678", context="t.phone")
    assert crypto.decrypt(stored, context="t.phone", key=KEY) == "13812345678"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: crypto.decrypt(s, context="t.id", key=OTHER),  # another key
        lambda s: crypto.decrypt(s, context="t.phone", key=KEY),  # moved to another column
        lambda s: crypto.decrypt(s[:-4] + ("AAAA" if s[-4:] != "AAAA" else "BBBB"), context="t.id", key=KEY),
        lambda s: crypto.decrypt("sm4gcm1:!!", context="t.id", key=KEY),
        lambda s: crypto.decrypt("plain", context="t.id", key=KEY),
    ],
)
def test_a_wrong_key_context_or_tampering_fails(spoil):
    stored = crypto.encrypt("110101199003078039", context="t.id", key=KEY)
    with pytest.raises(crypto.DecryptionFailed) as caught:
        spoil(stored)
    assert "110101199003078039" not in str(caught.value)


def test_the_blind_index_is_keyed_stable_and_per_purpose():
    a = crypto.blind_index("110101199003078039", purpose="id", key=KEY)
    assert a == crypto.blind_index("110101199003078039", purpose="id", key=KEY) and len(a) == 64
    assert a != crypto.blind_index("110101199003078039", purpose="id", key=OTHER)
    assert a != crypto.blind_index("110101199003078039", purpose="phone", key=KEY)
    assert a != crypto.blind_index("110101199003078030", purpose="id", key=KEY)


def test_a_key_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        crypto.encrypt("x", context="c", key=b"short")


@pytest.fixture
def env(monkeypatch, tmp_path):
    for key in ("ZHUNRU_DEBUG", "ZHUNRU_SECRET_KEY", "ZHUNRU_AUDIT_KEY", "ZHUNRU_DATA_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZHUNRU_DATA_DIR", str(tmp_path))
    return monkeypatch


def test_demo_mode_generates_and_keeps_the_data_key(env, tmp_path):
    first, second = conf.load(), conf.load()
    assert first.data_key == second.data_key and len(bytes.fromhex(first.data_key)) == 16
    assert (tmp_path / ".zhunru_data_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("value", ["abc", "0" * 31, "0" * 33, "g" * 32, "00112233 4455667788aabbccddeeff"])
def test_a_malformed_data_key_is_named(env, value):
    env.setenv("ZHUNRU_DATA_KEY", value)
    with pytest.raises(conf.ConfigError, match="ZHUNRU_DATA_KEY"):
        conf.load()


def test_production_requires_the_data_key(env):
    env.setenv("ZHUNRU_DEBUG", "0")
    env.setenv("ZHUNRU_SECRET_KEY", "x" * 40)
    env.setenv("ZHUNRU_AUDIT_KEY", "y" * 40)
    with pytest.raises(conf.ConfigError, match="ZHUNRU_DATA_KEY"):
        conf.load()
    env.setenv("ZHUNRU_DATA_KEY", "00112233445566778899AABBCCDDEEFF")
    assert conf.load().data_key == "00112233445566778899aabbccddeeff"
