"""The publishing harness's fixtures (real git: a bare origin, a seed repository, clones; the
sandbox on 127.0.0.1; `smm publish` as a subprocess), shared with tests/publish."""

from publish.conftest import origin, pub, sandbox, scenario, seed  # noqa: F401
