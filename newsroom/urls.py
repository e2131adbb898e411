from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health
from .auth import SignInForm

# Our own pages when a request fails: a 503 while the database is out of reach, else a 500;
# a 400 for a request that cannot be read.
handler400 = "newsroom.outage.bad_request"
handler500 = "newsroom.outage.server_error"

# Signing in and out, and changing one's own password. No password-reset pages: no mail is
# configured, and people who forget their password ask an administrator (README).
accounts = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("articles.urls")),
    path("desk/", include("articles.desk.urls")),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
]
