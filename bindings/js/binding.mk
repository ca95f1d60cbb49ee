# bindings/js: cliquet for the web. cliquet, libsodium (from Debian's source
# package) and bindings/libolm compiled to WebAssembly with Debian's
# emscripten, and olm.js: the JavaScript API of @matrix-org/olm 3.2 over it.
# Included by the top-level Makefile, whose variables it uses.
#
#   make js          build/bindings/js/olm.js + olm.wasm
#   make js-test     build them and run the node --test suite
#   make js-bench    speed against libolm's olm.js, side by side
#   make js-pack     build/bindings/js/package/ and cliquet-olm-VERSION.tgz (npm's layout)
#   make js-ci       install emscripten (make deps), then js-test: .ci/run
#   make js-browser  install chromium (make deps), run browser/smoke.mjs headless
#
# make test runs js-test-auto: js-test when emcc, node and npm are there,
# else a line saying it skipped (emscripten is ~800 MB: not every machine
# that runs make test has it; .ci/run installs it through js-ci).

EMCC           ?= emcc
EMAR           ?= emar
NODE           ?= node
JS_DIR         := bindings/js
JS_OUT         := $(BUILD)/bindings/js
JS_SODIUM      := $(JS_OUT)/libsodium
# Debian's emscripten runs its tools with node and finds Debian's node
# modules (acorn) here; a node from elsewhere does not look there itself.
JS_ENV         := NODE_PATH=/usr/share/nodejs
# The library's own warnings (lib/ sees its own headers, the shim only
# include/ and its olm/ headers, as in the native build), as for the native build. The AES-NI and SHA
# extension files compile to nothing off x86/arm: the portable
# constant-time AES and SHA-256 are what runs in wasm.
JS_CFLAGS      := -std=c11 -O2 $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude \
                  -I$(JS_SODIUM)/include
JS_LIB_OBJ     := $(LIB_SRC:%.c=$(JS_OUT)/obj/%.o)
JS_SHIM_OBJ    := $(SHIM_SRC:%.c=$(JS_OUT)/obj/%.o)
JS_OBJ         := $(JS_LIB_OBJ) $(JS_SHIM_OBJ) $(JS_OUT)/obj/randombytes_js.o \
                  $(JS_OUT)/obj/layout.o
# The idiomatic API's sources, concatenated in this order after emscripten's
# factory into cliquet.mjs (bindings/js/src/core.mjs says why).
JS_ESM_SRC     := $(addprefix $(JS_DIR)/src/,core.mjs olm.mjs megolm.mjs pk.mjs)
# Two links of the same objects: olm.js + olm.wasm (the drop-in, exporting
# the olm_* functions its glue calls) and cliquet.mjs + cliquet.wasm (the
# idiomatic API, exporting the cliquet_* ones). One wasm for both would
# make every @matrix-org/olm user download the other API too: measured,
# olm.js + olm.wasm grew from 205 KB to 252 KB with both export lists.
JS_LDFLAGS     := -O3 -sMODULARIZE=1 \
                  -sENVIRONMENT=web,worker,node -sFILESYSTEM=0 \
                  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 \
                  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1048576 -sTOTAL_STACK=65536 \
                  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8,stackSave
JS_PEER        ?= $(firstword $(wildcard ../shared/peers/olm-js /work/shared/peers/olm-js))

.PHONY: js js-test js-bench js-ci js-pack js-browser js-test-auto

BINDING_CHECKS += js-test-auto

js-test-auto:
	@if command -v $(EMCC) >/dev/null 2>&1 && command -v $(NODE) >/dev/null 2>&1 && \
	    command -v npm >/dev/null 2>&1; then \
	    echo "== bindings/js: make js-test"; $(MAKE) --no-print-directory js-test; \
	else \
	    echo "== bindings/js: SKIPPED: needs emcc, node and npm (make js-ci installs them)"; \
	fi

# Debian's emscripten (it pulls clang, lld, llvm, binaryen and node in).
JS_PKGS        := emscripten node-terser node-typescript
# npm (npm pack, npm install in the package test): Debian's package, unless
# a node that bundles its own is installed (NodeSource's nodejs conflicts
# with Debian's npm).
JS_PKGS        += $(if $(shell command -v npm 2>/dev/null),,npm)

# .ci/run: install emscripten through make deps, then the suite.
js-ci:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(JS_PKGS)"
	@$(MAKE) --no-print-directory js-test

js: $(JS_OUT)/olm.js

$(JS_SODIUM)/libsodium.a: $(JS_DIR)/libsodium.sh
	@mkdir -p $(JS_SODIUM)
	$(JS_ENV) EMCC=$(EMCC) EMAR=$(EMAR) sh $(JS_DIR)/libsodium.sh $(JS_SODIUM)

$(JS_OUT)/obj/lib/%.o: lib/%.c $(LIB_HDR) $(JS_SODIUM)/libsodium.a
	@mkdir -p $(dir $@)
	$(JS_ENV) $(EMCC) $(JS_CFLAGS) -iquote lib -c $< -o $@

