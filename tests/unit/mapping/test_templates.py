"""Named mapping templates live per platform in the (test-isolated) config dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.mapping.model import FieldMapping, MappingEntry
from attendee_relay.core.mapping.templates import list_templates, load_template, save_template


def mapping(platform: str = "10times") -> FieldMapping:
    return FieldMapping(platform=platform, fields={"email": MappingEntry(column="E-Mail")})


def test_saved_template_lands_in_the_isolated_config_dir(isolated_home: Path) -> None:
    path = save_template("Messe München", mapping())
    assert path.is_relative_to(isolated_home / "config")
    assert path.parent.name == "10times"
    assert load_template("10times", "Messe München") == mapping()


def test_templates_are_listed_per_platform_sorted() -> None:
    save_template("beta", mapping())
    save_template("Alpha", mapping())
    save_template("other", mapping("influencersoft"))
    assert list_templates("10times") == ["Alpha", "beta"]
    assert list_templates("influencersoft") == ["other"]
    assert list_templates("ivvy") == []


def test_saving_again_replaces_the_template() -> None:
    save_template("t", mapping())
    changed = FieldMapping(platform="10times", fields={"email": MappingEntry(column="Mail")})
    save_template("t", changed)
    assert load_template("10times", "t") == changed


def test_missing_template_is_an_input_error_naming_the_saved_ones() -> None:
    save_template("known", mapping())
    with pytest.raises(
        InputError, match=r"no mapping template 'nope' for 10times\. Saved templates: known"
    ):
        load_template("10times", "nope")


@pytest.mark.parametrize("name", ["", "  ", "../escape", "a/b", ".hidden", "tab\there"])
def test_unsafe_template_names_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="cannot be a template name"):
        save_template(name, mapping())
