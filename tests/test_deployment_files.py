"""The deployment files, checked for what an operator would notice if they were wrong.

Docker engines do not run here, so docker-compose.yml, the Dockerfile and .env.example are
parsed and read. No database needed: runs with `-p no:django` too.
"""

import contextlib
import os
import re
import shlex
import signal
import subprocess
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")

# Every way settings.py reads a variable: its env_* helpers, and os.environ / os.getenv directly.
SETTINGS_VARIABLE_PATTERNS = (
    re.compile(r"""\benv_(?:str|bool|int|decimal|list)\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\bos\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""),
    re.compile(r"""\bos\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
)


@pytest.fixture(autouse=True)
def _fast_tests():
    """Replace the suite's autouse fixture (it needs pytest-django's `settings`): nothing to set here."""


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Join continuation lines so each instruction is one line.
    return re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())


def command_text(service: dict) -> str:
    """A service's command as one string, whether written as a string or a list."""
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def environment(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def instructions(dockerfile: str, name: str) -> list[str]:
    """The arguments of every `NAME ...` instruction of the final stage."""
    final_stage = re.split(r"(?im)^FROM\s", dockerfile)[-1]
    return [m.group(1).strip() for m in re.finditer(rf"(?im)^{name}\s+(.*)$", final_stage)]


def exec_form(argument: str) -> str:
    """`["a", "b"]` (exec form) or `a b` (shell form) as one command string."""
    argument = argument.strip()
    if argument.startswith("["):
        return " ".join(yaml.safe_load(argument))
    return argument


# --- docker-compose.yml ---------------------------------------------------------------------


def test_compose_has_the_five_services(services):
    assert {"db", "redis", "web", "worker", "beat"} <= set(services), sorted(services)


def test_web_worker_and_beat_run_the_same_image(services):
    images = {name: services[name].get("image") for name in APP_SERVICES}
    builds = {name: repr(services[name].get("build")) for name in APP_SERVICES}
    assert all(images.values()), f"every app service names its image: {images}"
    assert len(set(images.values())) == 1, f"one image for web, worker and beat: {images}"
    assert all(services[name].get("build") for name in APP_SERVICES), f"each can build it: {builds}"
    assert len(set(builds.values())) == 1, f"built from the same context: {builds}"


def test_db_is_postgres_15_with_a_healthcheck(services):
    db = services["db"]
    assert re.fullmatch(r"postgres:15(\.\d+)*(-\w+)?", db["image"]), db["image"]
    test = db.get("healthcheck", {}).get("test")
    assert test, "db needs a healthcheck for web's depends_on"
    assert "pg_isready" in (" ".join(test) if isinstance(test, list) else test)
    env = environment(db)
    assert env.get("POSTGRES_DB") == env.get("POSTGRES_USER") == "cspeval"
    assert env.get("POSTGRES_PASSWORD")


def test_redis_is_redis_7_with_a_healthcheck(services):
    redis = services["redis"]
    assert re.fullmatch(r"redis:7(\.\d+)*(-\w+)?", redis["image"]), redis["image"]
    test = redis.get("healthcheck", {}).get("test")
    assert test, "redis needs a healthcheck for web's depends_on"
    assert "redis-cli ping" in (" ".join(test) if isinstance(test, list) else test)


def test_web_waits_for_healthy_db_and_redis(services):
    depends_on = services["web"].get("depends_on")
    assert isinstance(depends_on, dict), "the long form is needed to wait for health"
    for name in ("db", "redis"):
        assert depends_on.get(name, {}).get("condition") == "service_healthy", (name, depends_on)


def test_web_migrates_then_serves_gunicorn_on_port_8000(services):
    web = services["web"]
    command = command_text(web)
    assert "manage.py migrate" in command
    assert "gunicorn cspeval.wsgi" in command
    assert command.index("manage.py migrate") < command.index("gunicorn"), "migrate before serving"
    assert "--bind 0.0.0.0:8000" in command
    assert any(str(port).split(":")[-2:] == ["8000", "8000"] for port in web.get("ports", [])), web.get("ports")
    test = web.get("healthcheck", {}).get("test")
    assert test and "/healthz" in (" ".join(test) if isinstance(test, list) else test)


def test_worker_runs_the_celery_worker(services):
    command = shlex.split(command_text(services["worker"]))
    assert command[:4] == ["celery", "-A", "cspeval", "worker"], command


def test_beat_runs_celery_beat(services):
    command = shlex.split(command_text(services["beat"]))
    assert command[:4] == ["celery", "-A", "cspeval", "beat"], command


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_are_started_again_when_they_exit(services, name):
    # A worker that gives up on its broker exits: Docker must bring it back, not leave it down.
    restart = services[name].get("restart")
    assert restart in {"unless-stopped", "always"}, f"{name}: restart={restart!r}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_use_the_db_and_redis_services(services, name):
    env = environment(services[name])
    database = env.get("DATABASE_URL", "")
    broker = env.get("CELERY_BROKER_URL", "")
    assert re.fullmatch(r"postgres(ql)?://[^@/]+@db(:5432)?/\w+", database), f"{name}: DATABASE_URL={database!r}"
    assert re.fullmatch(r"redis://redis(:6379)?(/\d+)?", broker), f"{name}: CELERY_BROKER_URL={broker!r}"
    assert str(env.get("DJANGO_DEBUG")).lower() == "false", f"{name} runs with DEBUG off"
    assert env.get("DJANGO_SECRET_KEY"), f"{name} needs DJANGO_SECRET_KEY when DEBUG is off"


def test_app_services_share_one_environment(services):
    first, *others = (environment(services[name]) for name in APP_SERVICES)
    for name, env in zip(APP_SERVICES[1:], others, strict=True):
        assert env == first, f"{name}'s environment differs from web's"


def test_named_volumes_are_declared(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services.items():
        for volume in service.get("volumes", []):
            if isinstance(volume, dict):
                source = volume.get("source") if volume.get("type", "volume") == "volume" else None
            else:
                source = str(volume).split(":", 1)[0]
            if source and not source.startswith((".", "/", "~", "$")):
                used.add((name, source))
    assert {"pgdata"} <= {source for _, source in used}, "PostgreSQL's data must live on a named volume"
    missing = sorted(f"{source} (used by {name})" for name, source in used if source not in declared)
    assert not missing, f"named volumes not declared at the top level: {missing}"


# --- make worker / make beat --------------------------------------------------------------------


def make_recipe(target: str) -> str:
    """The commands of one Makefile target, joined."""
    match = re.search(rf"(?m)^{target}:.*\n((?:\t.*\n?)+)", (ROOT / "Makefile").read_text())
    assert match, f"no {target} target in the Makefile"
    return match.group(1)


@pytest.mark.parametrize(
    ("target", "command"), [("worker", "celery -A cspeval worker"), ("beat", "celery -A cspeval beat")]
)
def test_make_runs_worker_and_beat_under_the_restart_loop(target, command):
    recipe = make_recipe(target)
    assert "scripts/supervise.sh" in recipe, recipe
    assert command in recipe, recipe


def _as_from_a_terminal() -> None:
    """In the child, before it runs: signals as a shell in a terminal starts a command with them
    (default handlers, none blocked), whatever this test process inherited or set up."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def test_supervise_starts_a_command_again_when_it_exits_and_stops_on_ctrl_c(tmp_path):
    # given a command that exits at once on its first run and stays up on its second
    runs = tmp_path / "runs"
    runs.touch()
    command = f'echo run >> {runs}; [ "$(wc -l < {runs})" -ge 2 ] && exec sleep 60; exit 3'
    loop = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "supervise.sh"), "sh", "-c", command],
        stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    try:
        # when it exits, then it is started again after a short backoff
        deadline = time.monotonic() + 10
        while runs.read_text().count("run") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runs.read_text().count("run") == 2, "not started again within 10 s"
        # when Ctrl-C reaches the terminal's process group, then the loop and its command stop, for good
        os.killpg(loop.pid, signal.SIGINT)
        assert loop.wait(timeout=10) == 130
        assert "exited with status 3" in loop.stderr.read()
        time.sleep(1.5)
        assert runs.read_text().count("run") == 2, "started again after Ctrl-C"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(loop.pid, signal.SIGKILL)
    with pytest.raises(ProcessLookupError):
        os.killpg(loop.pid, 0)  # nothing of it left running


# --- Dockerfile -------------------------------------------------------------------------------


def test_dockerfile_default_command_runs_gunicorn(dockerfile):
    cmds = instructions(dockerfile, "CMD")
    assert cmds, "the final stage needs a CMD"
    command = exec_form(cmds[-1])
    assert command.startswith("gunicorn cspeval.wsgi"), command
    assert "0.0.0.0:8000" in command
    assert "8000" in " ".join(instructions(dockerfile, "EXPOSE"))


def test_dockerfile_collects_static_files(dockerfile):
    runs = " ".join(instructions(dockerfile, "RUN"))
    assert "manage.py collectstatic --noinput" in runs


def test_dockerfile_does_not_run_as_root(dockerfile):
    users = instructions(dockerfile, "USER")
    assert users, "the final stage needs a USER line"
    assert users[-1].split(":")[0] not in {"root", "0"}, users[-1]


def test_dockerfile_probes_healthz(dockerfile):
    checks = instructions(dockerfile, "HEALTHCHECK")
    assert checks and "/healthz" in checks[-1]


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    for entry in (".venv", "node_modules", ".git", "db.sqlite3", "staticfiles"):
        assert entry in ignored, entry


def test_the_image_gets_the_content_files(dockerfile):
    # The questionnaires and the demo world are TOML files read at run time (seed_demo): the whole
    # tree is copied, and no .dockerignore pattern leaves them (or a folder above them) out.
    assert re.search(r"^COPY \. \.$", dockerfile, re.MULTILINE)
    patterns = [p.removeprefix("**/") for p in (ROOT / ".dockerignore").read_text().split() if not p.startswith("#")]
    files = sorted(p.relative_to(ROOT).as_posix() for d in ("assessments", "demo") for p in (ROOT / d).rglob("*.toml"))
    assert "assessments/content/provider_scorecard.toml" in files and "demo/content/people.toml" in files
    for path in files:
        parts = path.split("/")
        for shown in ["/".join(parts[: i + 1]) for i in range(len(parts))] + parts:
            assert not any(fnmatch(shown, pattern) for pattern in patterns), (path, shown)


# --- .env.example -----------------------------------------------------------------------------


def settings_variables() -> set[str]:
    source = (ROOT / "cspeval" / "settings.py").read_text()
    return {name for pattern in SETTINGS_VARIABLE_PATTERNS for name in pattern.findall(source)}


def test_settings_reads_variables_at_all():
    # Guards the regex: if settings.py changed style and nothing matched, the next test would pass vacuously.
    assert {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= settings_variables()


def test_env_example_names_every_variable_settings_reads():
    lines = (ROOT / ".env.example").read_text().splitlines()
    listed = {m.group(1) for line in lines if (m := re.match(r"\s*([A-Z][A-Z0-9_]*)=", line))}
    missing = sorted(settings_variables() - listed)
    assert not missing, f".env.example does not name: {', '.join(missing)}"


def test_env_example_has_a_comment_above_each_variable():
    lines = (ROOT / ".env.example").read_text().splitlines()
    uncommented = [
        line.split("=", 1)[0]
        for previous, line in zip(["", *lines], lines, strict=False)
        if re.match(r"[A-Z][A-Z0-9_]*=", line) and not previous.startswith("#")
    ]
    assert not uncommented, f"variables without a comment line above: {uncommented}"
