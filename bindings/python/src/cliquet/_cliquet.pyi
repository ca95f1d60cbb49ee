# The compiled cffi module (build_ffi.py) over cliquet.h and, when it is
# installed, cliquet_random.h (which only the tests call). Its ffi and lib
# objects are typed dynamically; the modules that use them give every value
# a type, and the public API (__init__.py) is typed in full.
from typing import Any

ffi: Any
lib: Any
