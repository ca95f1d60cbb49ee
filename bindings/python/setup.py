"""setuptools needs this file only to hand the cffi build to cffi
(cffi_modules); every other setting lives in pyproject.toml."""

from setuptools import setup

setup(cffi_modules=["build_ffi.py:ffibuilder"])
