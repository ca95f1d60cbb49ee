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
