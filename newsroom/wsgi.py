import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# A web server's processes learn of story changes from PostgreSQL instead of asking on
# every request (articles.story_cache.listener); tests and scripts, which never load this
# module, keep asking.
from articles.story_cache.listener import listen_for_changes  # noqa: E402

listen_for_changes()
