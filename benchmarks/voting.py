"""The vote-counting benchmark in one command: every target of the counting core, side by side
with the reference implementations installed for testing (STVPoll, pref_voting).

    python benchmarks/voting.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import bench_methods  # noqa: E402
import bench_stv  # noqa: E402


def main() -> int:
    rows = bench_stv.run() + bench_methods.run()
    width = max(len(row["name"]) for row in rows)
    print(f"{'benchmark':<{width}}  {'figure':>10}  unit  target   ok")
    print("-" * (width + 34))
    for row in rows:
        target = row.get("target") or ""
        ok = {True: "yes", False: "NO", None: ""}.get(row.get("ok"), "")
        print(
            f"{row['name']:<{width}}  {row['figure']:>10.3f}  {row['unit']:<4}  {target!s:<7}  {ok}"
        )
    missed = [row["name"] for row in rows if row.get("ok") is False]
    print(
        f"\n{len(rows)} figures, {len(missed)} targets missed"
        + (": " + "; ".join(missed) if missed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
