# The app image used by docker-compose.yml: gunicorn (gunicorn.conf.py) serving Django,
# whitenoise the static files. The same image runs the one-shot `migrate` service.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY newsroom ./newsroom
COPY articles ./articles
COPY claims ./claims
RUN pip install --no-cache-dir .

COPY manage.py gunicorn.conf.py ./
COPY templates ./templates
COPY static ./static
# Static files are collected now, into the image: every replica serves the same hashed
# files, nothing is written when a container starts, and no volume has to be shared.
# Settings refuse to load without a secret key; this one lives only for this command.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only \
    python manage.py collectstatic --noinput --verbosity 0

# The app runs as an unprivileged user that can write nowhere in /app.
RUN useradd --create-home --uid 1000 newsroom
USER newsroom
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
