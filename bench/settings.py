"""The production settings, plus one bare view to measure the reader's pages against."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
