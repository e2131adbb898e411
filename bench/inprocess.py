"""The story page timed in this process: Django's WSGI handler called directly, through the
whole middleware of the production settings, with no server or network in between.

Each story request is followed by a few requests to the bare view back to back, so that
whatever else the machine does at that moment weighs on both; the ratio is the median story
time over the median bare time.
"""

import gzip
import io
import statistics
import sys
import time

BARE = "/bench/bare/"
BARE_PER_ROUND = 5


class InProcess:
    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, path):
        """(seconds, status, body) of one GET, as a browser asks: gzip accepted."""
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_ENCODING": "gzip",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status[:3]), dict(headers)

        start = time.perf_counter()
        response = self.handler(environ, start_response)
        body = b"".join(response)
        response.close()  # request_finished: the connection goes back to the pool
        elapsed = time.perf_counter() - start
        if answer["headers"].get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return elapsed, answer["status"], body

    def ok(self, path):
        elapsed, status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        return elapsed, body

    def rounds(self, path, count, before, check=None):
        """`count` times: `before()` (not timed), then the story at `path` timed, then the
        bare view back to back. Returns (median story seconds, median bare seconds)."""
        for _ in range(20):  # code and connections warm, as in a server that has run a while
            self.ok(path)
            self.ok(BARE)
        story_times, bare_times = [], []
        for n in range(count):
            expected = before(n)
            elapsed, body = self.ok(path)
            if check:
                check(body, expected)
            story_times.append(elapsed)
            bare_times += [self.ok(BARE)[0] for _ in range(BARE_PER_ROUND)]
        return statistics.median(story_times), statistics.median(bare_times)
