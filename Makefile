# Every target creates .venv with pip when it is missing, and reinstalls only when pyproject.toml changed.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Served from this machine's disk; elsewhere pip downloads the same releases.
TORCH  := torch==2.14.1 torchvision==0.29.1
export QT_QPA_PLATFORM ?=

# make test-min: the same tests in .venv-min, with every dependency at the lowest version pyproject.toml
# allows (packaging/constraints-min.txt, written by packaging/lowest_versions.py). Not in .ci/run: a second
# torch is several GB. TESTS picks a subset, e.g. make test-min TESTS=tests/core
VENV_MIN := .venv-min
PY_MIN   := $(VENV_MIN)/bin/python
STAMP_MIN := $(VENV_MIN)/.installed
MIN_CONSTRAINTS := packaging/constraints-min.txt
TESTS ?=

.PHONY: run test test-min bench lint package translations clean

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q $(TORCH)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(PY) -m cnnstudio.ui.platform_check
	$(PY) -m cnnstudio

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider

$(PY_MIN):
	python3 -m venv $(VENV_MIN)

$(STAMP_MIN): pyproject.toml $(MIN_CONSTRAINTS) | $(PY_MIN)
	$(PY_MIN) packaging/lowest_versions.py --check
	$(PY_MIN) -m pip install --disable-pip-version-check -q -c $(MIN_CONSTRAINTS) setuptools -e '.[dev]'  # setuptools: the build's floor (tests build a wheel without isolation)
	touch $(STAMP_MIN)

test-min: $(STAMP_MIN)
	$(PY_MIN) -m pip list --disable-pip-version-check 2>/dev/null | grep -i -E '^(pyside6|pyqtgraph|torch|torchvision|numpy|scipy) '
	QT_QPA_PLATFORM=offscreen $(PY_MIN) -m pytest -p no:cacheprovider $(TESTS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check cnnstudio tests benchmarks
	$(PY) -c 'import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))'

package: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -q pyinstaller
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build packaging/cnnstudio.spec

# After changing user-visible text: refresh the .ts file, translate what it marks unfinished, run again.
translations: $(STAMP)
	$(PY) resources/translations/update.py

clean:
	rm -rf build dist .pytest_cache
