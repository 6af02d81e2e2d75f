"""Browser journeys: Debian's Chromium driven by Playwright, with axe-core on every page visited."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import need

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(autouse=True)
def _need_chromium():
    need(chromium_path() is not None, "needs Chromium: apt-get install chromium (make test does it)")
    need(AXE.exists(), "needs axe-core from npm: npm ci")


_axe_cache: list[str] = []


def _axe_source() -> str:
    if not _axe_cache:
        _axe_cache.append(AXE.read_text())
    return _axe_cache[0]


@pytest.fixture(autouse=True)
def _no_csp_violations(page):
    """Any script or style the Content-Security-Policy blocks fails the test: users would miss it."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield
    assert not violations, "blocked by the CSP:\n" + "\n".join(violations)


def check_accessibility(page) -> None:
    """Run axe-core on the page; fail on serious or critical violations, naming them."""
    # evaluate() runs through the DevTools protocol, so the page's CSP (no inline scripts) stays on
    page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in bad]
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(details)


def sign_in(page, live_server, username: str, password: str = "correct horse battery") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
