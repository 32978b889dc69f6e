import pytest

from cnn_vision import profile

pytestmark = pytest.mark.unit


def test_pytest_runs_in_the_smoke_profile():
    assert profile.current() == "smoke"


@pytest.mark.parametrize("name, expected", [("smoke", 1), ("docs", 3), ("full", 10), ("FULL", 10)])
def test_pick_returns_the_value_of_the_current_profile(monkeypatch, name, expected):
    monkeypatch.setenv(profile.ENV_VAR, name)
    assert profile.pick(smoke=1, docs=3, full=10) == expected


def test_docs_is_the_default_profile(monkeypatch):
    monkeypatch.delenv(profile.ENV_VAR, raising=False)
    assert profile.current() == "docs"


def test_unknown_profile_is_a_clear_error_naming_the_value(monkeypatch):
    monkeypatch.setenv(profile.ENV_VAR, "fast")
    with pytest.raises(ValueError, match="'fast'"):
        profile.pick(smoke=1, docs=2, full=3)


def test_pick_requires_all_three_values_by_name():
    with pytest.raises(TypeError):
        profile.pick(smoke=1, docs=2)  # type: ignore[call-arg]
