"""What every object shares: the C pointer's lifetime, the lock that keeps
one thread in an object at a time, and the conversions between Python
values and C buffers (with the wiping of every output buffer)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, Union

from ._cliquet import ffi, lib
from ._errors import check, error_for

# cliquet_init() is idempotent and thread-safe: run it once at import, so
# no call can meet CLIQUET_ERR_NOT_INITIALISED.
check(lib.cliquet_init())

BytesLike = Union[bytes, bytearray, memoryview]
"""Binary input. Secrets passed as a bytearray can be wiped by the caller
afterwards: the C call reads them in place, without a copy."""

# A C pointer as cffi gives it, and a cliquet_status as a C call returns it
# (an int): Any, because cffi's objects are untyped.
CData = Any
Status = Any

_T = TypeVar("_T", bound="CObject")


class CObject:
    """The owner of one C object. close() (or leaving a ``with`` block)
    wipes and frees it at once; the garbage collector does the same for an
    object never closed. Any use after close() raises ValueError."""

    _free: Callable[[CData], None]
    _ptr: CData | None
    _lock: threading.Lock

    def _adopt(self, ptr: CData) -> None:
        self._lock = threading.Lock()
        self._ptr = ffi.gc(ptr, type(self)._free)

    @classmethod
    def _wrap(cls: type[_T], ptr: CData) -> _T:
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    @contextmanager
    def _use(self) -> Iterator[CData]:
        # cffi drops the GIL during C calls: the lock keeps a second thread
        # (or close()) out of a C object while a call runs on it.
        with self._lock:
            if self._ptr is None:
                raise ValueError(f"{type(self).__name__} is closed")
            yield self._ptr

    def close(self) -> None:
        """Wipes and frees the C object now. Closing twice does nothing."""
        with self._lock:
            if self._ptr is not None:
                ffi.release(self._ptr)
                self._ptr = None

    @property
    def closed(self) -> bool:
        return self._ptr is None

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def use_two(a: CObject, b: CObject) -> Iterator[tuple[CData, CData]]:
    """Both objects' C pointers, each under its lock. The locks are taken
    in one global order (by id), so that a.merge(b) in one thread and
    b.merge(a) in another cannot deadlock; an object given twice is locked
    once (its lock is not re-entrant)."""
    if a is b:
        with a._use() as p:
            yield p, p
        return
    first, second = (a, b) if id(a) < id(b) else (b, a)
    with first._use() as p1, second._use() as p2:
        yield (p1, p2) if first is a else (p2, p1)


def make(ctype: str, call: Callable[[CData], Status]) -> CData:
    """Runs a constructor taking ``ctype **out``; the new object's pointer."""
    out = ffi.new(f"{ctype} **")
    check(call(out))
    return out[0]


def text_in(value: str, what: str) -> bytes:
    """A text input (base64 keys, messages, pickles) as the bytes C reads.
    Anything that is not ASCII base64 is left to C to refuse."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value.encode("utf-8", "surrogatepass")


def optional_text_in(value: str | None, what: str) -> tuple[CData, int]:
    """An optional text input: (NULL, 0) for None."""
    if value is None:
        return ffi.NULL, 0
    raw = text_in(value, what)
    return raw, len(raw)


def data_in(value: BytesLike | str, what: str) -> tuple[CData, int]:
    """A binary input (plaintexts, messages to sign, info strings): str is
    taken as UTF-8. Buffers are read in place."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes or str, not {type(value).__name__}")
    return _buffer(value)


def _buffer(value: BytesLike) -> tuple[CData, int]:
    """A bytes-like value in place, with its length in bytes (a memoryview's
    len() counts items, which may be wider than a byte)."""
    n = value.nbytes if isinstance(value, memoryview) else len(value)
    return ffi.from_buffer("uint8_t[]", value), n


def key_in(value: BytesLike, what: str) -> tuple[CData, int]:
    """A binary key (pickle keys): bytes-like only, read in place."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes, not {type(value).__name__}")
    return _buffer(value)


def fixed_in(value: BytesLike, size: int, what: str) -> CData:
    """A fixed-size binary input (a seed, a private key). C reads exactly
    size bytes with no length to check, so the length is checked here and
    refused with the status C gives a key of the wrong size."""
    buf, n = key_in(value, what)
    if n != size:
        raise error_for(lib.CLIQUET_ERR_BAD_KEY_LENGTH)
    return buf


def wipe(buf: CData) -> None:
    """Zeroes a buffer this module allocated."""
    n = ffi.sizeof(buf)
    ffi.memmove(buf, bytes(n), n)


def take_text(buf: CData, n: int | None = None) -> str:
    """The text in buf (its first n characters, or up to the NUL), then
    wipes buf."""
    raw: bytes = ffi.unpack(buf, n) if n is not None else ffi.string(buf)
    wipe(buf)
    return raw.decode("ascii")


def take_bytes(buf: CData, n: int) -> bytes:
    """The first n bytes of buf, then wipes buf."""
    raw = bytes(ffi.buffer(buf, n))
    wipe(buf)
    return raw


def sized(ctype: str, call: Callable[[CData, int, CData], Status]) -> tuple[CData, int]:
    """A variable-size output under the size rule: asks the size with
    (NULL, 0), then writes. call(out, cap, out_len) runs the C function."""
    need = ffi.new("size_t *")
    status = call(ffi.NULL, 0, need)
    if status != lib.CLIQUET_ERR_OUTPUT_TOO_SMALL:
        check(status)
    cap = int(need[0])
    buf = ffi.new(f"{ctype}[]", max(cap, 1))
    check(call(buf, cap, need))
    return buf, int(need[0])


def sized_text(call: Callable[[CData, int, CData], Status]) -> str:
    buf, n = sized("char", call)
    return take_text(buf, n)


PickleFn = Callable[[CData, CData, int, CData, CData, int], Status]
UnpickleFn = Callable[[CData, CData, int, bytes, int], Status]


def pickle_with(fn: PickleFn, obj: CObject, key: BytesLike) -> str:
    """obj's state as a pickle made by fn (one of the *_pickle calls)."""
    k, klen = key_in(key, "key")
    with obj._use() as p:
        return sized_text(lambda out, cap, need: fn(p, out, cap, need, k, klen))


def unpickle_with(fn: UnpickleFn, ctype: str, pickle: str, key: BytesLike) -> CData:
    """A new C object from a pickle through fn (one of the *_unpickle calls)."""
    k, klen = key_in(key, "key")
    raw = text_in(pickle, "pickle")
    return make(ctype, lambda out: fn(out, k, klen, raw, len(raw)))
