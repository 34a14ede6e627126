"""Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").

Full jitter spreads the retries of many desks that lost the server at the
same moment, so they do not all come back in the same second.
"""

import random
from collections.abc import Callable


class Backoff:
    """Delays that grow ``base · 2^n`` up to ``cap``, each drawn uniformly from [0, that]."""

    def __init__(
        self, base: float = 0.5, cap: float = 60.0, rng: Callable[[], float] = random.random
    ) -> None:
        self.base = base
        self.cap = cap
        self._rng = rng
        self.failures = 0

    def next_delay(self) -> float:
        """Count one more failure; how long to wait before the next try."""
        ceiling = min(self.cap, self.base * 2.0**self.failures)
        self.failures += 1
        return ceiling * self._rng()

    def reset(self) -> None:
        self.failures = 0
