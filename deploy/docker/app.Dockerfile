# syntax=docker/dockerfile:1
# The Python 3.11 runtime (.venv): the action server, the doors, the REST API, the console, the SLA supervisor
# and the migrations, one image run with a different command each (deploy/k8s/base, deploy/docker-compose.yml).
#
#   docker build -f deploy/docker/app.Dockerfile -t relais-app:VERSION .       (make images)
#
# Multi-stage: the compilers that build the few packages without a wheel stay in the first stage; the final image
# holds the virtual environment, the project's packages and nothing to build with. Every package is the version
# requirements/app.txt pins (the file `make lock` compiles), torch from PyTorch's CPU index (app.txt pins its +cpu
# build: the CUDA one would add several GB no desk uses).
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
# More for pip, for a build host that reaches no index: "--no-index --find-links http://127.0.0.1:8765/" and a
# wheelhouse of the pins served there (README, Deploying).
ARG PIP_OPTIONS=
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements/app.txt /tmp/app.txt
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --extra-index-url "${TORCH_INDEX}" \
        ${PIP_OPTIONS} --requirement /tmp/app.txt \
    && /opt/venv/bin/pip uninstall --yes pip

FROM ${PYTHON_IMAGE}
# No compiler, no package manager cache; one unprivileged user whose id the manifests name (runAsUser 10001).
RUN groupadd --system --gid 10001 relais \
    && useradd --system --uid 10001 --gid relais --home-dir /app --shell /usr/sbin/nologin relais
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=root:root servicedesk/ servicedesk/
COPY --chown=root:root kb_index/ kb_index/
COPY --chown=root:root bot/ bot/
COPY --chown=root:root actions/ actions/
COPY --chown=root:root api/ api/
COPY --chown=root:root console/ console/
COPY --chown=root:root telemetry/ telemetry/
COPY --chown=root:root scripts/ scripts/
# The clients' settings files (python -m servicedesk settings load), and what the console's studio reads: the
# training data and the domain's intents (its edits go to a retraining outside the cluster: README, Deploying).
COPY --chown=root:root data/ data/
COPY --chown=root:root domain.yml ./
# What the processes write: var/ (mail kept when no SMTP server is set, secrets made on first use when the
# environment names none) and models/kb (the knowledge-base indexes), both volumes in the manifests.
RUN mkdir -p var models/kb && chown relais:relais var models/kb
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RELAIS_BIND_HOST=0.0.0.0 RELAIS_ACTIONS_HOST=0.0.0.0 RELAIS_BOT_HOST=0.0.0.0 RELAIS_API_HOST=0.0.0.0 \
    RELAIS_CONSOLE_HOST=0.0.0.0 RELAIS_KB_ROOT=/app/models/kb HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
USER 10001:10001
EXPOSE 5055 8088 8089 8090 9102
# The manifests and the compose file say which process; alone, the image is the doors.
CMD ["python", "-m", "bot"]
