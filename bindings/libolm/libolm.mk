# bindings/libolm: libolm.so.3, libolm 3.2's ABI over cliquet, and its tests.
# Included by the top-level Makefile, whose variables it uses.

SHIM_VERSION  := 3.2.16
SHIM_DIR      := $(BUILD)/bindings/libolm
SHIM_SRC      := $(sort $(wildcard bindings/libolm/src/*.c))
SHIM_OBJ      := $(SHIM_SRC:%.c=$(BUILD)/%.o)
SHIM_HDR      := $(PUBLIC_HDR) bindings/libolm/src/shim.h \
                 $(wildcard bindings/libolm/include/olm/*.h)
# The shim sees include/ only (and its own headers), as every binding.
SHIM_CFLAGS   := -std=c11 $(OPT) -g $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude \
                 -Ibindings/libolm/include $(SODIUM_CFLAGS) $(SAN_FLAGS) -fPIC \
                 -fvisibility=hidden $(CFLAGS)
SHIM_REAL     := $(SHIM_DIR)/libolm.so.$(SHIM_VERSION)
SHIM_LIB      := $(SHIM_DIR)/libolm.so.3
SHIM_TEST_CFLAGS := -std=c11 -O1 -g -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
                 $(SAN_FLAGS) $(CFLAGS)
# Test programs find the shim next to them, never the system's libolm.
SHIM_RPATH    := -Wl,-rpath,'$$ORIGIN/..'
SHIM_PEERS    := $(SHIM_DIR)/test/transcript_shim $(SHIM_DIR)/test/transcript_ref \
                 $(SHIM_DIR)/test/peer_shim $(SHIM_DIR)/test/peer_ref
SHIM_TESTS    := $(SHIM_DIR)/test/shim_test $(SHIM_DIR)/test/interop

.PHONY: shim-install shim-uninstall

$(BUILD)/bindings/libolm/src/%.o: bindings/libolm/src/%.c $(SHIM_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_CFLAGS) -c $< -o $@

# cliquet is linked in statically (hidden visibility, -fPIC): the library
# needs libsodium only.
$(SHIM_REAL): $(SHIM_OBJ) $(STATIC_LIB) bindings/libolm/libolm.map
	$(CC) $(SHIM_CFLAGS) -shared -Wl,-soname,libolm.so.3 \
	    -Wl,--version-script=bindings/libolm/libolm.map -Wl,--no-undefined \
	    -Wl,-z,relro,-z,now,-z,noexecstack \
	    -o $@ $(SHIM_OBJ) $(STATIC_LIB) $(SODIUM_LIBS) -lpthread

$(SHIM_LIB): $(SHIM_REAL)
	ln -sf libolm.so.$(SHIM_VERSION) $@
	ln -sf libolm.so.3 $(SHIM_DIR)/libolm.so

$(SHIM_DIR)/olm.pc: bindings/libolm/olm.pc.in bindings/libolm/libolm.mk $(BUILD)/pc-vars
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(SHIM_VERSION)|' $< > $@

$(SHIM_DIR)/test/shim_test: bindings/libolm/test/shim_test.c $(SHIM_LIB) $(SHIM_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_TEST_CFLAGS) -Ibindings/libolm/include -o $@ $< $(SHIM_LIB) \
	    $(SHIM_RPATH) -lcmocka $(SODIUM_LIBS)

# The same program twice: against the shim, and against Debian's libolm.
$(SHIM_DIR)/test/%_shim: bindings/libolm/test/%.c $(SHIM_LIB) $(SHIM_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_TEST_CFLAGS) -Ibindings/libolm/include -o $@ $< $(SHIM_LIB) $(SHIM_RPATH)

$(SHIM_DIR)/test/%_ref: bindings/libolm/test/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_TEST_CFLAGS) -o $@ $< -lolm

# test/run.sh runs programs without arguments: this one knows its build.
$(SHIM_DIR)/test/interop: bindings/libolm/test/interop.sh \
    bindings/libolm/test/interop.py \
    bindings/libolm/test/python_olm_peer.py $(SHIM_PEERS) $(SHIM_LIB)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec sh bindings/libolm/test/interop.sh "%s" "%s"\n' \
	    '$(SHIM_DIR)' '$(SANITIZE)' > $@
	chmod +x $@

shim-install: $(SHIM_LIB) $(SHIM_DIR)/olm.pc
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/olm $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 bindings/libolm/include/olm/*.h $(DESTDIR)$(INCLUDEDIR)/olm/
	install -m 755 $(SHIM_REAL) $(DESTDIR)$(LIBDIR)/libolm.so.$(SHIM_VERSION)
	ln -sf libolm.so.$(SHIM_VERSION) $(DESTDIR)$(LIBDIR)/libolm.so.3
	ln -sf libolm.so.3 $(DESTDIR)$(LIBDIR)/libolm.so
	install -m 644 $(SHIM_DIR)/olm.pc $(DESTDIR)$(PKGCONFIGDIR)/olm.pc

shim-uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libolm.so.$(SHIM_VERSION) $(DESTDIR)$(LIBDIR)/libolm.so.3 \
	      $(DESTDIR)$(LIBDIR)/libolm.so $(DESTDIR)$(PKGCONFIGDIR)/olm.pc
	for h in bindings/libolm/include/olm/*.h; do \
	    rm -f $(DESTDIR)$(INCLUDEDIR)/olm/$$(basename $$h); done
	-rmdir $(DESTDIR)$(INCLUDEDIR)/olm 2>/dev/null

# The peers' own test data (vectors/peers: libolm's and vodozemac's tests and
# fuzz corpora) step by step through the C API, on Debian's libolm and on the
# shim; python3-olm's raw cffi module makes the calls.
SHIM_TESTS    += $(SHIM_DIR)/test/peer_vectors

$(SHIM_DIR)/test/peer_vectors: bindings/libolm/test/peer_vectors.py \
    $(wildcard vectors/peers/*.json) docs/libolm-compat.md $(SHIM_LIB)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec /usr/bin/python3 bindings/libolm/test/peer_vectors.py "%s" "%s"\n' \
	    '$(SHIM_DIR)' '$(SANITIZE)' > $@
	chmod +x $@
