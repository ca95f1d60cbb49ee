# cliquet: GNU make only.
#
#   make                 libcliquet.a and libcliquet.so.$(SOVERSION) in build/
#   make test            every test suite (installs missing Debian packages first)
#   make test SANITIZE=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make test TSAN=1     the tests that use threads under ThreadSanitizer (tsan.mk)
#   make test ARCH=arm64 cross-built (arm64, armhf, s390x), run under qemu-user (arch.mk)
#   make ct              the constant-time check under valgrind
#   make memcheck        every test program under valgrind's memcheck (leaks, invalid accesses);
#                        make test VALGRIND=1 is the same
#   make fuzz            every libFuzzer harness for FUZZ_SECONDS (20) each (fuzz/run.sh)
#   make fuzz-coverage   line coverage of lib/ reached by the fuzz corpora (llvm-cov)
#   make bench           cliquet vs libolm vs the primitive floor (bench/; not a test)
#   make bench-chart     docs/performance.png from the last bench run's results
#   make demo            the multi-device room demo
#   make vectors         regenerate every generated vector file
#   make spec-check / lint / coverage   the audit pack (audit.mk)
#   make install / uninstall   honour PREFIX and DESTDIR
#   make deps            install the Debian packages the build and tests need
#   make deb / deb-test  Debian packages / their installed test (packaging/packaging.mk)
#   make dist            source tarball of HEAD and SHA256SUMS in build/dist

# The version lives in one place, include/cliquet.h; the SONAME follows its
# major number (docs/abi.md).
VERSION       := $(shell sed -n 's/^\#define CLIQUET_VERSION_STRING "\(.*\)"$$/\1/p' include/cliquet.h)
SOVERSION     := $(firstword $(subst ., ,$(VERSION)))

# For scripts (debian/update-abi, debian/rules): make -s print-VERSION.
print-%:
	@echo '$($*)'
PREFIX        ?= /usr/local
LIBDIR        ?= $(PREFIX)/lib
INCLUDEDIR    ?= $(PREFIX)/include
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig

include arch.mk

CC            ?= cc
OPT           ?= -O2
WARNINGS      := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
                 -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wcast-qual \
                 -Wformat=2 -Werror
SODIUM_CFLAGS := $(shell pkg-config --cflags libsodium 2>/dev/null)
SODIUM_LIBS   := $(shell pkg-config --libs libsodium 2>/dev/null || echo -lsodium)
BASE_CFLAGS   := -std=c11 $(OPT) -g $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude -iquote lib $(SODIUM_CFLAGS)

ifeq ($(SANITIZE),1)
BUILD         ?= build/sanitize
SAN_FLAGS     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD         ?= build
SAN_FLAGS     :=
endif
include tsan.mk

LIB_CFLAGS    := $(BASE_CFLAGS) $(SAN_FLAGS) -fPIC -fvisibility=hidden $(CFLAGS)
LIB_SRC       := $(sort $(wildcard lib/*/*.c))
LIB_OBJ       := $(LIB_SRC:%.c=$(BUILD)/%.o)
# The public headers: cliquet.h for applications, cliquet_random.h and
# cliquet_libolm.h for tests, vector generators and the libolm drop-in.
PUBLIC_HDR    := include/cliquet.h include/cliquet_random.h include/cliquet_libolm.h
LIB_HDR       := $(PUBLIC_HDR) $(wildcard lib/*/*.h)

STATIC_LIB    := $(BUILD)/libcliquet.a
SHARED_REAL   := $(BUILD)/libcliquet.so.$(VERSION)
SHARED_SONAME := libcliquet.so.$(SOVERSION)
SHARED_LIB    := $(BUILD)/$(SHARED_SONAME)

# Tests: one cmocka program per test/test_*.c. Test-only libraries (OpenSSL
# as the AES oracle, libolm as the reference peer) are linked into tests only.
TEST_CFLAGS   := -std=c11 -O1 -g -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Iinclude -iquote lib -Itest \
                 $(SODIUM_CFLAGS) $(SAN_FLAGS) $(CFLAGS)
TEST_LIBS     := $(SODIUM_LIBS) -lcmocka -lcrypto -lolm -lpthread -lm
TEST_SRC      := $(sort $(wildcard test/test_*.c))
TEST_BIN      := $(TEST_SRC:test/%.c=$(BUILD)/test/%)
TEST_HELPERS  := $(wildcard test/helpers/*.c)
# examples/: run by make test as well.
EXAMPLE_SRC   := $(sort $(wildcard examples/*.c))
EXAMPLE_BIN   := $(EXAMPLE_SRC:examples/%.c=$(BUILD)/examples/%)

DEPS_PKGS     := build-essential pkg-config libsodium-dev libcmocka-dev \
                 libolm-dev libssl-dev clang valgrind python3 python3-olm

.PHONY: all lib test check-run ct ct-run demo demo-run vectors install uninstall deps clean
.PHONY: fuzz fuzz-coverage
.PHONY: memcheck memcheck-run
.PHONY: bench bench-run bench-chart

all: lib

# bindings/libolm: libolm.so.3 (libolm 3.2's ABI over cliquet) and its tests.
include bindings/libolm/libolm.mk
include cmake/cmake.mk
include packaging/packaging.mk
include hostile.mk

# Language bindings: each bindings/<language>/binding.mk adds its Debian
# packages to DEPS_PKGS and the name of the target that builds and tests it
# to BINDING_CHECKS; make test runs those after the C suites (not in the
# sanitizer build, whose library needs the sanitizer runtimes).
BINDING_CHECKS :=
include $(sort $(wildcard bindings/*/binding.mk))

