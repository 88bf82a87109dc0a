"""A Greenhouse simulator: plays Greenhouse against a running Assay and checks every
answer against the Assessment Partner API spec (``assay greenhouse selftest``).

checks.py           pure checks over responses (unit-tested without a network)
simulator.py        the HTTP calls, the callback receiver, the SMTP catcher
candidate_driver.py takes the test as a candidate over plain HTTP (no browser)
command.py          the click command tying them together
"""
