"""Which webhook URLs Assay calls: the callbacks' policy (app.security.callbacks), with the
host allowlist read the way a customer's URL needs. Pure, given the settings.

How webhook URLs relate to the callback settings, and why:

- ``CALLBACK_ALLOWED_HOSTS`` lists the hosts Greenhouse callbacks may go to (they carry
  our organization's Greenhouse key, so only Greenhouse may get them). A webhook goes to
  the customer's own host, which no operator could list in advance, and carries only what
  that customer may read anyway, signed with that customer's secret. So any public host
  name is accepted; the list still decides which IP addresses (and local names, such as
  ``localhost``) may be used, exactly as for callbacks.
- What keeps a webhook (or a callback) out of our own network is the address check at
  each delivery, unchanged: the host must resolve to public addresses only, unless
  ``CALLBACK_ALLOWED_NETWORKS`` allows a network, and the connection goes to the address
  checked (no DNS rebinding). Redirects are never followed.
- ``CALLBACK_ALLOWED_PORTS`` applies as for callbacks (443 only by default).
- ``CALLBACK_ALLOW_HTTP`` applies outside production only: a webhook body carries
  candidates' data, so in production webhooks are https whatever that setting says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from flask import current_app

from app.security.callbacks import CallbackPolicy


def webhook_policy(config: Mapping[str, Any]) -> CallbackPolicy:
    """The policy for webhook URLs under these settings (see the module)."""
    callbacks = CallbackPolicy.from_config(config)
    production = config.get("ENV_NAME") == "production"
    return dataclasses.replace(callbacks, any_host_name=True, subject="webhook URL",
                               allow_http=callbacks.allow_http and not production)


def webhook_url_problem(url: str, policy: CallbackPolicy) -> str | None:
    """Why ``url`` must not be a webhook URL, in a sentence for the customer; None when
    it may be. Addresses are not looked up here: they are checked at every delivery (a
    look-up now would prove nothing about the answer then)."""
    return policy.problem(url)


def check_webhook_url(url: str, config: Mapping[str, Any] | None = None) -> str | None:
    """:func:`webhook_url_problem` under the current app's settings (or ``config``): use
    it when a customer registers a URL, and answer the sentence as a validation error."""
    return webhook_url_problem(url, webhook_policy(current_app.config if config is None
                                                   else config))
