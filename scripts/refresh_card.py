"""Re-evaluate a model directory on PolNeAR dev with the current code and rewrite its meta.json and card.

    python scripts/refresh_card.py models/attrib-minilm [--stride N]

Use it after a change to decoding or scoring that does not need retraining, so the card always states
what the shipped code measures. The training history in meta.json is kept as it was. ``--stride`` sets the
step between inference windows (config.json), which may differ from the training stride: less overlap is
faster, and each token is still scored by the window in which it is most central.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from attrib.api import load_model
from attrib.data.polnear import convert
from attrib.modelcard import write_card
from attrib.train import evaluate_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main(model_dir: str, stride: int | None) -> None:
    path = Path(model_dir)
    meta = json.loads((path / "meta.json").read_text("utf-8"))
    config = json.loads((path / "config.json").read_text("utf-8"))
    if stride is not None:
        if not 0 < stride <= config["window"] - 2:
            raise SystemExit(f"--stride must be between 1 and {config['window'] - 2}")
        config["stride"] = stride
        (path / "config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    metrics = evaluate_model(load_model(path), list(convert(DATA / "polnear", "dev")))
    meta["inference"] = {"window": config["window"], "stride": config["stride"]}
    meta["dev_metrics"] = metrics
    meta["dev_metrics_note"] = "re-evaluated with the current decoding by scripts/refresh_card.py"
    (path / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    write_card(path)
    print(" ".join(f"{k} {metrics[k]['f1'] * 100:.1f}" for k in ("fragment", "extent", "token", "cue", "source")),
          f"type {metrics['type_accuracy'] * 100:.1f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("--stride", type=int, default=None, help="step between inference windows, in tokens")
    args = ap.parse_args()
    main(args.model_dir, args.stride)
