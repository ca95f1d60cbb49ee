# The audit pack (docs/spec-map.md, docs/security-target.md): checks a
# machine can make. Included from the Makefile.
#
#   make spec-check   docs/spec-map.md against the spec markers in the code
#   make lint         cppcheck, clang-tidy, gcc -fanalyzer, scan-build
#   make coverage     line and branch coverage of lib/ under make test

.PHONY: spec-check

# SPEC_DIRS: the folders whose markers must all be in the map (lib/api and
# include/ are left out while the public ABI is rewritten).
SPEC_DIRS     ?= lib/core lib/crypto lib/olm lib/megolm lib/pk lib/sas lib/pickle test

spec-check:
	@SPEC_DIRS="$(SPEC_DIRS)" python3 test/spec_check.py
