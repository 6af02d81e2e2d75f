"""Shared fixtures: a small world with every role, and switches for the real services.

Set CSPEVAL_REQUIRE_SERVICES=1 (CI does) to turn a missing PostgreSQL, Redis or Chromium
into a failure instead of a skip.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("CSPEVAL_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def need(condition: bool, reason: str) -> None:
    """Skip when a real service is missing, or fail when CI requires it."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (CSPEVAL_REQUIRE_SERVICES is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REDIS_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The token endpoint's throttle counts in the default cache (per process): each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_structure_caches():
    """The questionnaire caches are per process and keyed by (id, weights revision); ids repeat
    between tests, so each test starts and ends with them empty."""
    from assessments import selectors
    from assessments.pipeline.specs import spec_cache_clear

    spec_cache_clear()
    selectors.structure_cache_clear()
    yield
    spec_cache_clear()
    selectors.structure_cache_clear()


@pytest.fixture
def world(db):
    """Contoso (reseller) with a member, a viewer; Tailspin with a member; Northwind and Fabrikam
    (providers) with a member each; an admin; a published scorecard questionnaire; scorecards of
    each reseller about Northwind (Contoso's shared with it) and one of Contoso about Fabrikam."""
    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        ProviderFactory,
        ScorecardFactory,
        UserFactory,
        build_questionnaire,
    )

    class World:
        pass

    w = World()
    w.questionnaire = build_questionnaire()
    w.readiness_questionnaire = build_questionnaire("reseller_readiness")
    w.contoso = OrganisationFactory(name="Contoso", slug="contoso")
    w.tailspin = OrganisationFactory(name="Tailspin", slug="tailspin")
    w.northwind = ProviderFactory(name="Northwind", slug="northwind")
    w.fabrikam = ProviderFactory(name="Fabrikam", slug="fabrikam")
    w.reseller = MembershipFactory(user=UserFactory(username="reseller"), organisation=w.contoso).user
    w.viewer = MembershipFactory(user=UserFactory(username="viewer"), organisation=w.contoso, role="viewer").user
    w.reseller2 = MembershipFactory(user=UserFactory(username="reseller2"), organisation=w.tailspin).user
    w.provider = MembershipFactory(user=UserFactory(username="provider"), organisation=w.northwind).user
    w.provider2 = MembershipFactory(user=UserFactory(username="provider2"), organisation=w.fabrikam).user
    w.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    w.contoso_on_northwind = ScorecardFactory(
        reseller=w.contoso, provider=w.northwind, questionnaire=w.questionnaire, shared_with_provider=True
    )
    w.contoso_on_fabrikam = ScorecardFactory(reseller=w.contoso, provider=w.fabrikam, questionnaire=w.questionnaire)
    w.tailspin_on_northwind = ScorecardFactory(reseller=w.tailspin, provider=w.northwind, questionnaire=w.questionnaire)
    return w


@pytest.fixture
def scored(world):
    """The world with its three scorecards answered (tests/assessments/weights_support.ANSWERS),
    submitted and scored: 75, 62.5 and 50 overall."""
    from tests.assessments.weights_support import score_world

    return score_world(world)


@pytest.fixture
def postgres(settings):
    need(settings.IS_POSTGRES, "needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "")
    need(bool(url), "needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/14")
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        # the test database's ids repeat from run to run: start without old guards or queued jobs
        client.flushdb()
    except redis.RedisError as exc:
        need(False, f"Redis at {url} is unreachable: {exc}")
    return url


@pytest.fixture
def celery_on_redis(settings, redis_url):
    """A real worker thread consuming this test process's own queue on the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from assessments import jobs
    from cspeval.celery import app
    from tests.celery_support import use_broker

    queue = f"cspeval-test-{os.getpid()}"
    settings.REDIS_URL = redis_url
    jobs.reset_guard_client()
    with (
        use_broker(app, settings, redis_url, queue=queue),
        start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, queues=[queue], loglevel="WARNING"),
    ):
        yield app
    jobs.reset_guard_client()


@pytest.fixture
def jobs_wait_in_the_queue(settings, redis_url):
    """Jobs go to a real Redis queue that no worker consumes (yet), so the test runs each step itself."""
    from cspeval.celery import app
    from tests.celery_support import use_broker

    with use_broker(app, settings, redis_url, queue=f"idle-{os.getpid()}"):
        yield
