"""The issuer registry: which bodies exist and which reports each of them owes.

```yaml
issuers:
  - name: 示例县人民政府
    level: county
    region_code: "411303"
    owes: [fazhi]
  - name: 示例县示例镇人民政府
    level: township
    parent: 示例县人民政府
    owes: [fazhi]
```

The dashboard reads it to show who has not published; the checker reads it to catch an
issuer name that matches no known body (a typo there hides a report from its issuer's page).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, model_validator

from gongkai.errors import ConfigError
from gongkai.model.levels import IssuerLevel
from gongkai.yamlfile import read_yaml, validation_message


class Issuer(BaseModel):
    # defer_build: validators are built at the first validation, not at import; a check
    # answered from the cache validates none of these.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: str = Field(min_length=2)
    level: IssuerLevel
    parent: str | None = None
    region_code: StrictStr | None = Field(default=None, pattern=r"^[1-8]\d{5}$")
    owes: tuple[str, ...] = ()


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    issuers: tuple[Issuer, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Registry:
        names = [issuer.name for issuer in self.issuers]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"issuer listed twice: {', '.join(duplicates)}")
        unknown = sorted({i.parent for i in self.issuers if i.parent and i.parent not in names})
        if unknown:
            raise ValueError(f"parent not in the registry: {', '.join(unknown)}")
        return self

    @cached_property
    def _by_name(self) -> dict[str, Issuer]:
        # Rules look issuers up once per report and per name: a national registry has
        # thousands, so not a scan.
        return {issuer.name: issuer for issuer in self.issuers}

    def find(self, name: str) -> Issuer | None:
        return self._by_name.get(name)

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def names(self) -> frozenset[str]:
        return self._names

    def ancestors(self, name: str) -> list[Issuer]:
        """The chain of parents of one issuer, nearest first."""
        chain: list[Issuer] = []
        issuer = self.find(name)
        while issuer is not None and issuer.parent and len(chain) < len(self.issuers):
            issuer = self.find(issuer.parent)
            if issuer is not None:
                chain.append(issuer)
        return chain


def load_registry(path: Path) -> Registry:
    """Read a registry file; any problem is a ConfigError naming the file (exit 2)."""
    try:
        return Registry.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise ConfigError(validation_message(path, "issuer registry", exc)) from exc
