"""Contract tests over the gateway's merged OpenAPI: the document checks, the money contract, and the schemathesis
run (the whole suite under drillkit's supervisor, about three minutes), all part of every test run (issue 15).

The schemathesis test imports drillkit by name: the root pyproject.toml lists tests/faults in pytest's pythonpath.
"""
