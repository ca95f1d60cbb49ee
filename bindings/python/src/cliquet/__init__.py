"""cliquet: Olm and Megolm end-to-end encryption for Matrix.

A binding of the cliquet C library (include/cliquet.h). Objects own a C
object: close() them, or use them in a ``with`` block, to wipe and free it
at once. Errors are CliquetError subclasses carrying the C status name and
code. See README.md.
"""

from ._common import BytesLike
from ._config import SessionConfig
from ._ecies import EciesChannel
from ._errors import (ArgumentError, BadKeyError, BadMessageError, BadPickleError,
                      BadSignatureError, CliquetError, LibraryError, StateError)
from ._megolm import (InboundGroupSession, MegolmDecryptResult, OutboundGroupSession,
                      ReplayDetection, ReplayVerdict, SessionOrdering)
from ._olm import (Account, DehydratedDevice, IdentityKeys, OlmDecryptResult, OlmMessage,
                   Session)
from ._pk import PkDecryption, PkEncryption, PkMessage, PkSigning
from ._sas import Sas
from ._util import (aes_implementation, base64_decode, base64_encode, ed25519_verify,
                    sha256, version)

__version__ = version()

__all__ = [
    "Account", "ArgumentError", "BadKeyError", "BadMessageError", "BadPickleError",
    "BadSignatureError", "BytesLike", "CliquetError", "DehydratedDevice", "EciesChannel",
    "IdentityKeys", "InboundGroupSession", "LibraryError", "MegolmDecryptResult",
    "OlmDecryptResult", "OlmMessage", "OutboundGroupSession", "PkDecryption", "PkEncryption",
    "PkMessage", "PkSigning", "ReplayDetection", "ReplayVerdict", "Sas", "Session",
    "SessionConfig", "SessionOrdering", "StateError", "aes_implementation", "base64_decode",
    "base64_encode", "ed25519_verify", "sha256", "version",
]
