"""Re-evaluate a model directory on PolNeAR dev with the current code and rewrite its meta.json and card.

    python scripts/refresh_card.py models/attrib-minilm

Use it after a change to decoding or scoring that does not need retraining, so the card always states
what the shipped code measures. The training history in meta.json is kept as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from attrib.api import load_model
from attrib.data.polnear import convert
from attrib.modelcard import write_card
from attrib.train import evaluate_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main(model_dir: str) -> None:
    path = Path(model_dir)
    metrics = evaluate_model(load_model(path), list(convert(DATA / "polnear", "dev")))
    meta = json.loads((path / "meta.json").read_text("utf-8"))
    meta["dev_metrics"] = metrics
    meta["dev_metrics_note"] = "re-evaluated with the current decoding by scripts/refresh_card.py"
    (path / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    write_card(path)
    print(" ".join(f"{k} {metrics[k]['f1'] * 100:.1f}" for k in ("fragment", "extent", "token", "cue", "source")),
          f"type {metrics['type_accuracy'] * 100:.1f}")


if __name__ == "__main__":
    main(sys.argv[1])
