"""How far an area's weight can move before the providers' ranking changes (pure Python, exact).

For an area `a`, let t be its share of the total weight (t0 now). Moving t while the other areas
keep their proportions (each scaled by (1 - t) / (1 - t0)), a provider's overall is

    f(t) = (n0 + n1·t) / (d0 + d1·t)

(a ratio of linear functions; d1 = 0 when it has a score in every area, or none in `a`). For
0 < t < 1 the denominators are positive, so provider p is ahead of q exactly where
D(t) = num_p·den_q - num_q·den_p > 0, a polynomial of degree ≤ 2. The ranking changes where some
D changes sign (a simple root; a double root only touches), or where a tie present at t0 breaks.
Roots are kept exactly as u + v·√d with Fraction parts, compared exactly, and rounded to 4 dp.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from .engine import quantize


@dataclass(frozen=True)
class WeightInterval:
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class SensitivityResult:
    """Within [min_share, max_share] of the total weight, the area leaves the ranking unchanged.

    `swap_below` / `swap_above` name (overtaker, overtaken), the first pair to swap when the
    share goes below min_share / above max_share; None when the ranking holds to 0 / to 1.
    """

    area_key: str
    current_share: Decimal
    min_share: Decimal
    max_share: Decimal
    swap_below: tuple[str, str] | None = None
    swap_above: tuple[str, str] | None = None

    @property
    def interval(self) -> WeightInterval:
        return WeightInterval(self.min_share, self.max_share)


# --- Exact numbers u + v·√d ------------------------------------------------------------------


@dataclass(frozen=True)
class _Surd:
    u: Fraction
    v: Fraction = Fraction(0)
    d: Fraction = Fraction(0)


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _sign2(a: Fraction, b: Fraction, d: Fraction) -> int:
    """The sign of a + b·√d (d ≥ 0)."""
    sa, sb = _sign(a), _sign(b) if d else 0
    if sb == 0:
        return sa
    if sa in (0, sb):
        return sb
    return sa * _sign(a * a - b * b * d)


def _compare(x: _Surd, y: _Surd) -> int:
    """The sign of x - y: of P + Q with P = a + b·√d1, Q = c·√d2."""
    a, b, c = x.u - y.u, x.v, -y.v
    sp, sq = _sign2(a, b, x.d), _sign(c) if y.d else 0
    if sq == 0:
        return sp
    if sp in (0, sq):
        return sq
    # Opposite signs: the larger magnitude wins, and P² - Q² = (a² + b²·d1 - c²·d2) + 2ab·√d1.
    return sp * _sign2(a * a + b * b * x.d - c * c * y.d, 2 * a * b, x.d)


def _round4(x: _Surd) -> Decimal:
    """x (≥ 0) to 4 decimal places, half up: the n with (n - ½)/10⁴ ≤ x < (n + ½)/10⁴."""
    n = math.floor((float(x.u) + float(x.v) * math.sqrt(float(x.d))) * 10_000 + 0.5)
    n = min(max(n, 0), 10_000)
    while n > 0 and _compare(x, _Surd(Fraction(2 * n - 1, 20_000))) < 0:
        n -= 1
    while _compare(x, _Surd(Fraction(2 * n + 1, 20_000))) >= 0:
        n += 1
    return Decimal(f"{n}E-4")


def _simple_roots(a: Fraction, b: Fraction, c: Fraction) -> list[_Surd]:
    """The roots of a·t² + b·t + c where its sign changes, ascending (not all zero)."""
    if a == 0:
        return [_Surd(-c / b)] if b else []
    discriminant = b * b - 4 * a * c
    if discriminant <= 0:
        return []  # no real root, or a double one that only touches zero
    u, v = -b / (2 * a), abs(1 / (2 * a))
    return [_Surd(u, -v, discriminant), _Surd(u, v, discriminant)]


# --- The scan --------------------------------------------------------------------------------

_ZERO, _ONE = _Surd(Fraction(0)), _Surd(Fraction(1))


def _lines(key: str, weights: dict[str, Fraction], scores: dict[str, Fraction]) -> tuple[Fraction, ...]:
    """(n0, n1, d0, d1): a provider's overall is (n0 + n1·t) / (d0 + d1·t) at share t of `key`."""
    rest = sum(w for k, w in weights.items() if k != key)
    y = sum(weights[k] * s for k, s in scores.items() if k != key) / rest
    m = sum(weights[k] for k in scores if k != key) / rest
    x, h = scores.get(key, Fraction(0)), Fraction(int(key in scores))  # x is 0 when h is
    return y, x - y, m, h - m


