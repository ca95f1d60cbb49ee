"""Builds cliquet._cliquet, the cffi extension over include/cliquet.h.

API mode (out of line): the declarations cffi needs are taken from the
header itself at build time, and the extension is compiled against the
same header, so the C compiler checks every prototype, struct layout and
constant the binding uses; nothing is restated by hand.

Where the library is found, first match wins:
  1. CLIQUET_INCLUDE_DIR and CLIQUET_LIB_DIR (environment);
  2. the source tree this package sits in: ../../include and ../../build,
     whose static libcliquet.a is linked into the extension, so the
     installed package does not depend on the build directory;
  3. pkg-config cliquet (an installed library, linked as libcliquet.so.1).

cliquet_random.h (the same calls with the caller's random bytes, installed
beside cliquet.h) is declared too when it is there: the package never calls
it, the tests do, to check known answers (vectors/ecies, vectors/dehydrated)
that need fixed keys.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import cffi

HERE = Path(__file__).resolve().parent
TREE = HERE.parent.parent


def _locate() -> tuple[Path, dict[str, list[str]]]:
    """The directory holding cliquet.h and the link arguments."""
    inc = os.environ.get("CLIQUET_INCLUDE_DIR")
    libdir = os.environ.get("CLIQUET_LIB_DIR")
    if inc and libdir:
        return Path(inc), {"library_dirs": [libdir], "libraries": ["cliquet"],
                           "runtime_library_dirs": [libdir]}
    static = TREE / "build" / "libcliquet.a"
    if (TREE / "include" / "cliquet.h").is_file() and static.is_file():
        return TREE / "include", {"extra_objects": [str(static)],
                                  "libraries": ["sodium", "pthread"]}
    try:
        cflags = subprocess.run(["pkg-config", "--cflags-only-I", "cliquet"], check=True,
                                capture_output=True, text=True).stdout
        libs = subprocess.run(["pkg-config", "--libs", "cliquet"], check=True,
                              capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            "cliquet: cannot find the C library: run `make lib` in the source tree, "
            "install it (pkg-config cliquet), or set CLIQUET_INCLUDE_DIR and "
            "CLIQUET_LIB_DIR") from exc
    dirs = [f[2:] for f in shlex.split(cflags) if f.startswith("-I")]
    include = Path(dirs[0]) if dirs else Path("/usr/include")
    return include, {"extra_link_args": shlex.split(libs)}


def _declarations(headers: list[Path]) -> str:
    """The headers' declarations in the form cffi's cdef reads.

    The headers, one after the other, are run through the C preprocessor
    without their #includes (so cliquet_random.h's own #include "cliquet.h"
    repeats nothing) and without compiler-specific macros (so CLIQUET_API
    and CLIQUET_MUST_CHECK expand to nothing and array sizes become numbers).
    The integer #defines are added back as "#define NAME ...", whose values
    cffi then takes from the compiled headers.
    """
    texts = [h.read_text(encoding="utf-8") for h in headers]
    body = "\n".join(line for text in texts for line in text.splitlines()
                     if not line.startswith("#include"))
    cc = os.environ.get("CC", "cc")
    decls = subprocess.run([cc, "-E", "-P", "-undef", "-x", "c", "-"], input=body,
                           check=True, capture_output=True, text=True).stdout
    defines = [name for text in texts
               for name in re.findall(r"^#define (CLIQUET_[A-Z0-9_]+) +-?[0-9]+\b", text, re.M)]
    return decls + "\n" + "\n".join(f"#define {name} ..." for name in defines) + "\n"


def _builder() -> cffi.FFI:
    include, link = _locate()
    headers = [h for h in ("cliquet.h", "cliquet_random.h") if (include / h).is_file()]
    ffi = cffi.FFI()
    ffi.cdef(_declarations([include / h for h in headers]))
    ffi.set_source("cliquet._cliquet", "".join(f'#include "{h}"\n' for h in headers),
                   include_dirs=[str(include)], **link)  # type: ignore[arg-type]
    return ffi


ffibuilder = _builder()

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
