# bindings/java: the Java binding (org.cliquet) over JNI, the libolm Android
# SDK layer (org.matrix.olm) over it, and their JUnit 5 suites. Included by
# the top-level Makefile, whose variables it uses. No Gradle or Maven here:
# javac, jar and Debian's JUnit console launcher.
#
#   make java-test     build everything and run both suites under -Xcheck:jni
#   make java-bench    JNI overhead: the same operations from Java and from C
#   make java-arm64    cross-compile libcliquet_jni.so for arm64 (Debian's gcc)
#   make java-asan     the suites with the glue and cliquet under ASan + UBSan

# libandroid-json-java: Android's own org.json, which org.matrix.olm's
# OlmUtility takes (Android has it built in).
DEPS_PKGS      += openjdk-17-jdk-headless junit5 libandroid-json-java
BINDING_CHECKS += java-test

JAVA_SRC_DIR   := bindings/java
JAVA_OUT       := $(BUILD)/bindings/java
# The JDK that javac belongs to: jni.h lives in its include/.
JAVAC          ?= javac
JAVA           ?= java
JAR            ?= jar
JAVA_HOME_DIR  ?= $(shell dirname "$$(dirname "$$(readlink -f "$$(command -v $(JAVAC))")")")
JUNIT_JAR      ?= /usr/share/java/junit-platform-console-standalone.jar
JSON_JAR       ?= /usr/share/java/com.android.json.jar
# Java 8 language level, as Android accepts (no API newer than API 24 is used).
JAVAC_FLAGS    := --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8