$(JS_OUT)/obj/bindings/libolm/src/%.o: bindings/libolm/src/%.c $(SHIM_HDR) \
                                       $(JS_SODIUM)/libsodium.a
	@mkdir -p $(dir $@)
	$(JS_ENV) $(EMCC) $(JS_CFLAGS) -Ibindings/libolm/include -c $< -o $@

$(JS_OUT)/obj/randombytes_js.o: $(JS_DIR)/src/randombytes_js.c
	@mkdir -p $(dir $@)
	$(JS_ENV) $(EMCC) $(JS_CFLAGS) -c $< -o $@

# The struct offsets the glue reads, checked against cliquet.h at compile time.
$(JS_OUT)/obj/layout.o: $(JS_DIR)/src/layout.c include/cliquet.h
	@mkdir -p $(dir $@)
	$(JS_ENV) $(EMCC) $(JS_CFLAGS) -c $< -o $@

# Each wasm exports exactly the C functions its glue names: olm.wasm the
# libolm ones olm_glue.js calls, cliquet.wasm the cliquet.h functions the
# idiomatic API names (words of the .mjs files that cliquet.h declares as
# functions). Rewritten only when a list changes, so that editing the
# glue does not relink.
JS_EXPORTS_BASE := "_malloc","_free","_randombytes_buf","_cliquet_js_random_ok","_emscripten_stack_get_end"

$(JS_OUT)/olm-exports.json: $(JS_DIR)/src/olm_glue.js
	@mkdir -p $(dir $@)
	@{ printf '[%s' '$(JS_EXPORTS_BASE)'; \
	   grep -oE '_olm_[a-z0-9_]+' $< | sort -u | sed 's/.*/,"&"/' | tr -d '\n'; \
	   printf ']\n'; } > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(JS_OUT)/cliquet-exports.json: $(JS_ESM_SRC) include/cliquet.h
	@mkdir -p $(dir $@)
	@grep -oE 'cliquet_[a-z0-9_]+\(' include/cliquet.h | tr -d '(' | sort -u > $@.h
	@{ printf '[%s' '$(JS_EXPORTS_BASE)'; \
	   grep -ohE 'cliquet_[a-z0-9_]+' $(JS_ESM_SRC) | sort -u | comm -12 - $@.h \
	       | sed 's/.*/,"_&"/' | tr -d '\n'; \
	   printf ']\n'; } > $@.tmp
	@rm -f $@.h
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# emcc writes olm.js and olm.wasm; the glue is appended to its olm.js and
# the whole minified by terser (Debian's node-terser: minify.cjs), in place
# of the Closure Compiler step that Debian's emscripten lacks: olm.js goes
# from 61 KB to 37 KB. -O3 at link: wasm-opt's -O3 (-Oz saved 5 KB of
# wasm, 0.8 KB gzipped, and was slower); the C is compiled at -O2, as
# natively.
JS_MINIFY      := $(JS_ENV) node $(JS_DIR)/minify.cjs
$(JS_OUT)/olm.js: $(JS_OBJ) $(JS_SODIUM)/libsodium.a $(JS_OUT)/olm-exports.json \
                  $(JS_DIR)/src/olm_glue.js $(JS_DIR)/minify.cjs $(JS_DIR)/binding.mk
	@mkdir -p $(JS_OUT)/link
	$(JS_ENV) $(EMCC) $(JS_LDFLAGS) -sEXPORT_NAME=CliquetOlmWasm \
	    -sEXPORTED_FUNCTIONS=@$(JS_OUT)/olm-exports.json \
	    -o $(JS_OUT)/link/olm.js $(JS_OBJ) $(JS_SODIUM)/libsodium.a
	{ printf '/*! cliquet %s: @matrix-org/olm 3.2 API over WebAssembly. Apache-2.0. */\n' \
	    '$(VERSION)'; cat $(JS_OUT)/link/olm.js $(JS_DIR)/src/olm_glue.js; } > $(JS_OUT)/link/full.js
	$(JS_MINIFY) $(JS_OUT)/link/full.js $@.tmp
	mv $(JS_OUT)/link/olm.wasm $(JS_OUT)/olm.wasm
	mv $@.tmp $@
	@echo "js: olm.js $$(wc -c < $@) B + olm.wasm $$(wc -c < $(JS_OUT)/olm.wasm) B;" \
	    "gzip $$(gzip -9c < $@ | wc -c) B + $$(gzip -9c < $(JS_OUT)/olm.wasm | wc -c) B"

# cliquet.mjs + cliquet.wasm: the idiomatic ES module: the node prologue,
# emscripten's factory, then the API's sources, minified as olm.js is.
js: $(JS_OUT)/cliquet.mjs $(JS_OUT)/cliquet.d.mts