include audit.mk

# proofs/: `make prove`, Frama-C EVA drivers and WP on lib/core.
include proofs/proofs.mk

lib: $(STATIC_LIB) $(SHARED_LIB) $(SHIM_LIB)

$(BUILD)/%.o: %.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(STATIC_LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED_REAL): $(LIB_OBJ) lib/cliquet.map
	$(CC) $(LIB_CFLAGS) -shared -Wl,-soname,$(SHARED_SONAME) \
	    -Wl,--version-script=lib/cliquet.map -Wl,-z,relro,-z,now,-z,noexecstack \
	    -o $@ $(LIB_OBJ) $(SODIUM_LIBS) -lpthread

$(SHARED_LIB): $(SHARED_REAL)
	ln -sf libcliquet.so.$(VERSION) $@
	ln -sf $(SHARED_SONAME) $(BUILD)/libcliquet.so

$(BUILD)/test/%: test/%.c $(STATIC_LIB) $(TEST_HELPERS) $(wildcard test/helpers/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(TEST_HELPERS) $(STATIC_LIB) $(TEST_LIBS)

# make test: dependencies first (a separate make, so pkg-config sees them).
# make test VALGRIND=1 is make memcheck.
ifeq ($(VALGRIND),1)
TEST_RUN_TARGET := memcheck-run
else
TEST_RUN_TARGET := check-run
endif

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory $(TEST_RUN_TARGET)

check-run: lib $(TEST_BIN) $(SHIM_TESTS) $(EXAMPLE_BIN)
	@sh test/check_readme.sh $(BUILD) $(SANITIZE)
	@sh test/check_must_check.sh
	@for e in $(EXAMPLE_BIN); do $${TEST_RUNNER:-} $$e > /dev/null || { echo "examples: $$e failed"; exit 1; }; done
	@echo "examples: $(notdir $(EXAMPLE_BIN)) run to the end"
	@SOVERSION=$(SOVERSION) sh test/check_install.sh $(BUILD) $(SANITIZE)
	@sh test/run.sh $(TEST_BIN) $(SHIM_TESTS)
ifeq ($(SANITIZE)$(ARCH),)
	@for t in $(BINDING_CHECKS); do $(MAKE) --no-print-directory $$t || exit 1; done
else ifneq ($(ARCH),)
	$(if $(BINDING_CHECKS),@echo "bindings: not run with ARCH=$(ARCH) (native toolchains): $(BINDING_CHECKS)")
endif

ct:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory ct-run

ct-run:
	@sh test/ct/run.sh

# make memcheck: every test program under valgrind; a definite or indirect
# leak, an invalid read or write, or a use of uninitialised memory fails its
# program (exit status 1, counted by test/run.sh). Not with SANITIZE=1:
# valgrind cannot run ASan binaries. CLIQUET_TEST_SCALE shrinks the long
# interop conversations for valgrind's speed (here only, never in make test).
MEMCHECK      := valgrind --quiet --error-exitcode=1 --leak-check=full \
                 --errors-for-leak-kinds=definite,indirect
MEMCHECK_SCALE ?= 10

memcheck:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory memcheck-run

# The shim's cmocka program too; its interop script drives Python and
# Debian's libolm, which are not ours to check.
memcheck-run: lib $(TEST_BIN) $(SHIM_DIR)/test/shim_test
	@CLIQUET_TEST_SCALE=$(MEMCHECK_SCALE) TEST_RUNNER="$(MEMCHECK)" sh test/run.sh \
	    $(TEST_BIN) $(SHIM_DIR)/test/shim_test

# make fuzz: clang's libFuzzer runtime (libclang-rt-dev) on top of the usual
# packages; fuzz/run.sh builds into build/fuzz and runs every harness.
FUZZ_SECONDS  ?= 20

fuzz:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) libclang-rt-dev"
	@sh fuzz/run.sh $(FUZZ_SECONDS)

