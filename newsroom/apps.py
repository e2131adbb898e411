from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project itself, as an app only to connect what newsroom.privacy needs at sign-in."""

    name = "newsroom"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .privacy import renewed_at_sign_in

        user_logged_in.connect(renewed_at_sign_in, dispatch_uid="newsroom.renewed_at_sign_in")
