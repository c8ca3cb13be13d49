# toolrisk image for the scale-out set-up (docker-compose.yml). The default, zero-setup way to
# run toolrisk is still `make run` on one machine with SQLite.
FROM python:3.11-slim-bookworm

# bubblewrap: the probe's sandbox; nodejs/npm: probing npm-published servers
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY crawler crawler
COPY classifier classifier
COPY catalog catalog
COPY site site
COPY snapshot snapshot
RUN pip install --no-cache-dir -e '.[scale]' && python -m classifier.train

RUN useradd --create-home --uid 10001 toolrisk
USER toolrisk
ENV TOOLRISK_SNAPSHOT_DIR=/app/snapshot
ENTRYPOINT ["toolrisk"]
CMD ["--help"]
