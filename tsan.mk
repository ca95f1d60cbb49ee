# make test TSAN=1: the tests that use threads, built with ThreadSanitizer.
# Included by the top-level Makefile after its SANITIZE block and before it
# derives the flags, so the library and the tests are both instrumented.
# Only the programs that start threads run (test/test_threads.c): the other
# suites are single-threaded, where ThreadSanitizer has nothing to watch
# (the README example and the examples still build and run against it).
# libsodium, libolm and cmocka stay uninstrumented: they hold no state that
# these tests share between threads.
#
# override: the Makefile's later plain assignments of these variables are
# then ignored (GNU make), and test/check_readme.sh and check_install.sh
# learn from SANITIZE=thread which runtime to link or to skip.

ifeq ($(TSAN),1)
ifeq ($(SANITIZE),1)
$(error TSAN=1 and SANITIZE=1 cannot be combined: ThreadSanitizer excludes AddressSanitizer)
endif
override BUILD     := build/tsan
override SAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer
override SANITIZE  := thread
override TEST_SRC  := test/test_threads.c
override SHIM_TESTS :=
# The language bindings' checks load the library into their own runtimes,
# which lack ThreadSanitizer's: not in this build (binding.mk's += is
# ignored once the variable is an override).
override BINDING_CHECKS :=
endif
