# CMake package configurations, installed by make install beside the
# pkg-config files: cliquet (find_package(cliquet), cliquet::cliquet) and,
# for the libolm drop-in, Olm (find_package(Olm 3), Olm::Olm). Included by
# the top-level Makefile after bindings/libolm/libolm.mk, whose SHIM_VERSION
# it uses. test/check_install.sh builds consumers of both.

CMAKEDIR      ?= $(LIBDIR)/cmake
# test/check_install.sh builds the consumers with Debian's cmake.
DEPS_PKGS     += cmake
CMAKE_GEN     := $(BUILD)/cmake
CMAKE_FILES   := $(CMAKE_GEN)/cliquet/cliquetConfig.cmake \
                 $(CMAKE_GEN)/cliquet/cliquetConfigVersion.cmake \
                 $(CMAKE_GEN)/Olm/OlmConfig.cmake $(CMAKE_GEN)/Olm/OlmConfigVersion.cmake

# The target's pointer size, for the version files: asked of the compiler,
# so that it is right for a cross build too.
POINTER_BYTES  = $(shell echo __SIZEOF_POINTER__ | $(CC) -E -P -x c - | tail -n 1)

# Where the libraries and headers are, seen from a package's own directory.
relative_to    = $(shell realpath -m --relative-to=$(1) $(2))

.PHONY: cmake-configs cmake-install cmake-uninstall cmake-always

# Written on every install, as PREFIX, LIBDIR and INCLUDEDIR may differ
# from one make install to the next.
cmake-always:

cmake-configs: $(CMAKE_FILES)

# Each package's files, with its name and version (target-specific).
$(CMAKE_GEN)/cliquet/%: CMAKE_PKG := cliquet
$(CMAKE_GEN)/cliquet/%: CMAKE_PKG_VERSION := $(VERSION)
$(CMAKE_GEN)/Olm/%: CMAKE_PKG := Olm
$(CMAKE_GEN)/Olm/%: CMAKE_PKG_VERSION := $(SHIM_VERSION)

CMAKE_CONFIG_RECIPE = @mkdir -p $(dir $@); \
    sed -e 's|@LIBDIR_REL@|$(call relative_to,$(CMAKEDIR)/$(CMAKE_PKG),$(LIBDIR))|' \
        -e 's|@INCLUDEDIR_REL@|$(call relative_to,$(CMAKEDIR)/$(CMAKE_PKG),$(INCLUDEDIR))|' \
        -e 's|@SOVERSION@|$(SOVERSION)|' -e 's|@VERSION@|$(CMAKE_PKG_VERSION)|' $< > $@
CMAKE_VERSION_RECIPE = @mkdir -p $(dir $@); \
    sed -e 's|@PACKAGE@|$(CMAKE_PKG)|' -e 's|@POINTER_BYTES@|$(POINTER_BYTES)|' \
        -e 's|@VERSION@|$(CMAKE_PKG_VERSION)|' $< > $@

$(CMAKE_GEN)/cliquet/cliquetConfig.cmake: cmake/cliquetConfig.cmake.in cmake/cmake.mk Makefile cmake-always
	$(CMAKE_CONFIG_RECIPE)

$(CMAKE_GEN)/Olm/OlmConfig.cmake: cmake/OlmConfig.cmake.in cmake/cmake.mk Makefile cmake-always
	$(CMAKE_CONFIG_RECIPE)

$(CMAKE_GEN)/cliquet/cliquetConfigVersion.cmake: cmake/ConfigVersion.cmake.in cmake/cmake.mk Makefile cmake-always
	$(CMAKE_VERSION_RECIPE)

$(CMAKE_GEN)/Olm/OlmConfigVersion.cmake: cmake/ConfigVersion.cmake.in cmake/cmake.mk Makefile cmake-always
	$(CMAKE_VERSION_RECIPE)

install: cmake-install
uninstall: cmake-uninstall

cmake-install: $(CMAKE_FILES)
	install -d $(DESTDIR)$(CMAKEDIR)/cliquet $(DESTDIR)$(CMAKEDIR)/Olm
	install -m 644 $(CMAKE_GEN)/cliquet/*.cmake $(DESTDIR)$(CMAKEDIR)/cliquet/
	install -m 644 $(CMAKE_GEN)/Olm/*.cmake $(DESTDIR)$(CMAKEDIR)/Olm/

cmake-uninstall:
	rm -f $(DESTDIR)$(CMAKEDIR)/cliquet/cliquetConfig.cmake \
	      $(DESTDIR)$(CMAKEDIR)/cliquet/cliquetConfigVersion.cmake \
	      $(DESTDIR)$(CMAKEDIR)/Olm/OlmConfig.cmake $(DESTDIR)$(CMAKEDIR)/Olm/OlmConfigVersion.cmake
	-rmdir $(DESTDIR)$(CMAKEDIR)/cliquet $(DESTDIR)$(CMAKEDIR)/Olm $(DESTDIR)$(CMAKEDIR) 2>/dev/null
