# bindings/swift: the Swift package (Package.swift at the repository root,
# the rest under bindings/swift/; README.md there). make swift-test builds it
# with SwiftPM, runs its XCTest suite and the README example through a
# package that depends on cliquet by path. No Swift toolchain: it says so and
# succeeds (.ci/run requires the toolchain). SwiftPM compiles lib/ itself, so
# only libsodium (pkg-config) is needed from Debian; the toolchain is not a
# Debian package: swift on PATH, else /opt/swift/usr/bin/swift.
DEPS_PKGS      += pkg-config libsodium-dev
BINDING_CHECKS += swift-test

SWIFT_BIN      ?= $(or $(shell command -v swift 2>/dev/null),$(wildcard /opt/swift/usr/bin/swift))
SWIFT_JOBS     ?= 2
SWIFT_OUT      := build/swift
SWIFT_FIXTURE  := bindings/swift/Fixtures/ReadmeExample
SWIFT_EXAMPLE  := $(SWIFT_FIXTURE)/Sources/ReadmeExample/main.swift

.PHONY: swift-test
swift-test:
ifeq ($(SWIFT_BIN),)
	@echo "swift: skipped (no Swift toolchain)"
else
	@mkdir -p $(SWIFT_OUT)
	@sed -n '/^```swift$$/,/^```$$/p' bindings/swift/README.md | sed '1d;$$d' > $(SWIFT_OUT)/readme-example.swift
	@cmp -s $(SWIFT_OUT)/readme-example.swift $(SWIFT_EXAMPLE) || { \
	    echo "swift: the README example differs from $(SWIFT_EXAMPLE):"; \
	    diff $(SWIFT_OUT)/readme-example.swift $(SWIFT_EXAMPLE); exit 1; }
	@start=$$(date +%s); \
	$(SWIFT_BIN) build -j $(SWIFT_JOBS) --build-path $(SWIFT_OUT) > $(SWIFT_OUT)/build.log 2>&1 \
	    || { cat $(SWIFT_OUT)/build.log; echo "swift: swift build failed"; exit 1; }; \
	$(SWIFT_BIN) test -j $(SWIFT_JOBS) --build-path $(SWIFT_OUT) > $(SWIFT_OUT)/test.log 2>&1 \
	    || { grep -E 'error|failed' $(SWIFT_OUT)/test.log | head -50; echo "swift: swift test failed"; exit 1; }; \
	$(SWIFT_BIN) run -j $(SWIFT_JOBS) --package-path $(SWIFT_FIXTURE) --build-path $(CURDIR)/$(SWIFT_OUT)-fixture \
	    ReadmeExample > $(SWIFT_OUT)/fixture.log 2>&1 \
	    || { cat $(SWIFT_OUT)/fixture.log; echo "swift: the README example failed"; exit 1; }; \
	grep -q '^alice read: thanks$$' $(SWIFT_OUT)/fixture.log \
	    || { cat $(SWIFT_OUT)/fixture.log; echo "swift: the README example did not run to the end"; exit 1; }; \
	echo "swift: $$(grep -E "Executed [0-9]+ tests?," $(SWIFT_OUT)/test.log | tail -1 | sed 's/^[[:space:]]*//')"; \
	echo "swift: README example run by a package depending on cliquet by path ($$(( $$(date +%s) - start )) s in all)"
endif
