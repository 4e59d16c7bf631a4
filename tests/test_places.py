"""The national division list behind GK410's check of an issuer's own name."""

from __future__ import annotations

from pathlib import Path

from gongkai.config import load_config
from gongkai.engine import check_bytes
from gongkai.places import divisions, near_division

_RULES = Path(__file__).parent / "rules" / "GK410"


def test_divisions_cover_every_level() -> None:
    assert {"江苏省", "宿迁市", "沭阳县", "东城区", "浦东新区"} <= divisions()


def test_a_name_that_is_no_division_is_matched_to_the_one_it_nearly_is() -> None:
    assert near_division("沐阳县") == ("沭阳县", 0)
    assert near_division("沭阳县") is None  # a real division is never “near” another
    assert near_division("泗阳县") is None


def test_a_weak_likeness_does_not_make_a_misspelling() -> None:
    # 岛 has 山 among its parts, but 青山市 is not a slip for 青岛市.
    assert near_division("青山市") is None


def test_a_place_the_registry_names_is_real(tmp_path: Path) -> None:
    report = (_RULES / "bad_issuer_itself_misspelt.md").read_bytes()
    (tmp_path / "registry.yml").write_text(
        "issuers:\n  - name: 沐阳县人民政府\n    level: county\n", encoding="utf-8"
    )
    registered = load_config(None, root=tmp_path)
    assert not [f for f in check_bytes("r.md", report, registered) if f.rule == "GK410"]
    unregistered = load_config(None, root=tmp_path / "elsewhere")
    assert [f for f in check_bytes("r.md", report, unregistered) if f.rule == "GK410"]
