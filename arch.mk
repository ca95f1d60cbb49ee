# Cross builds: make ARCH=arm64|armhf|s390x [target]. Included by the
# top-level Makefile before any of its variables, so that the build
# directory and the compiler are chosen here and nowhere else.
#
#   make ARCH=arm64               libraries in build/arm64/ with aarch64-linux-gnu-gcc
#   make test ARCH=arm64          every test program under qemu-aarch64
#   make deps ARCH=arm64          the cross compiler, qemu-user and the target's libraries
#
# Debian's cross compilers and multiarch packages do the work:
#   - the library needs only libsodium, installed as libsodium-dev:<arch>;
#   - the tests also need cmocka (libcmocka-dev:<arch>), and two test-only
#     libraries that cannot be installed for another architecture beside
#     the native ones on every machine: libolm-dev:<arch> depends on
#     pkg-config:<arch>, which would replace the build machine's own, and
#     libssl3:<arch> must carry exactly the native libssl3's version, which
#     Debian's mirrors do not always have for every architecture. So these
#     two are unpacked (apt-get download, dpkg-deb -x) into $(CROSS_SYSROOT)
#     and found there through options given with CC at build time and
#     LD_LIBRARY_PATH at run time. Nothing is installed into the system
#     that way.
# Test programs run under qemu-user, called explicitly through
# test/qemu-run.sh (binfmt_misc is not assumed). Programs that drive
# Debian's python3-olm (the shim's interop and peer-vector suites) need a
# Python of the target architecture and are skipped, by name.
#
# Any lib/*/*.c file is compiled by the Makefile's generic rules, so a new
# source file (an ARMv8 or s390x path) needs nothing here: architecture
# guards belong inside the file, as in lib/crypto/aes_ni.c.

# Only make's command line (or a parent make's) picks a cross target: an
# ARCH in the environment, which some shells and build systems set for their
# own purposes, is ignored.
ifeq ($(origin ARCH),environment)
ARCH :=
endif
ARCH ?=

ifneq ($(ARCH),)

ifeq ($(ARCH),arm64)
CROSS_TRIPLET := aarch64-linux-gnu
CROSS_QEMU    := qemu-aarch64
else ifeq ($(ARCH),armhf)
CROSS_TRIPLET := arm-linux-gnueabihf
CROSS_QEMU    := qemu-arm
else ifeq ($(ARCH),s390x)
CROSS_TRIPLET := s390x-linux-gnu
CROSS_QEMU    := qemu-s390x
else
$(error ARCH=$(ARCH): the cross targets are arm64, armhf and s390x)
endif

ifneq ($(filter 1,$(SANITIZE) $(TSAN)),)
$(error ARCH=$(ARCH) with SANITIZE or TSAN is not supported: run the sanitizers natively)
endif
CROSS_UNSUPPORTED := ct ct-run memcheck memcheck-run fuzz fuzz-coverage \
                     bench bench-run bench-chart demo demo-run vectors \
                     abi-check deb deb-test deb-symbols lint coverage
ifneq ($(filter $(CROSS_UNSUPPORTED),$(MAKECMDGOALS)),)
$(error ARCH=$(ARCH): $(filter $(CROSS_UNSUPPORTED),$(MAKECMDGOALS)) runs natively only)
endif

# The CPU qemu emulates: "max" has every extension qemu knows (on arm64 and
# armhf, the ARMv8 AES instructions). QEMU_CPU=cortex-a53 etc. picks another.
QEMU_CPU      ?= max

# The AES path test_aes must find on that CPU (it fails otherwise): the
# ARMv8 instructions on arm64 and armhf under "max", none on s390x (cliquet
# has no s390x AES code). Empty for another QEMU_CPU: not checked.
ifeq ($(QEMU_CPU),max)
AES_HW_arm64  := armv8-ce
AES_HW_armhf  := armv8-ce
AES_HW_s390x  := none
export CLIQUET_EXPECT_AES_HW := $(AES_HW_$(ARCH))
endif

BUILD         ?= build/$(ARCH)
CROSS_SYSROOT := $(CURDIR)/$(BUILD)/sysroot
CROSS_SYSROOT_PKGS := libssl3 libssl-dev libolm3 libolm-dev
CROSS_DEPS_PKGS := gcc-$(CROSS_TRIPLET) libc6-dev-$(ARCH)-cross qemu-user \
                   libsodium-dev:$(ARCH) libcmocka-dev:$(ARCH) libstdc++6-$(ARCH)-cross

# The test-only libraries' headers and libraries go with the compiler, so
# that every program linked in a cross build (tests, the shim's peers, the
# install checks) finds them; gcc ignores LIBRARY_PATH when it cross-compiles.
# --disable-new-dtags: the shim's tests find the shim through an rpath, and
# that must win over Debian's libolm.so.3 on LD_LIBRARY_PATH (test/qemu-run.sh),
# which a DT_RPATH does and a DT_RUNPATH does not.
CC            := $(CROSS_TRIPLET)-gcc -isystem $(CROSS_SYSROOT)/usr/include/$(CROSS_TRIPLET) \
                 -isystem $(CROSS_SYSROOT)/usr/include -L$(CROSS_SYSROOT)/usr/lib/$(CROSS_TRIPLET) \
                 -Wl,--disable-new-dtags

# Seen by test/run.sh and the test scripts.
export CC
export TEST_RUNNER    := sh $(CURDIR)/test/qemu-run.sh $(CROSS_QEMU) $(QEMU_CPU) \
                         $(CROSS_TRIPLET) $(CROSS_SYSROOT)
export TEST_SKIP      := interop peer_vectors
export TEST_SKIP_WHY  := they drive Debian's python3-olm, which needs a $(ARCH) Python

.PHONY: cross-deps

# make deps ARCH=...: the foreign architecture, then its packages through the
# native deps recipe (ARCH emptied for it), then the test-only sysroot.
deps: cross-deps

cross-deps:
	@if ! dpkg --print-foreign-architectures | grep -qx '$(ARCH)'; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "deps: dpkg --add-architecture $(ARCH)"; \
	        dpkg --add-architecture $(ARCH) && apt-get update -qq; \
	    else \
	        echo "deps: run: sudo dpkg --add-architecture $(ARCH) && sudo apt-get update"; \
	        exit 1; \
	    fi; \
	fi
	@$(MAKE) --no-print-directory deps ARCH= DEPS_PKGS="$(CROSS_DEPS_PKGS)"
	@sh test/cross-sysroot.sh $(ARCH) $(CROSS_SYSROOT) $(CROSS_SYSROOT_PKGS)

endif
