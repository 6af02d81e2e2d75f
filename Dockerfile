# syntax=docker/dockerfile:1
# One image for web (gunicorn, the default CMD), worker (celery worker) and beat (celery beat).

# --- Front-end assets: npm ci, then copy the few built files into assets/vendor ----------
FROM python:3.11-slim AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY scripts/vendor.mjs scripts/vendor.mjs
RUN node scripts/vendor.mjs

# --- The application --------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
COPY --from=assets /build/assets/vendor/ assets/vendor/

# Manifest + compressed static files, as production (DJANGO_DEBUG=false) serves them.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

# The code stays owned by root (read-only to the app); the app runs as an unprivileged user.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app
USER app

EXPOSE 8000

# Liveness: /healthz touches neither the database nor the broker. The Host header is the first
# DJANGO_ALLOWED_HOSTS entry, so the probe is not refused as a disallowed host in production.
# (worker and beat run this same image: docker-compose.yml overrides their health checks.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = (os.environ.get('DJANGO_ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

CMD ["gunicorn", "cspeval.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