$(JS_OUT)/cliquet.mjs: $(JS_OBJ) $(JS_SODIUM)/libsodium.a $(JS_OUT)/cliquet-exports.json \
                       $(JS_DIR)/src/esm_prologue.mjs $(JS_ESM_SRC) $(JS_DIR)/minify.cjs \
                       $(JS_DIR)/binding.mk
	@mkdir -p $(JS_OUT)/link-esm
	$(JS_ENV) $(EMCC) $(JS_LDFLAGS) -sEXPORT_NAME=CliquetWasm \
	    -sEXPORTED_FUNCTIONS=@$(JS_OUT)/cliquet-exports.json \
	    -o $(JS_OUT)/link-esm/cliquet.js $(JS_OBJ) $(JS_SODIUM)/libsodium.a
	{ printf '/*! cliquet %s: the idiomatic ES module over cliquet.wasm. Apache-2.0. */\n' \
	    '$(VERSION)'; cat $(JS_DIR)/src/esm_prologue.mjs $(JS_OUT)/link-esm/cliquet.js \
	    $(JS_ESM_SRC); } > $(JS_OUT)/link-esm/full.mjs
	$(JS_MINIFY) $(JS_OUT)/link-esm/full.mjs $@.tmp module
	mv $(JS_OUT)/link-esm/cliquet.wasm $(JS_OUT)/cliquet.wasm
	mv $@.tmp $@
	@echo "js: cliquet.mjs $$(wc -c < $@) B + cliquet.wasm $$(wc -c < $(JS_OUT)/cliquet.wasm) B;" \
	    "gzip $$(gzip -9c < $@ | wc -c) B + $$(gzip -9c < $(JS_OUT)/cliquet.wasm | wc -c) B"

$(JS_OUT)/cliquet.d.mts: $(JS_DIR)/cliquet.d.mts
	cp $< $@

# The npm package: build/bindings/js/package/ holds what package.json's
# "files" lists, and npm's own `npm pack` (no registry needed) makes
# cliquet-olm-VERSION.tgz from it; test/package.test.mjs installs it with
# `npm install --offline` and runs the examples from it.
JS_PACK        := $(JS_OUT)/cliquet-olm-$(VERSION).tgz
JS_PACK_FILES  := $(JS_OUT)/olm.js $(JS_OUT)/olm.wasm $(JS_DIR)/olm.d.ts $(JS_OUT)/cliquet.mjs \
                  $(JS_OUT)/cliquet.wasm $(JS_DIR)/cliquet.d.mts $(JS_DIR)/README.md

js-pack: $(JS_PACK)

# The wasm files are written by the rules of the scripts that load them.
$(JS_OUT)/olm.wasm: $(JS_OUT)/olm.js ;
$(JS_OUT)/cliquet.wasm: $(JS_OUT)/cliquet.mjs ;

$(JS_PACK): $(JS_OUT)/olm.js $(JS_OUT)/cliquet.mjs $(JS_PACK_FILES) $(JS_DIR)/package.json.in
	@rm -rf $(JS_OUT)/package $@ && mkdir -p $(JS_OUT)/package
	sed 's/@VERSION@/$(VERSION)/' $(JS_DIR)/package.json.in > $(JS_OUT)/package/package.json
	cp $(JS_PACK_FILES) $(JS_OUT)/package/
	cd $(JS_OUT)/package && npm pack --offline --silent --cache $(CURDIR)/$(JS_OUT)/npm-cache \
	    --pack-destination $(CURDIR)/$(JS_OUT) > /dev/null
	@test -f $@ && echo "js-pack: $@ ($$(wc -c < $@) B)"

# OLM_JS: the build under test; OLM_PEER: libolm's olm.js (tests skip
# the interop cases, saying so, when it is absent).
js-test: js js-pack
	@OLM_JS=$(CURDIR)/$(JS_OUT)/olm.js OLM_PACKAGE=$(CURDIR)/$(JS_OUT)/package \
	    CLIQUET_MJS=$(CURDIR)/$(JS_OUT)/cliquet.mjs CLIQUET_TGZ=$(CURDIR)/$(JS_PACK) OLM_PEER=$(if $(JS_PEER),$(abspath $(JS_PEER))/olm.js) \
	    $(NODE) --test $(sort $(wildcard $(JS_DIR)/test/*.test.js $(JS_DIR)/test/*.test.mjs))

# Speed, cliquet's build against libolm's in one node process (needs the peer).
js-bench: js
	@test -n "$(JS_PEER)" || { echo "js-bench: libolm's olm.js not found (../shared/peers/olm-js)"; exit 1; }
	@$(NODE) $(JS_DIR)/bench.js $(CURDIR)/$(JS_OUT)/olm.js $(abspath $(JS_PEER))/olm.js

# The browser: Debian's chromium, headless, loads browser/index.html (both
# APIs, the wasm fetched over HTTP from python3's http.server) and reports
# what browser/smoke.mjs wrote into the page. Not in js-test: chromium is
# a large install; .ci/run calls this target in its own block.
JS_BROWSER_PKGS := chromium

js-browser: js
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(JS_BROWSER_PKGS)"
	@rm -rf $(JS_OUT)/browser && mkdir -p $(JS_OUT)/browser
	@cp $(JS_OUT)/olm.js $(JS_OUT)/olm.wasm $(JS_OUT)/cliquet.mjs $(JS_OUT)/cliquet.wasm \
	    $(JS_DIR)/browser/index.html $(JS_DIR)/browser/smoke.mjs $(JS_OUT)/browser/
	@sh $(JS_DIR)/browser/run.sh $(JS_OUT)/browser
