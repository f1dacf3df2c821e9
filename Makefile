# dondoc — `make run` to try it, `make test` to check it. Both set up .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup bytecode run test test-tools bench demo clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[pg,dev]'
	touch $(STAMP)

setup: $(STAMP)

# Compiled once, as an installed package would be: start-up then skips compiling dondoc's own
# modules (this matters where PYTHONDONTWRITEBYTECODE is set, as on these machines).
bytecode: setup
	@$(BIN)/python -m compileall -q core db tui >/dev/null

# Builds the demo workspace the first time, then opens it.
run: bytecode
	$(BIN)/dondoc demo --if-missing
	$(BIN)/dondoc --demo

demo: setup
	$(BIN)/dondoc demo --force

test: setup test-tools
	$(BIN)/python -m pytest

# The SSH end-to-end test (tests/test_ssh_e2e.py) needs sshd, ssh and tmux. As root with apt-get
# (CI's clean machine), whatever is missing is installed; otherwise the test says what is missing.
test-tools:
	@missing=""; \
	command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing="$$missing openssh-server"; \
	command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 || missing="$$missing openssh-client"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing for the SSH test:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; } || \
		echo "Could not install$$missing: the SSH test will fail, saying what is missing."; \
	elif [ -n "$$missing" ]; then \
		echo "Note: the SSH test needs$$missing (installed automatically only as root with apt-get)."; \
	fi

bench: bytecode
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
