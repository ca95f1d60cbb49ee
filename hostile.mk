# Issue 22's hostile-input programs: linked with the counting, failing
# allocator of test/alloc (every malloc/calloc/realloc/free of libcliquet.a
# and of the program goes through it: -Wl,--wrap). Included by the Makefile;
# these explicit rules take the place of its test/% pattern rule.
ALLOC_WRAP    := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
ALLOC_SRC     := test/alloc/alloc.c test/alloc/objects.c
ALLOC_HDR     := test/alloc/alloc.h test/alloc/objects.h

$(BUILD)/test/test_length_table: test/test_length_table.c $(ALLOC_SRC) $(ALLOC_HDR) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itest -o $@ $< $(ALLOC_SRC) $(STATIC_LIB) $(TEST_LIBS) $(ALLOC_WRAP)

# The libolm drop-in's lengths: its objects linked in statically, so the
# counting allocator sees the shim's allocations and libcliquet.a's. In
# make test (SHIM_TESTS); make shim-length-table runs it alone.
SHIM_TESTS    += $(SHIM_DIR)/test/length_table
.PHONY: shim-length-table
shim-length-table: $(SHIM_DIR)/test/length_table
	@$(SHIM_DIR)/test/length_table

$(SHIM_DIR)/test/length_table: bindings/libolm/test/length_table.c test/alloc/alloc.c \
    test/alloc/alloc.h $(SHIM_OBJ) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_TEST_CFLAGS) -Ibindings/libolm/include -Itest -o $@ $< test/alloc/alloc.c \
	    $(SHIM_OBJ) $(STATIC_LIB) $(SODIUM_LIBS) $(ALLOC_WRAP)

$(BUILD)/test/test_failed_alloc: test/test_failed_alloc.c $(ALLOC_SRC) $(ALLOC_HDR) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itest -o $@ $< $(ALLOC_SRC) $(STATIC_LIB) $(TEST_LIBS) $(ALLOC_WRAP)

# Fuzzing at depth (issue 22): make fuzz-long FUZZ_SECONDS=600 runs every
# harness that long, two at a time, and merges what adds coverage into the
# committed corpora (fuzz/long.sh); make fuzz-replay runs every committed
# input once as a regression test (fuzz/replay.sh, in CI).
.PHONY: fuzz-long fuzz-replay
fuzz-long:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) libclang-rt-dev time"
	@sh fuzz/long.sh $(if $(filter command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),600)

fuzz-replay:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEPS_PKGS) libclang-rt-dev"
	@sh fuzz/replay.sh

# The zeroisation check (issue 20, item 7): the same wrapped allocator, in
# its scan mode (test/alloc/alloc.h).
$(BUILD)/test/test_zeroise: test/test_zeroise.c test/alloc/alloc.c $(ALLOC_HDR) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itest -o $@ $< test/alloc/alloc.c $(STATIC_LIB) $(TEST_LIBS) $(ALLOC_WRAP)
