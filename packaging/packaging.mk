# Packaging (docs/packaging.md). Included by the top-level Makefile, whose
# variables it uses.
#
#   make deb          the Debian packages in build/deb (dpkg-buildpackage -b,
#                     make test inside, then lintian with no warning)
#   make deb-test     make deb, then install them all, test the installed
#                     packages (python3-olm on the drop-in, pkg-config and
#                     CMake consumers) and restore Debian's libolm (root)
#   make deb-symbols  after an ABI or version change: rewrite debian/*.symbols
#                     and debian/changelog (debian/update-abi)
#   make dist         build/dist: the source tarball of HEAD, binding
#                     artefacts, SHA256SUMS

DEB_OUT       := build/deb
DEB_PKGS      := $(DEPS_PKGS) debhelper dpkg-dev lintian
DEB_TEST_PKGS := $(DEB_PKGS) cmake
DIST_OUT      := build/dist

.PHONY: deb deb-test deb-symbols dist

deb:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEB_PKGS)"
	@sh packaging/deb-build.sh $(DEB_OUT)

deb-test:
	@$(MAKE) --no-print-directory deps DEPS_PKGS="$(DEB_TEST_PKGS)"
	@sh packaging/deb-test.sh $(DEB_OUT)

deb-symbols:
	@sh debian/update-abi

dist:
	@sh packaging/dist.sh $(DIST_OUT)
