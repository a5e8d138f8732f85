"""Record a training run that changes one setting as an ablation of a model, and regenerate the model card.

    python scripts/record_ablation.py models/attrib-minilm RUN_DIR --name "no case-shape feature" [--note TEXT]

RUN_DIR is the output directory of that `attrib train` run (its meta.json has the command, seed and the
per-epoch dev metrics; a run stopped early still has the epochs it finished). Nothing but meta.json and the
card of the model changes: the run's weights are not copied.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from attrib.modelcard import write_card


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("run_dir")
    ap.add_argument("--name", required=True, help="what the run changes, e.g. 'no case-shape feature'")
    ap.add_argument("--note", default="", help="a sentence of interpretation for the card")
    args = ap.parse_args()
    model_meta_path = Path(args.model_dir) / "meta.json"
    meta = json.loads(model_meta_path.read_text("utf-8"))
    run = json.loads((Path(args.run_dir) / "meta.json").read_text("utf-8"))
    if run.get("seed") != meta.get("seed"):
        raise SystemExit(f"the run's seed {run.get('seed')} differs from the model's {meta.get('seed')}")
    entry = {"name": args.name, "command": run["command"], "seed": run["seed"], "history": run["history"]}
    if args.note:
        entry["note"] = args.note
    meta["ablations"] = [a for a in meta.get("ablations", []) if a["name"] != args.name] + [entry]
    model_meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"recorded {args.name!r} ({len(run['history'])} epochs); card: {write_card(args.model_dir)}")


if __name__ == "__main__":
    main()
