# Every target creates .venv with pip when it is missing, and reinstalls only when pyproject.toml changed.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Served from this machine's disk; elsewhere pip downloads the same releases.
TORCH  := torch==2.14.1 torchvision==0.29.1
export QT_QPA_PLATFORM ?=

.PHONY: run test bench lint package translations clean

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