def _area(
    key: str, weights: dict[str, Fraction], table: dict[str, dict[str, Fraction]], ranking: list[str]
) -> SensitivityResult:
    total = sum(weights.values())
    t0 = weights[key] / total
    if t0 == 1 or len(ranking) < 2:
        return SensitivityResult(key, quantize(t0), quantize(0), quantize(1))
    here = _Surd(t0)
    lines = {name: _lines(key, weights, table[name]) for name in ranking}
    above: tuple[_Surd, tuple[str, str]] | None = None
    below: tuple[_Surd, tuple[str, str]] | None = None
    # Until the ranking first changes, it is the current order; so at that point some neighbours
    # in it swap (or break their tie): checking neighbours is enough, and names the nearest swap.
    for p, q in pairwise(ranking):
        n0p, n1p, d0p, d1p = lines[p]
        n0q, n1q, d0q, d1q = lines[q]
        a = n1p * d1q - n1q * d1p
        b = n0p * d1q + n1p * d0q - n0q * d1p - n1q * d0p
        c = n0p * d0q - n0q * d0p
        if a == b == c == 0:
            continue  # level everywhere: a tie that never breaks
        up: tuple[_Surd, tuple[str, str]] | None = None
        down: tuple[_Surd, tuple[str, str]] | None = None
        if (a * t0 + b) * t0 + c == 0:  # tied now: the tie breaks on both sides at once
            slope = 2 * a * t0 + b
            up = (here, (p, q) if (_sign(slope) or _sign(a)) > 0 else (q, p))
            down = (here, (p, q) if (-_sign(slope) or _sign(a)) > 0 else (q, p))
        else:  # p is ahead of q now: q overtakes p at the nearest sign change
            roots = _simple_roots(a, b, c)
            ups = [r for r in roots if _compare(r, here) > 0 and _compare(r, _ONE) < 0]
            downs = [r for r in roots if _compare(r, _ZERO) > 0 and _compare(r, here) < 0]
            up = (ups[0], (q, p)) if ups else None
            down = (downs[-1], (q, p)) if downs else None
        # Pairs higher in the ranking come first; a later pair only wins when strictly nearer.
        if up and (above is None or _compare(up[0], above[0]) < 0):
            above = up
        if down and (below is None or _compare(down[0], below[0]) > 0):
            below = down
    return SensitivityResult(
        area_key=key,
        current_share=quantize(t0),
        min_share=_round4(below[0]) if below else quantize(0),
        max_share=_round4(above[0]) if above else quantize(1),
        swap_below=below[1] if below else None,
        swap_above=above[1] if above else None,
    )


def sensitivity(
    area_weights: Mapping[str, Decimal], providers: Mapping[str, Mapping[str, Decimal | None]]
) -> tuple[SensitivityResult, ...]:
    """For each area of positive weight, the shares of the total weight that keep the ranking.

    `providers` maps a provider to its area scores (0..100, None where it has none). Areas not
    in `area_weights` (or of zero weight) are left out; so are providers with no overall.
    """
    weights = {key: Fraction(w) for key, w in area_weights.items() if w is not None and w > 0}
    table = {
        name: {k: Fraction(s) for k, s in scores.items() if k in weights and s is not None}
        for name, scores in providers.items()
    }
    table = {name: scores for name, scores in table.items() if scores}

    def overall(name: str) -> Fraction:
        scores = table[name]
        return sum(weights[k] * s for k, s in scores.items()) / sum(weights[k] for k in scores)

    ranking = sorted(table, key=lambda name: (-overall(name), name))
    return tuple(_area(key, weights, table, ranking) for key in weights)
