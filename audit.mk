# The audit pack (docs/spec-map.md, docs/security-target.md): checks a
# machine can make. Included from the Makefile.
#
#   make spec-check   docs/spec-map.md against the spec markers in the code
#   make lint         cppcheck, clang-tidy, gcc -fanalyzer, scan-build
#   make coverage     line and branch coverage of lib/ under make test

.PHONY: spec-check lint lint-run coverage coverage-run

# SPEC_DIRS: the folders whose markers must all be in the map (lib/api holds
# none: the protocol text is implemented below it).
SPEC_DIRS     ?= lib/core lib/crypto lib/olm lib/megolm lib/pk lib/sas lib/pickle test

spec-check:
	@SPEC_DIRS="$(SPEC_DIRS)" python3 test/spec_check.py

# make lint: the four analysers of test/lint.sh over LINT_DIRS (default: all
# of lib/ and the libolm drop-in's C sources); reports in $(BUILD)/lint/.
LINT_DIRS     ?= lib/core lib/crypto lib/olm lib/megolm lib/pk lib/sas lib/pickle lib/ecies lib/api \
                 bindings/libolm/src
LINT_PKGS     := cppcheck clang-tidy clang-tools gcc

lint:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) $(LINT_PKGS)"
	@$(MAKE) --no-print-directory lint-run

lint-run:
	@LINT_DIRS="$(LINT_DIRS)" BUILD="$(BUILD)" sh test/lint.sh

# make coverage: the whole suite built with gcov instrumentation at -O0 in
# build/coverage, then lcov and genhtml (test/coverage.sh). The floor is in
# test/coverage-floor; the report in build/coverage/coverage/html/.
COV_BUILD     := build/coverage
COV_PKGS      := lcov

coverage:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) $(COV_PKGS)"
	@$(MAKE) --no-print-directory coverage-run

coverage-run:
	@$(MAKE) --no-print-directory BUILD=$(COV_BUILD) OPT=-O0 CFLAGS=--coverage SANITIZE= \
	    lib $(TEST_BIN:$(BUILD)/%=$(COV_BUILD)/%) $(SHIM_TESTS:$(BUILD)/%=$(COV_BUILD)/%) >/dev/null
	@sh test/coverage.sh $(COV_BUILD) $(TEST_BIN:$(BUILD)/%=$(COV_BUILD)/%) \
	    $(SHIM_TESTS:$(BUILD)/%=$(COV_BUILD)/%)
