"""Session configs: which Olm and Megolm message format a session speaks
(include/cliquet.h, "Session configs"; docs/session-config.md)."""

from __future__ import annotations

import enum

from ._common import CData


class SessionConfig(enum.Enum):
    """vodozemac's ``olm::SessionConfig`` and ``megolm::SessionConfig``.

    ``V1`` is the format every libolm and vodozemac client speaks, and the
    default. ``V2`` keeps the whole 32-byte MAC: EXPERIMENTAL, read only by
    peers known to speak it (vodozemac built with its
    experimental-session-config feature). Both ends must choose the same:
    a session refuses the other config's messages with BadMessageError
    ``CLIQUET_ERR_BAD_MESSAGE_VERSION`` and is left unchanged. Native
    pickles keep the config; libolm's pickle format refuses a V2 session
    (BadPickleError ``CLIQUET_ERR_PICKLE_LOSSY``)."""

    # The values are the C enum's (a test checks they agree).
    V1 = 1
    V2 = 2


def config_in(config: SessionConfig) -> int:
    """The C value of a config argument. Only SessionConfig members: an int
    is not taken for one (TypeError), as a wrong type is Python's mistake."""
    if not isinstance(config, SessionConfig):
        raise TypeError(f"config must be SessionConfig, not {type(config).__name__}")
    return config.value


def config_out(value: CData) -> SessionConfig:
    """The SessionConfig of a cliquet_session_config a getter wrote."""
    return SessionConfig(int(value))
