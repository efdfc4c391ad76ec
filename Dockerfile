# syntax=docker/dockerfile:1
# Triage: build the environment from uv.lock, then run as a non-root user with gunicorn.

FROM python:3.13-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Static files are collected and compressed at build time; whitenoise serves them.
RUN DEBUG=0 SECRET_KEY=collectstatic-only STATIC_MANIFEST=1 \
    .venv/bin/python manage.py collectstatic --no-input

FROM python:3.13-slim
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 PORT=8000
RUN useradd --create-home --uid 10001 triage
WORKDIR /app
COPY --from=build --chown=triage:triage /app /app
USER 10001
EXPOSE 8000
# Asks /healthz by a name in ALLOWED_HOSTS: as 127.0.0.1 the app would answer 400.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "config/healthcheck.py"]
# Migrations run at container start, one container at a time; then gunicorn serves on $PORT.
CMD ["sh", "-c", "python manage.py migrate_serially && exec gunicorn config.wsgi --config config/gunicorn.py"]
