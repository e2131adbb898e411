from django.contrib import admin
from django.urls import include, path

from newsroom import health

# Our own pages when a request fails: a 503 while the database is out of reach, else a 500.
handler500 = "newsroom.outage.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("articles.urls")),
    path("desk/", include("articles.desk.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
