"""The rate-plan catalog: the panel's resources/rate_plans/catalog/*.json, served as is."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")


class RatePlanCatalog:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _files(self) -> list[Path]:
        return sorted(self.root.glob("*.json")) if self.root.is_dir() else []

    def list(self) -> list[dict]:
        plans = []
        for f in self._files():
            raw = f.read_bytes()
            try:
                plan = json.loads(raw)
            except ValueError:
                continue  # a broken file is skipped, not served
            if not isinstance(plan, dict):
                continue
            plans.append({"id": plan.get("id", f.stem), "name": plan.get("name"),
                          "company": plan.get("company"),
                          "sha256": hashlib.sha256(raw).hexdigest()})
        return plans

    def listing(self) -> dict:
        """{"version", "plans"}: the version is a digest of every plan's id and SHA-256, so
        it changes whenever a plan is added, changed or removed (panels compare it)."""
        plans = self.list()
        digest = hashlib.sha256(json.dumps(sorted((p["id"], p["sha256"]) for p in plans))
                                .encode()).hexdigest()
        return {"version": digest[:16], "plans": plans}

    def get(self, plan_id: str) -> bytes | None:
        if not _ID.match(plan_id):
            return None
        for f in self._files():
            raw = f.read_bytes()
            try:
                plan = json.loads(raw)
            except ValueError:
                continue
            if isinstance(plan, dict) and plan.get("id", f.stem) == plan_id:
                return raw
        return None
