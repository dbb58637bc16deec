#!/usr/bin/env bash
# The pinned packages of both images as wheels in one folder, for a Docker build that reaches no package index:
# the folder is served on the build host's loopback and the builds install from it alone (README, Deploying).
#
#   deploy/docker/wheelhouse.sh /srv/wheelhouse
#   python3 -m http.server 8765 --bind 127.0.0.1 --directory /srv/wheelhouse &
#   make images IMAGE_BUILD_ARGS='--network host --build-arg PIP_OPTIONS="--no-index --find-links http://127.0.0.1:8765/"' …
#
# Each runtime's wheels are made by the CPython the images are built on (the ones .venv and .venv-rasa run on, by
# default), so the wheels' tags and the pins' environment markers are the images' own. Packages published only as
# a source archive are built into wheels here (PEP 517, in isolation), so the image installs no source archive.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?usage: deploy/docker/wheelhouse.sh FOLDER}
home() { sed -n 's/^home = \(.*\)\/bin$/\1/p' "$ROOT/$1/pyvenv.cfg" 2>/dev/null; }
PYTHON311=${PYTHON311:-$(home .venv)/bin/python3.11}
PYTHON310=${PYTHON310:-$(home .venv-rasa)/bin/python3.10}
# torch's CPU build (requirements/app.txt pins +cpu) is on PyTorch's index, not on PyPI: the app image's default,
# or TORCH_INDEX; pip's own configuration (a mirror, a find-links folder) is used as well.
TORCH_INDEX=${TORCH_INDEX:-$(sed -n 's/^ARG TORCH_INDEX=//p' "$ROOT/deploy/docker/app.Dockerfile")}

mkdir -p "$OUT"
"$PYTHON311" -m pip wheel --no-deps --use-pep517 --extra-index-url "$TORCH_INDEX" -r "$ROOT/requirements/app.txt" -w "$OUT"
"$PYTHON310" -m pip wheel --no-deps --use-pep517 -r "$ROOT/requirements/rasa.txt" -w "$OUT"
echo "$(find "$OUT" -name '*.whl' | wc -l) wheels in $OUT"
