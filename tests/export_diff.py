"""Comparing full graph exports in tests, with a readable difference."""

from __future__ import annotations

import json


def same(got: dict, want: dict) -> bool:
    """True when two ``kg.store.export`` dumps are equal; otherwise raise showing what differs."""
    if got == want:
        return True
    lines = []
    for part in ("nodes", "relationships"):
        g = {json.dumps(x, ensure_ascii=False, sort_keys=True) for x in got[part]}
        w = {json.dumps(x, ensure_ascii=False, sort_keys=True) for x in want[part]}
        lines += [f"+ {x}" for x in sorted(g - w)[:10]] + [f"- {x}" for x in sorted(w - g)[:10]]
        lines.append(f"{part}: {len(got[part])} got, {len(want[part])} wanted")
        if len(got[part]) != len(set(map(str, got[part]))):
            lines.append(f"duplicates in {part}")
    raise AssertionError("exports differ (+ got, - want):\n" + "\n".join(lines))
