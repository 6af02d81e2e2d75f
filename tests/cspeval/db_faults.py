"""Database faults for tests: a black hole, a closed port, and session settings for new connections."""

import re
import socket
import threading
from contextlib import contextmanager

from django.db import connections


@contextmanager
def black_hole():
    """A TCP server on a free loopback port that accepts connections and never answers a byte:
    what a database behind a partition (packets dropped) looks like to a client."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, name="black-hole", daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()


def closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_session_settings(options: str, **values) -> str:
    """libpq `options` with these `-c name=value` replaced."""
    for name, value in values.items():
        options, found = re.subn(rf"-c {name}=\S+", f"-c {name}={value}", options)
        assert found, f"{name} is not among the connection's options: {options}"
    return options


@contextmanager
def default_database(*, port: int | None = None, connect_timeout: int | None = None, **session):
    """Connections to the default database opened inside the block go to this loopback port and/or
    start with these session settings (the test's own connection is closed first, so its next
    query reconnects); everything is put back afterwards. Needs a transactional test."""
    conn = connections["default"]
    saved_host, saved_port = conn.settings_dict["HOST"], conn.settings_dict["PORT"]
    options = conn.settings_dict["OPTIONS"]
    saved_options = dict(options)
    conn.close()
    if port is not None:
        conn.settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    if connect_timeout is not None:
        options["connect_timeout"] = connect_timeout
    if session:
        options["options"] = with_session_settings(options["options"], **session)
    try:
        yield conn
    finally:
        conn.close()
        conn.settings_dict.update(HOST=saved_host, PORT=saved_port)
        options.clear()
        options.update(saved_options)


def raw_connection(**session):
    """A psycopg2 connection of its own, opened with the settings' parameters (and these session
    settings instead of the configured ones): another client of the same database."""
    import psycopg2

    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    if session:
        params["options"] = with_session_settings(params["options"], **session)
    return psycopg2.connect(**params)
