"""Auditable random sampling of finished citizen reports (pure Python, no Odoo).

The draw only depends on three stored values: the ordered population (report
ids), the rate and the seed.  Anybody holding those values can re-run
:func:`draw` and must obtain exactly the same sample, which is what makes the
perception survey auditable.
"""

import hashlib
import math
import random
import secrets

__all__ = ["draw", "sample_size", "make_seed", "population_digest", "verify"]


def _check_population(population_ids_sorted):
    population = list(population_ids_sorted)
    for value in population:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"population ids must be integers, got {value!r}")
    if any(a >= b for a, b in zip(population, population[1:], strict=False)):
        raise ValueError("population ids must be sorted ascending and unique")
    return population


def _check_rate(rate):
    if isinstance(rate, bool) or not isinstance(rate, int | float):
        raise ValueError(f"rate must be a number between 0 and 1, got {rate!r}")
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
    return float(rate)


def sample_size(population_size, rate):
    """Number of items drawn: ``ceil(n * rate)`` (at least one if n and rate > 0)."""
    rate = _check_rate(rate)
    if population_size < 0:
        raise ValueError("population size cannot be negative")
    # round() protects against float noise such as 30 * 0.1 = 3.0000000000000004
    return min(population_size, math.ceil(round(population_size * rate, 9)))


def draw(population_ids_sorted, rate, seed):
    """Draw ``sample_size(len(population), rate)`` ids with ``random.Random(seed)``.

    :param population_ids_sorted: ids sorted ascending, unique (the stored population)
    :param rate: fraction between 0 and 1 (0.1 for 10 %)
    :param seed: str or int stored with the sample
    :return: the drawn ids, sorted ascending
    """
    population = _check_population(population_ids_sorted)
    if seed is None or seed == "":
        raise ValueError("a seed is required to make the draw reproducible")
    if not isinstance(seed, str | int) or isinstance(seed, bool):
        raise ValueError(f"seed must be a string or an integer, got {seed!r}")
    size = sample_size(len(population), rate)
    rng = random.Random(seed)
    return sorted(rng.sample(population, size))


def make_seed(nbytes=8):
    """A fresh, unpredictable seed as a hexadecimal string."""
    return secrets.token_hex(nbytes)


def population_digest(population_ids_sorted):
    """SHA-256 of the population, to detect any later tampering with it."""
    population = _check_population(population_ids_sorted)
    payload = ",".join(str(i) for i in population).encode()
    return hashlib.sha256(payload).hexdigest()


def verify(population_ids_sorted, rate, seed, drawn_ids):
    """True when re-drawing gives exactly ``drawn_ids`` (order ignored)."""
    return draw(population_ids_sorted, rate, seed) == sorted(drawn_ids)