fuzz-coverage:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) libclang-rt-dev llvm"
	@sh fuzz/coverage.sh

# make bench: one program linking libcliquet.a and Debian's libolm; results
# also go to $(BUILD)/benchmark/results.tsv for bench/chart.py. malloc and
# friends are wrapped so the bench can count heap bytes per object.
BENCH_SRC     := $(sort $(wildcard bench/*.c))
BENCH_WRAP    := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory bench-run

bench-run: $(BUILD)/benchmark/bench
	@$(BUILD)/benchmark/bench --out $(BUILD)/benchmark/results.tsv $(BENCH_ARGS)

$(BUILD)/benchmark/bench: $(BENCH_SRC) bench/bench.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Iinclude -iquote lib \
	    $(SODIUM_CFLAGS) -o $@ $(BENCH_SRC) $(STATIC_LIB) $(SODIUM_LIBS) -lolm -lpthread $(BENCH_WRAP)

# The chart needs matplotlib: installed here only, not by make deps. Debian's
# own python3, which sees Debian's python3-matplotlib (a python3 earlier on
# PATH, e.g. a pyenv shim, may not).
BENCH_PYTHON  ?= /usr/bin/python3

bench-chart:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="python3 python3-matplotlib"
	$(BENCH_PYTHON) bench/chart.py $(BUILD)/benchmark/results.tsv docs/performance.png

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory demo-run

demo-run: $(BUILD)/examples/demo
	@$(BUILD)/examples/demo

# The examples see include/cliquet.h only and keep the library's warnings.
$(BUILD)/examples/%: examples/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude $(SAN_FLAGS) $(CFLAGS) \
	    -o $@ $< $(STATIC_LIB) $(SODIUM_LIBS) -lpthread

vectors:
	@sh vectors/gen/run.sh

# The .pc files hold PREFIX, LIBDIR and INCLUDEDIR: this stamp changes when
# one of them does, so `make install PREFIX=/opt/x` after a default build
# does not install a .pc that points at /usr/local.
PC_VARS := $(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)|$(VERSION)
$(BUILD)/pc-vars: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = '$(PC_VARS)' ] || echo '$(PC_VARS)' > $@

.PHONY: FORCE
FORCE:

$(BUILD)/cliquet.pc: cliquet.pc.in Makefile $(BUILD)/pc-vars
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

install: lib $(BUILD)/cliquet.pc shim-install
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(PUBLIC_HDR) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/libcliquet.a
	install -m 755 $(SHARED_REAL) $(DESTDIR)$(LIBDIR)/libcliquet.so.$(VERSION)
	ln -sf libcliquet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $(DESTDIR)$(LIBDIR)/libcliquet.so
	install -m 644 $(BUILD)/cliquet.pc $(DESTDIR)$(PKGCONFIGDIR)/cliquet.pc

uninstall: shim-uninstall
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(PUBLIC_HDR))) \
	      $(DESTDIR)$(LIBDIR)/libcliquet.a \
	      $(DESTDIR)$(LIBDIR)/libcliquet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SHARED_SONAME) \
	      $(DESTDIR)$(LIBDIR)/libcliquet.so $(DESTDIR)$(PKGCONFIGDIR)/cliquet.pc

# Installs what is missing when run as root on Debian; otherwise says how.
deps:
	@missing=""; \
	for p in $(DEPS_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
	        || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "deps: installing$$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	    else \
	        echo "deps: missing packages; run:"; \
	        echo "  sudo apt-get install$$missing"; exit 1; \
	    fi; \
	fi

clean:
	rm -rf build

# ABI 1.0: the exported functions and an abidw dump of both libraries,
# committed in test/abi/ and compared on every run (docs/abi.md). x86_64
# only: the dumps are per architecture.
.PHONY: abi-check abi-baseline
abi-check:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) abigail-tools"
	@$(MAKE) --no-print-directory lib
	@sh test/abi/check.sh check $(BUILD) $(SOVERSION)
	@sh test/abi/check.sh selftest $(BUILD) $(SOVERSION)

abi-baseline: lib
	@sh test/abi/check.sh update $(BUILD) $(SOVERSION)
