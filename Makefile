# Relais — the two commands a newcomer needs are `make run` and `make test` (see README).
SHELL := /bin/bash
PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa
RASA_ENV := RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore
RASA_DATA = $(shell $(PY) -c "from scripts.model import training_data; print(*training_data())")

.PHONY: run test test-unit setup train validate lint chat bench eval-nlu nlu-review eval-kb bench-kb bench-doors bench-signing bench-uploads bench-console eval-secrets eval-dialogue \
	audit lock clean images bench-faults bench-people

run: setup train  ## install what is missing, train if the data changed, start everything
	@$(PY) -m scripts.run

test: setup validate train lint  ## install what is missing, validate, train if needed, run the whole suite
	@$(PY) -m pytest

# Not e2e (the tests that start Rasa and the action server), not model (the one that needs the trained model), not
# postgresql (the PostgreSQL variant of the database tests, half the time for the rules the SQLite variant runs
# too), not browser (the Playwright tests, a third of the doors' and console's time), not slow (a real subprocess
# of a command line its in-process tests run too, a model read from disk); `make test` runs them all.
# No training, no lint; one pytest worker per core. Bytecode is kept (an environment's
# PYTHONDONTWRITEBYTECODE made every worker and every CLI subprocess compile and rewrite each module again).
test-unit: setup  ## every test that needs no Rasa server, no trained model, no PostgreSQL, no browser: the quick loop
	@PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -m "not e2e and not model and not postgresql and not browser and not slow" -n auto

setup:  ## create/refresh .venv (3.11) and .venv-rasa (3.10) when the pinned requirements changed
	@scripts/setup.sh

train: setup  ## train the Rasa model only if config, domain or training data changed; a running server loads it
	@$(PY) -m scripts.model train

validate: setup  ## check the Rasa training data and domain for conflicts and mistakes
	@$(RASA_ENV) $(RASA) data validate --domain domain.yml --config config.yml --data $(RASA_DATA) --fail-on-warnings 2>&1 \
		| grep -vE "Warning|warnings.warn|^  (import|from|Base|declare_namespace)|^Implementing implicit|^\s*$$" ; exit $${PIPESTATUS[0]}

lint: setup  ## ruff, mypy, and the import contracts that keep the domain free of Rasa/Slack/Teams
	@$(PY) -m ruff check .
	@$(PY) -m mypy
	@PYTHONPATH=. .venv/bin/lint-imports --no-cache

chat:  ## talk to the running bot in the terminal (start it with `make run` first)
	@$(PY) -m bot.terminal_chat

bench: setup  ## load beside the bare `rasa init` bot, 1/10/50 users, REST and web chat (trains the bare bot once)
	@set -o pipefail; $(PY) -m bench.chat_load | tee bench/chat_load.out.txt

eval-nlu: setup  ## train on data/ only, score the held-out file, write reports/nlu/
	@$(PY) -m bench.eval_nlu

nlu-review: setup  ## label the messages the model was unsure about (CLIENT=slug for one client's inbox)
	@$(PY) -m scripts.nlu_review $(if $(CLIENT),--client $(CLIENT))

eval-kb: setup  ## build the demo knowledge base, score BM25 / dense / hybrid on its queries, write reports/kb/
	@$(PY) -m bench.kb_eval

bench-kb: setup  ## knowledge-base latency, memory, build speed at 1k/10k/100k chunks; public datasets (~15 min)
	@$(PY) -m bench.kb_perf
	@$(PY) -m bench.kb_datasets

bench-doors: setup  ## the doors' own overhead (relay, Slack HTTP ack, outbox) with a fake Rasa; ~30 s
	@set -o pipefail; $(PY) -m bench.doors | tee bench/doors.out.txt

eval-secrets: setup  ## secret masking on held-out messages: secrets caught, benign messages left intact
	@$(PY) -m bench.secrets_eval

eval-dialogue: setup train  ## replay the dialogue files through the web chat on the real servers, write reports/dialogue/
	@$(PY) -m bench.eval_dialogue

bench-console: setup  ## the console's queue page with 1,000 open tickets: server side and full HTTP; ~2 min
	@set -o pipefail; $(PY) -m bench.console_queue | tee bench/console_queue.out.txt

bench-faults: setup  ## SIGKILL of the action server, Rasa, the doors, then PostgreSQL and Redis restarts, while users talk; ~7 min
	@set -o pipefail; { $(PY) -m bench.faults && echo && $(PY) -m bench.faults_stores; } | tee bench/faults.out.txt

bench-signing: setup  ## the doors' signed claims: their cost, and a hidden vs a missing number; ~2 min
	@set -o pipefail; $(PY) -m bench.signing | tee bench/signing.out.txt

bench-uploads: setup  ## keeping a trace file: content checks, clamd's scan, local and S3 writes; ~1 min
	@set -o pipefail; $(PY) -m bench.uploads | tee bench/uploads.out.txt

bench-people: setup  ## the people directory: 5,000 people from CSV and from a local slapd, one manager lookup; ~30 s
	@set -o pipefail; $(PY) -m bench.people | tee bench/people.out.txt

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)

# Where no image registry answers: APP_BASE and RASA_BASE name the bases deploy/docker/local-bases.sh makes, and
# IMAGE_BUILD_ARGS goes to both builds (e.g. --network host and a PIP_OPTIONS wheelhouse: README, Deploying).
images: train  ## the two container images, relais-app and relais-rasa:$(VERSION) (deploy/docker/); needs a Docker daemon
	@docker info >/dev/null 2>&1 || { echo "no Docker daemon answers here: the images are built where one runs (README, Deploying)"; exit 1; }
	docker build $(IMAGE_BUILD_ARGS) $(if $(APP_BASE),--build-arg PYTHON_IMAGE=$(APP_BASE)) -f deploy/docker/app.Dockerfile -t relais-app:$(VERSION) .
	docker build $(IMAGE_BUILD_ARGS) $(if $(RASA_BASE),--build-arg PYTHON_IMAGE=$(RASA_BASE)) -f deploy/docker/rasa.Dockerfile -t relais-rasa:$(VERSION) .

audit: setup  ## known vulnerabilities in .venv and .venv-rasa (pip-audit, PyPI's data: needs the network)
	@$(PY) -m scripts.audit

# uv's resolver reads no pip configuration: it is handed the folders of wheels pip is configured to find (on these
# machines, the CPU build of torch). An existing .txt's pins are kept unless an .in asks otherwise; to move one,
# `make lock UPGRADE="--upgrade-package NAME"`. pip itself stays the virtual environment's own.
UV_COMPILE = .venv/bin/uv pip compile --quiet --no-emit-package pip --custom-compile-command "make lock" \
	$(foreach links,$(shell $(PY) -m pip config get global.find-links 2>/dev/null),--find-links $(links)) $(UPGRADE)

lock: setup  ## compile requirements/*.txt from their .in files (uv): runtime app.txt, development dev.txt, Rasa's rasa.txt
	@$(UV_COMPILE) --python .venv/bin/python requirements/app.in -o requirements/app.txt
	@$(UV_COMPILE) --python .venv/bin/python requirements/dev.in -o requirements/dev.txt
	@$(UV_COMPILE) --python .venv-rasa/bin/python requirements/rasa.in -o requirements/rasa.txt

clean:  ## remove trained models, databases and logs (not the virtual environments)
	rm -rf models/*.tar.gz var/* results reports
