#!/usr/bin/env bash
# Base images made from Debian's packages alone, for a Docker daemon that reaches no image registry (an air-gapped
# build host, or one that reaches only Debian's and PyPI's mirrors). The images' Dockerfiles start from the public
# python:3.x-slim-bookworm images; these stand in for them (README, Deploying):
#
#   sudo deploy/docker/local-bases.sh
#   make images APP_BASE=relais-base/python:3.11-bookworm RASA_BASE=relais-base/python:3.10-bookworm …
#
# relais-base/debian:bookworm       debootstrap's minimal Debian 12, imported as it is
# relais-base/python:3.11-bookworm  + the CPython 3.11 in PYTHON311_PREFIX (default: the one .venv runs on)
# relais-base/python:3.10-bookworm  + the CPython 3.10 in PYTHON310_PREFIX (default: the one .venv-rasa runs on)
#
# Each CPython is copied into /usr/local, as the public images have it, without its tests and site-packages
# (ensurepip makes pip again). Not Debian's python3: Debian 12 has no 3.10, and its 3.11.2 is not the 3.11.7 that
# requirements/app.txt was compiled for (redis wants async-timeout below 3.11.3, which the pins do not hold).
#
# Run as root (debootstrap). Nothing is pulled from an image registry; apt reaches MIRROR during the builds, hence
# --network host (a daemon started with --bridge=none has no other network for them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MIRROR=${MIRROR:-}  # debootstrap's own default when empty
WORK=${WORK:-$(mktemp -d /tmp/relais-bases.XXXXXX)}
home() { sed -n 's/^home = \(.*\)\/bin$/\1/p' "$ROOT/$1/pyvenv.cfg" 2>/dev/null; }
PYTHON311_PREFIX=${PYTHON311_PREFIX:-$(home .venv)}
PYTHON310_PREFIX=${PYTHON310_PREFIX:-$(home .venv-rasa)}

if ! docker image inspect relais-base/debian:bookworm >/dev/null 2>&1; then
    [ -d "$WORK/rootfs/usr" ] || debootstrap --variant=minbase bookworm "$WORK/rootfs" ${MIRROR:+"$MIRROR"}
    # The security and point-release updates, as Docker's debian:bookworm has them, from the mirror debootstrap used.
    mirror=$(awk '$1 == "deb" {print $2; exit}' "$WORK/rootfs/etc/apt/sources.list")
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
        "$mirror" "$mirror" "$mirror" > "$WORK/rootfs/etc/apt/sources.list"
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
    tar -C "$WORK/rootfs" --numeric-owner -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["bash"]' - relais-base/debian:bookworm
fi

# One base per runtime: the shared libraries a CPython built on Debian 12 links against, and that CPython.
python_base() {  # X.Y PREFIX
    local version=$1 prefix=$2
    if [ ! -x "$prefix/bin/python$version" ]; then
        echo "no CPython $version under '$prefix': set PYTHON${version/./}_PREFIX" >&2
        exit 1
    fi
    rm -rf "$WORK/python$version" && mkdir -p "$WORK/python$version"
    tar -C "$prefix" -c --exclude="./lib/python$version/test" --exclude="./lib/python$version/site-packages" \
        --exclude='__pycache__' . | tar -C "$WORK/python$version" -x
    docker build --network host --build-arg VERSION="$version" -t "relais-base/python:$version-bookworm" -f - \
        "$WORK/python$version" <<'DOCKERFILE'
FROM relais-base/debian:bookworm
ARG VERSION
RUN apt-get update && apt-get install -y --no-install-recommends libbz2-1.0 libexpat1 libffi8 libgdbm6 liblzma5 \
        libncursesw6 libreadline8 libsqlite3-0 libssl3 libuuid1 zlib1g ca-certificates netbase tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY . /usr/local/
RUN mkdir -p "/usr/local/lib/python$VERSION/site-packages" && ldconfig \
    && "python$VERSION" -m ensurepip --default-pip && ln -sf "python$VERSION" /usr/local/bin/python \
    && python -c "import ssl, sqlite3, ctypes, lzma, bz2, zlib, readline, uuid, venv, sys; print(sys.version)"
CMD ["python3"]
DOCKERFILE
}

python_base 3.11 "$PYTHON311_PREFIX"
python_base 3.10 "$PYTHON310_PREFIX"
echo "made relais-base/debian:bookworm, relais-base/python:3.11-bookworm, relais-base/python:3.10-bookworm ($WORK)"
