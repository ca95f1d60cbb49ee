# The compiled cffi module (build_ffi.py). Its ffi and lib objects are
# typed dynamically; the modules that use them give every value a type.
from typing import Any

ffi: Any
lib: Any