JAVA_MAIN_SRC  := $(shell find $(JAVA_SRC_DIR)/src/main/java -name '*.java' 2>/dev/null | sort)
JAVA_TEST_SRC  := $(shell find $(JAVA_SRC_DIR)/src/test/java -name '*.java' 2>/dev/null | sort)
JNI_SRC        := $(sort $(wildcard $(JAVA_SRC_DIR)/jni/*.c))
JNI_HDR        := $(JAVA_SRC_DIR)/jni/cliquet_jni.h
# The glue keeps the library's warnings; the JDK's headers are system headers.
JNI_CFLAGS     := -std=c11 $(OPT) -g $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude \
                  -I$(JAVA_OUT)/headers -isystem $(JAVA_HOME_DIR)/include \
                  -isystem $(JAVA_HOME_DIR)/include/linux -fPIC -fvisibility=hidden $(CFLAGS)
JNI_LIB        := $(JAVA_OUT)/libcliquet_jni.so
JAVA_JAR       := $(JAVA_OUT)/cliquet.jar

.PHONY: java java-test java-bench java-arm64

java: $(JNI_LIB) $(JAVA_JAR)

# javac -h writes the JNI prototypes the glue includes, so a Java signature
# that no longer matches its C function fails the C build.
$(JAVA_OUT)/classes.stamp: $(JAVA_MAIN_SRC)
	@rm -rf $(JAVA_OUT)/classes $(JAVA_OUT)/headers
	@mkdir -p $(JAVA_OUT)/classes $(JAVA_OUT)/headers
	$(JAVAC) $(JAVAC_FLAGS) -cp $(JSON_JAR) -h $(JAVA_OUT)/headers -d $(JAVA_OUT)/classes \
	    $(JAVA_MAIN_SRC)
	@touch $@

$(JAVA_JAR): $(JAVA_OUT)/classes.stamp
	$(JAR) --create --file $@ -C $(JAVA_OUT)/classes .

# cliquet is linked in statically (hidden visibility): the JNI library
# exports only its Java_* functions and JNI_OnLoad, and needs libsodium.
$(JNI_LIB): $(JNI_SRC) $(JNI_HDR) $(JAVA_SRC_DIR)/jni/jni.map $(JAVA_OUT)/classes.stamp \
            $(STATIC_LIB) $(PUBLIC_HDR)
	$(CC) $(JNI_CFLAGS) -shared -Wl,--no-undefined -Wl,-z,relro,-z,now,-z,noexecstack \
	    -Wl,--version-script=$(JAVA_SRC_DIR)/jni/jni.map \
	    -o $@ $(JNI_SRC) $(STATIC_LIB) $(SODIUM_LIBS) -lpthread

$(JAVA_OUT)/test.stamp: $(JAVA_TEST_SRC) $(JAVA_OUT)/classes.stamp
	@rm -rf $(JAVA_OUT)/test-classes
	@mkdir -p $(JAVA_OUT)/test-classes
	$(JAVAC) $(JAVAC_FLAGS) -cp $(JAVA_OUT)/classes:$(JSON_JAR):$(JUNIT_JAR) -d $(JAVA_OUT)/test-classes \
	    $(JAVA_TEST_SRC)
	@touch $@

# -Xcheck:jni makes the VM check every JNI call the glue makes; it reports
# some misuse (an exception left pending, a local reference leak past the
# VM's capacity) as a warning only, so any warning fails the run.
JAVA_TEST_RUN   = $(JAVA) -Xcheck:jni -Djava.library.path=$(JAVA_OUT) -Dcliquet.root=$(CURDIR) \
                  -jar $(JUNIT_JAR) --disable-banner --details=summary \
                  --class-path $(JAVA_OUT)/classes:$(JAVA_OUT)/test-classes:$(JSON_JAR) \
                  --scan-class-path

java-test: $(JNI_LIB) $(JAVA_JAR) $(JAVA_OUT)/test.stamp
	@$(JAVA_TEST_RUN) > $(JAVA_OUT)/test.log 2>&1; rc=$$?; \
	if grep -q 'WARNING in native method\|FATAL ERROR in native method' $(JAVA_OUT)/test.log; then \
	    grep -B2 -A8 'in native method' $(JAVA_OUT)/test.log | head -40; \
	    echo "java-test: -Xcheck:jni reported the glue"; exit 1; \
	fi; \
	if [ $$rc -ne 0 ]; then cat $(JAVA_OUT)/test.log; exit $$rc; fi; \
	grep -E 'tests (successful|failed|found)|containers failed' $(JAVA_OUT)/test.log | \
	    sed 's/^/java-test: /'

# make java-arm64: libcliquet_jni.so for arm64 (Android's arm64-v8a ABI is
# the same instruction set), built with Debian's cross compiler against an
# arm64 build of libcliquet.a and Debian's arm64 libsodium, to show that the
# glue and the library build for a phone's CPU. jni.h and jni_md.h are the
# same for every Linux architecture. Nothing runs it: a JVM for arm64 under
# qemu is not installed here (README).
ARM64_CC       ?= aarch64-linux-gnu-gcc
ARM64_BUILD    := build/arm64
ARM64_JNI_LIB  := $(ARM64_BUILD)/bindings/java/libcliquet_jni.so

java-arm64: $(JAVA_OUT)/classes.stamp
	@dpkg --print-foreign-architectures | grep -qx arm64 || { \
	    if [ "$$(id -u)" = 0 ]; then dpkg --add-architecture arm64 && apt-get update -qq; \
	    else echo "java-arm64: run: sudo dpkg --add-architecture arm64"; exit 1; fi; }
	@$(MAKE) --no-print-directory deps DEPS_PKGS="gcc-aarch64-linux-gnu libsodium-dev:arm64"
	@$(MAKE) --no-print-directory $(ARM64_BUILD)/libcliquet.a BUILD=$(ARM64_BUILD) \
	    CC=$(ARM64_CC) SODIUM_CFLAGS= SODIUM_LIBS=-lsodium
	@mkdir -p $(dir $(ARM64_JNI_LIB))
	$(ARM64_CC) $(JNI_CFLAGS) -shared -Wl,--no-undefined -Wl,-z,relro,-z,now,-z,noexecstack \
	    -Wl,--version-script=$(JAVA_SRC_DIR)/jni/jni.map \
	    -o $(ARM64_JNI_LIB) $(JNI_SRC) $(ARM64_BUILD)/libcliquet.a -lsodium -lpthread
	@file $(ARM64_JNI_LIB) | sed 's|^|java-arm64: |'

# make java-bench: JNI overhead. The same operations (Megolm decrypt of 256
# bytes; an Olm ping-pong of two 256-byte messages, ratchet steps included)
# and sha256 of 32 bytes, almost only the crossing) timed in C
# (bench/jni_bench.c over cliquet.h) and in Java (bench/JniBench.java over
# org.cliquet) in thread CPU time, best of 7 after warm-up, three rounds
# alternating C and Java, the best of each kept; prints each pair and the
# ratio Java / C. Not a test: numbers vary with the machine's load.
java-bench: $(JNI_LIB) $(JAVA_JAR) $(JAVA_OUT)/bench/jni_bench $(JAVA_OUT)/bench/JniBench.class
	@rm -f $(JAVA_OUT)/bench/c.all $(JAVA_OUT)/bench/java.all
	@for round in 1 2 3; do \
	    $(JAVA_OUT)/bench/jni_bench >> $(JAVA_OUT)/bench/c.all || exit 1; \
	    $(JAVA) -Djava.library.path=$(JAVA_OUT) -cp $(JAVA_JAR):$(JAVA_OUT)/bench JniBench \
	        >> $(JAVA_OUT)/bench/java.all || exit 1; \
	done
	@for side in c java; do \
	    awk '!($$1 in m) || $$2 < m[$$1] { m[$$1] = $$2 } END { for (k in m) print k, m[k] }' \
	        $(JAVA_OUT)/bench/$$side.all | sort > $(JAVA_OUT)/bench/$$side.txt; \
	done
	@join $(JAVA_OUT)/bench/c.txt $(JAVA_OUT)/bench/java.txt | \
	    awk '{ printf "java-bench: %-20s C %9.0f ns  Java %9.0f ns  ratio %.3f\n", $$1, $$2, $$3, $$3 / $$2 }'

$(JAVA_OUT)/bench/jni_bench: $(JAVA_SRC_DIR)/bench/jni_bench.c $(STATIC_LIB) $(PUBLIC_HDR)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) -g $(WARNINGS) -D_DEFAULT_SOURCE -Iinclude -o $@ $< $(STATIC_LIB) \
	    $(SODIUM_LIBS) -lpthread

$(JAVA_OUT)/bench/JniBench.class: $(JAVA_SRC_DIR)/bench/JniBench.java $(JAVA_JAR)
	@mkdir -p $(dir $@)
	$(JAVAC) $(JAVAC_FLAGS) -cp $(JAVA_JAR) -d $(JAVA_OUT)/bench $<

# make bench runs the JNI overhead bench too (before the C bench).
bench-run: java-bench

# make java-asan: the same suites with the glue and cliquet built under
# AddressSanitizer + UBSan (the sanitizer runtimes preloaded into the JVM;
# the JVM's own SIGSEGV handling left to it, leaks not checked: the JVM's
# are not ours).
JASAN_OUT      := build/sanitize/bindings/java
JASAN_LIB      := $(JASAN_OUT)/libcliquet_jni.so
SAN_RUNTIMES    = $(shell $(CC) -print-file-name=libasan.so) $(shell $(CC) -print-file-name=libubsan.so)

.PHONY: java-asan
java-asan: $(JAVA_JAR) $(JAVA_OUT)/test.stamp
	@$(MAKE) --no-print-directory build/sanitize/libcliquet.a SANITIZE=1
	@mkdir -p $(JASAN_OUT)
	$(CC) $(subst $(OPT),-O1,$(JNI_CFLAGS)) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -shared -Wl,--version-script=$(JAVA_SRC_DIR)/jni/jni.map \
	    -o $(JASAN_LIB) $(JNI_SRC) build/sanitize/libcliquet.a $(SODIUM_LIBS) -lpthread
	@LD_PRELOAD="$(SAN_RUNTIMES)" \
	    ASAN_OPTIONS=handle_segv=0:allow_user_segv_handler=1:detect_leaks=0 \
	    UBSAN_OPTIONS=print_stacktrace=1 \
	    $(subst -Djava.library.path=$(JAVA_OUT),-Djava.library.path=$(JASAN_OUT),$(JAVA_TEST_RUN)) \
	    > $(JASAN_OUT)/test.log 2>&1; rc=$$?; \
	if grep -q 'AddressSanitizer\|runtime error\|in native method' $(JASAN_OUT)/test.log || [ $$rc -ne 0 ]; then \
	    cat $(JASAN_OUT)/test.log; exit 1; \
	fi; \
	grep -E 'tests (successful|failed)' $(JASAN_OUT)/test.log | sed 's/^/java-asan: /'
