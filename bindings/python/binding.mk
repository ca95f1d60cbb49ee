# bindings/python: the `cliquet` package (cffi, API mode) and its pytest
# suite. Included by the top-level Makefile; make test runs python-test after
# the C suites. Debian's /usr/bin/python3 on purpose: python3-cffi, pytest,
# Hypothesis, mypy and python-olm are installed for it, not for whatever
# python3 comes first on PATH.

DEPS_PKGS      += python3-cffi python3-pip python3-setuptools python3-wheel \
                  python3-pytest python3-hypothesis mypy python3-olm
BINDING_CHECKS += python-test

PY_PYTHON      := /usr/bin/python3
PY_DIR         := bindings/python
PY_SITE        := $(BUILD)/python/site

.PHONY: python-test python-build

# Builds and installs the package the way a user does (pip, offline, no
# build isolation: setuptools and cffi come from Debian) into build/python.
python-build: lib
	@rm -rf $(BUILD)/python $(PY_DIR)/build
	@$(PY_PYTHON) -m pip install --quiet --root-user-action=ignore --no-build-isolation \
	    --no-deps --no-index --target $(PY_SITE) ./$(PY_DIR)
	@rm -rf $(PY_DIR)/build $(PY_DIR)/src/cliquet.egg-info

# mypy --strict over the package, its tests and the example; then pytest,
# with Hypothesis's statistics, against the installed copy.
python-test: python-build
	@cd $(PY_DIR) && MYPYPATH=src $(PY_PYTHON) -m mypy --strict \
	    --cache-dir $(CURDIR)/$(BUILD)/python/mypy-cache \
	    src/cliquet tests $(CURDIR)/examples/python/demo.py
	@cd $(PY_DIR) && PYTHONPATH=$(CURDIR)/$(PY_SITE) CLIQUET_REPO=$(CURDIR) \
	    HYPOTHESIS_STORAGE_DIRECTORY=$(CURDIR)/$(BUILD)/python/hypothesis \
	    $(PY_PYTHON) -m pytest -q -p no:cacheprovider --hypothesis-show-statistics tests
