# The app image used by docker-compose.yml: gunicorn serving Django, whitenoise the static files.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY newsroom ./newsroom
COPY articles ./articles
COPY claims ./claims
RUN pip install --no-cache-dir .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# The app runs as an unprivileged user that may write only the collected static files.
RUN useradd --create-home --uid 1000 newsroom && mkdir staticfiles && chown newsroom staticfiles
USER newsroom
EXPOSE 8000
CMD ["gunicorn", "newsroom.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
