from django.contrib import admin
from django.urls import include, path

from newsroom import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("articles.urls")),
    path("desk/", include("articles.desk.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
