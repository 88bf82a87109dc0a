"""The one exception a delivery handler raises when a message could not be delivered."""

from __future__ import annotations


class DeliveryError(Exception):
    """A delivery that did not happen.

    ``retryable``: whether trying again later may work (a server down, a 4xx SMTP reply,
    an HTTP 503); False when the receiver refused for good (a 550, an HTTP 404).
    ``retry_after``: seconds the receiver asked us to wait (an HTTP Retry-After), used
    instead of the usual backoff.
    """

    def __init__(self, message: str, retryable: bool = True,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after
