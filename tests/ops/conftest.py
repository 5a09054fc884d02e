"""Fixtures for the op tests (helpers live in `op_checks`)."""

import pytest
from op_checks import check_op as _check_op
from op_checks import run_on_backends as _run_on_backends


@pytest.fixture(name="check_op")
def check_op_fixture():
    return _check_op


@pytest.fixture(name="run_on_backends")
def run_on_backends_fixture():
    return _run_on_backends
