# syntax=docker/dockerfile:1
# The Python 3.10 runtime (.venv-rasa): Rasa 3.6 with Relais's channel (rasa_channels/) and NLU components
# (rasa_components/), and the trained model.
#
#   make train && docker build -f deploy/docker/rasa.Dockerfile -t relais-rasa:VERSION .       (make images)
#
# Rasa 3.6 needs Python 3.10 and its own old pins (DESIGN.md, "Two Python runtimes"): every package is the version
# requirements/rasa.txt pins. Multi-stage as the app image: the compilers stay in the build stage.
ARG PYTHON_IMAGE=python:3.10.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# More for pip, as in app.Dockerfile: "--no-index --find-links URL" where the build host reaches no index.
ARG PIP_OPTIONS=
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements/rasa.txt /tmp/rasa.txt
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check ${PIP_OPTIONS} \
        --requirement /tmp/rasa.txt \
    && /opt/venv/bin/pip uninstall --yes pip

# Everything but the model: `--target runtime` builds it where no model was trained yet, to check the build and
# the image (tests/deploy/test_images.py); never deployed: it has no model to answer with.
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 relais \
    && useradd --system --uid 10001 --gid relais --home-dir /app --shell /usr/sbin/nologin relais
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The channel imports the door claims and the secret masking of servicedesk (the import contracts keep it to them).
COPY --chown=root:root rasa_channels/ rasa_channels/
COPY --chown=root:root rasa_components/ rasa_components/
COPY --chown=root:root servicedesk/ servicedesk/
COPY --chown=root:root config.yml domain.yml credentials.yml endpoints.yml endpoints.production.yml ./
# Where the model goes (the last stage): `rasa run` would make it, on what is a read-only root file system.
RUN mkdir models
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOME=/tmp \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore
USER 10001:10001
EXPOSE 5005
# The token comes from the environment (a Secret): "--auth-token=$RELAIS_RASA_TOKEN" in one word, a token may
# start with "-". The production endpoints read the tracker store and the lock store from the environment too.
CMD ["sh", "-c", "exec rasa run --enable-api --auth-token=\"$RELAIS_RASA_TOKEN\" --interface 0.0.0.0 --port 5005 --model models --endpoints endpoints.production.yml --credentials credentials.yml"]

FROM runtime
# The model `make train` made (models/*.tar.gz): `rasa run --model models` loads the newest.
COPY --chown=root:root models/*.tar.gz models/
