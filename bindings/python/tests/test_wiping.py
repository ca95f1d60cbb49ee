"""The buffers the 1.1 and 1.2 calls allocate for secret outputs are zero
once their content has been copied out: every buffer the glue makes with
ffi.new during the call is recorded and read back afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import cliquet
from cliquet import EciesChannel, InboundGroupSession, OutboundGroupSession
from cliquet._cliquet import ffi

MODULES = ("_common", "_ecies", "_megolm", "_olm")


class Recorder:
    """ffi, recording every buffer new() makes."""

    def __init__(self) -> None:
        self.made: list[Any] = []

    def new(self, ctype: str, *args: Any) -> Any:
        buf = ffi.new(ctype, *args)
        if ctype.endswith("[]"):
            self.made.append(buf)
        return buf

    def __getattr__(self, name: str) -> Any:
        return getattr(ffi, name)


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    recorder = Recorder()
    for name in MODULES:
        monkeypatch.setattr(getattr(cliquet, name), "ffi", recorder)
    yield recorder
    monkeypatch.undo()


def assert_wiped(monkeypatch: pytest.MonkeyPatch, call: Callable[[], object],
                 secret: bytes) -> None:
    with recording(monkeypatch) as recorder:
        result = call()
    assert recorder.made, "the call allocated no buffer"
    for buf in recorder.made:
        assert bytes(ffi.buffer(buf)) == bytes(ffi.sizeof(buf))
    assert secret in (result if isinstance(result, bytes) else
                      getattr(result, "plaintext", b""))


def test_ecies_plaintexts(monkeypatch: pytest.MonkeyPatch) -> None:
    g, s = EciesChannel(), EciesChannel()
    initial = s.establish_outbound(g.public_key, b"first secret")
    assert_wiped(monkeypatch, lambda: g.establish_inbound(initial), b"first secret")
    message = s.encrypt(b"second secret")
    assert_wiped(monkeypatch, lambda: g.decrypt(message), b"second secret")


def test_megolm_plaintexts(monkeypatch: pytest.MonkeyPatch) -> None:
    out = OutboundGroupSession()
    reader = InboundGroupSession(out.session_key)
    reader.set_replay_detection(True)
    message = out.encrypt(b"room secret")
    assert_wiped(monkeypatch, lambda: reader.decrypt(message), b"room secret")


def test_exports_and_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = InboundGroupSession(OutboundGroupSession().session_key)
    with recording(monkeypatch) as recorder:
        reader.export()
        cliquet.Account().to_dehydrated_device(bytes(32))
    assert len(recorder.made) >= 3  # the export, the ciphertext, the nonce
    for buf in recorder.made:
        assert bytes(ffi.buffer(buf)) == bytes(ffi.sizeof(buf))
