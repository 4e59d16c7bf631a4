"""Per-project configuration: `gongkai.yml` at the repository root.

```yaml
lang: zh                    # default language of messages
docs_url: https://…/rules   # where findings link to; default docs/rules/<ID>.md
rules:                      # severity per rule, by name or id: error | warning | off
  deadline-missed: error
deadlines:                  # last on-time day in year+1 (MM-DD), per report type and level
  fazhi:
    default: "03-31"
    township: "03-01"
site:                       # paths relative to this file; these are the defaults
  reports: reports
  registry: registry.yml    # optional: who owes which reports (see gongkai.registry)
  url_lock: published-urls.txt
  redirects:                # a published URL that moved, and where it went
    2024/fazhi/旧名称/: 2024/fazhi/新名称/
limits:                     # bounds on hostile or broken input; these are the defaults
  max_file_bytes: 10000000  # a larger report is GK007 at 1:1, never read in full
  max_line_chars: 100000    # a longer line is GK007 at that line; nothing else is checked
  front_matter_chars: 65536 # longer front-matter is GK002 too-large
  front_matter_depth: 32    # deeper nesting (brackets or indentation) is GK002 too-deep;
                            # in a table block, GK307
  front_matter_nodes: 10000 # more values once aliases are expanded is GK002 too-many-nodes
  table_block_chars: 65536  # a longer table block is GK307 too-large, not read
```

The limits are far above any real report (the largest real one has 17 KB and lines of
2,000 characters) and keep time and memory bounded whatever a file holds: every step of
the check is linear in the size of the file, and nothing reads more than
`max_file_bytes + 1` bytes of one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gongkai.errors import ConfigError
from gongkai.limits import DEFAULT_LIMITS, Limits
from gongkai.model.levels import IssuerLevel
from gongkai.monthday import MONTH_DAY
from gongkai.registry import Registry, load_registry
from gongkai.yamlfile import read_yaml, validation_message

CONFIG_NAME = "gongkai.yml"
# A report type's deadlines: one per issuer level, and one for the levels not listed.
_DEADLINE_KEYS = {"default", *IssuerLevel}


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reports: str = "reports"
    registry: str = "registry.yml"
    url_lock: str = "published-urls.txt"
    redirects: dict[str, str] = Field(default_factory=dict)

    @field_validator("redirects")
    @classmethod
    def _site_paths(cls, value: dict[str, str]) -> dict[str, str]:
        # Redirect pages are written at these paths: nothing may point outside the site.
        for url in (*value, *value.values()):
            parts = url.split("/")
            if not url.endswith("/") or url.startswith("/") or ".." in parts or "\\" in url:
                raise ValueError(f"{url!r} is not a site URL like 2024/fazhi/示例县人民政府/")
        return value


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Literal["zh", "en"] = "zh"
    # Where the rule pages are published, e.g. https://example.gov.cn/gongkai/rules
    docs_url: str | None = None
    rules: dict[str, Literal["error", "warning", "off"]] = Field(default_factory=dict)
    deadlines: dict[str, dict[str, str]] = Field(default_factory=dict)
    site: SiteConfig = Field(default_factory=SiteConfig)
    limits: Limits = DEFAULT_LIMITS
    # Loaded from site.registry when that file exists; rules and the dashboard read it.
    registry: Registry | None = Field(default=None, exclude=True)

    @field_validator("rules", mode="before")
    @classmethod
    def _unquoted_off(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted `off` as false; that is what the editor meant.
        if isinstance(value, dict):
            return {k: "off" if v is False else v for k, v in value.items()}
        return value

    @field_validator("deadlines")
    @classmethod
    def _month_days(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for report_type, levels in value.items():
            for level, day in levels.items():
                if level not in _DEADLINE_KEYS:
                    raise ValueError(f"{report_type}: unknown issuer level {level!r}")
                if not MONTH_DAY.fullmatch(str(day)):
                    raise ValueError(f"{report_type}.{level}: {day!r} is not MM-DD")
        return value

    def severity_for(self, rule_id: str, rule_name: str) -> str | None:
        return (
            self.rules.get(rule_name) or self.rules.get(rule_id) or self.rules.get(rule_id.lower())
        )

    def deadline_for(self, report_type: str, level: str) -> str | None:
        levels = self.deadlines.get(report_type, {})
        return levels.get(level) or levels.get("default")


def find_config(start: Path) -> Path | None:
    """The nearest gongkai.yml from `start` upwards, stopping at the repository root."""
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (directory / ".git").exists():
            return None
    return None


def load_config(path: Path | None, root: Path | None = None) -> Config:
    """The project configuration, with the registry it names; `root` is where relative
    paths start when there is no gongkai.yml (default: the current directory).

    The names under `rules:` are not checked here: the rules sit above the configuration,
    so engine.load_checked_config does it, and every command and the site build use that.
    """
    base = path.parent if path else (root or Path.cwd())
    config = Config()
    if path is not None:
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: the configuration must be a mapping of 'key: value' lines")
        try:
            config = Config.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(validation_message(path, "configuration", exc)) from exc
    registry = base / config.site.registry
    if registry.is_file():
        config = config.model_copy(update={"registry": load_registry(registry)})
    return config
