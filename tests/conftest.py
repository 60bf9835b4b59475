"""Shared test helpers: fixture paths, the golden-file update switch, ../shared lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CASES = FIXTURES / "cases"
EXPECTED = FIXTURES / "expected"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite fixtures/expected/*.json from the current output (review the diff)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def get_fixture(*parts: str) -> Path:
    """Path of a file under fixtures/."""
    return FIXTURES.joinpath(*parts)
