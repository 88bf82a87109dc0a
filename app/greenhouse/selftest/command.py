"""``assay greenhouse selftest``: play Greenhouse against a running Assay."""

from __future__ import annotations

import click

from app.greenhouse.selftest.checks import FAIL, PASS, SKIP
from app.greenhouse.selftest.servers import SelftestError
from app.greenhouse.selftest.simulator import Options, run

MARKS = {PASS: "PASS", FAIL: "FAIL", SKIP: "SKIP"}


@click.command("selftest")
@click.option("--base-url", required=True, help="The Assay to test, e.g. https://assay.example.com.")
@click.option("--key", required=True, help="An organization's Greenhouse API key on that Assay.")
@click.option("--test", "test_id", help="partner_test_id to send (default: the first listed). "
                                        "A test without essays goes all the way to complete.")
@click.option("--smtp-port", type=click.IntRange(1, 65535),
              help="Catch the invitation email on this port (the target must send mail here: "
                   "ASSAY_MAIL_SERVER=<this host>, ASSAY_MAIL_PORT=<port>). Needs aiosmtpd.")
@click.option("--candidate-link", help="The candidate link, if you have it already (else the "
                                       "email is caught with --smtp-port, or you are asked).")
@click.option("--candidate-email",
              help="Where the invitation goes (default: a unique address at example.com). "
                   "Use your own with no --smtp-port.")
@click.option("--callback-host", default="127.0.0.1", show_default=True,
              help="Host name the target reaches this machine at for the PATCH. The target "
                   "must allow it: ASSAY_CALLBACK_ALLOWED_HOSTS, ASSAY_CALLBACK_ALLOW_HTTP=true, "
                   "ASSAY_CALLBACK_ALLOWED_PORTS=* and, for a loopback or private address, "
                   "ASSAY_CALLBACK_ALLOWED_NETWORKS (e.g. 127.0.0.0/8).")
@click.option("--no-callback", is_flag=True,
              help="Send no callback url (a polling integration): no PATCH is expected.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=120, show_default=True,
              help="Seconds to wait for the email, the result and the PATCH.")
def selftest(base_url: str, key: str, test_id: str | None, smtp_port: int | None,
             candidate_link: str | None, candidate_email: str | None, callback_host: str,
             no_callback: bool, timeout: float) -> None:
    """Play Greenhouse against a running Assay and check every answer against the spec.

    Lists tests, sends one to a candidate with a callback url on a local server, takes the
    test as the candidate over plain HTTP, waits for the completion PATCH, and checks each
    response (shapes, types, status codes). Prints one line per check; exits 1 on any
    failure.
    """
    options = Options(base_url=base_url, key=key, test=test_id, smtp_port=smtp_port,
                      candidate_link=candidate_link, candidate_email=candidate_email,
                      callback_host=callback_host, callback=not no_callback, timeout=timeout)

    def ask_link(email: str) -> str:
        return click.prompt(f"Paste the candidate link from the invitation email sent to {email}",
                            default="", show_default=False)

    try:
        results = run(options, ask_link=ask_link, progress=lambda line: click.echo(f"  … {line}"))
    except SelftestError as error:
        raise click.ClickException(str(error)) from None
    for check in results:
        detail = f" — {check.detail}" if check.detail else ""
        click.echo(f"{MARKS[check.outcome]}  {check.name}{detail}")
    failed = sum(check.outcome == FAIL for check in results)
    passed = sum(check.outcome == PASS for check in results)
    skipped = sum(check.outcome == SKIP for check in results)
    click.echo(f"\n{passed} passed, {failed} failed, {skipped} skipped: "
               + ("the integration works." if not failed else "see FAIL lines above."))
    if failed:
        raise SystemExit(1)
