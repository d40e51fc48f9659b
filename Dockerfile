# syntax=docker/dockerfile:1
# Lookout: one image for every controller (`lookout manager --controllers=...`).

ARG PYTHON_VERSION=3.11

# ---- build: a virtualenv with the dependencies, then the project ----
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/lookout
ENV PATH=/opt/lookout/bin:$PATH
WORKDIR /src

# Dependencies in their own layer: rebuilt only when pyproject.toml changes. The list is
# read from pyproject.toml (runtime dependencies plus build requirements), never copied.
COPY pyproject.toml ./
RUN python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['build-system']['requires'] + d['project']['dependencies']))" > requirements.txt \
 && python -m pip install -r requirements.txt

# The project itself (the same install step tests/api/test_dockerfile.py runs).
COPY README.md ./
COPY api ./api
COPY controller_runtime ./controller_runtime
COPY controllers ./controllers
RUN python -m pip install --no-deps --no-build-isolation .

# ---- runtime: slim Python, git and ssh for image automation, no build tools ----
FROM python:${PYTHON_VERSION}-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/lookout /opt/lookout
ENV PATH=/opt/lookout/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/tmp
WORKDIR /tmp
# nobody:nogroup; the manifests also run with a read-only root filesystem, /data and /tmp
# being emptyDir volumes.
USER 65534:65534
ENTRYPOINT ["lookout"]
CMD ["manager"]
