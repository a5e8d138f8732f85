"""QuoteModel: load a trained model directory, extract quotes from documents, save weights."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from ..document import Document
from ..errors import ModelLoadError, NoModelInstalled
from ..implicit import ImplicitSpeakers
from ..implicit import default as implicit_default
from ..link import DocumentNames, link
from ..marks import find_marks
from ..registry import Registry
from . import encoder as enc_mod
from .adapters import merge_adapters
from .decode import group, spans_from_tags, viterbi
from .features import encode
from .tagger import Tagger, TaggerConfig, bf16_supported, predict_log_probs

WEIGHTS = "model.safetensors"
CONFIG = "config.json"
META = "meta.json"


def _threads() -> None:
    # Two cores here; more threads than cores only adds contention.
    if torch.get_num_threads() > 2:
        torch.set_num_threads(2)


class QuoteModel:
    """A trained quote tagger with its tokenizer. ``extract`` is the whole pipeline for one text."""

    def __init__(
        self,
        tagger: Tagger,
        tokenizer,
        path: Path | None = None,
        meta: dict | None = None,
        *,
        bf16: bool | None = None,
        implicit: ImplicitSpeakers | None = None,
    ) -> None:
        self.tagger = tagger
        self.tokenizer = tokenizer
        self.path = path
        self.meta = meta or {}
        self.cls_id = tokenizer.cls_token_id
        self.sep_id = tokenizer.sep_token_id
        self.bf16 = bf16  # None: bf16 autocast where the CPU supports it (fp32 weights, as in training)
        # speakers of quotes without a speaker mention (attrib.implicit); None: such quotes get no entity
        self.implicit = implicit

    # -- construction ----------------------------------------------------------------------------------
    @classmethod
    def from_base(cls, config: TaggerConfig | None = None) -> QuoteModel:
        """A fresh tagger on the pretrained base encoder (for training)."""
        config = config or TaggerConfig()
        spec = enc_mod.ENCODERS[config.encoder]
        path = enc_mod.locate(spec)
        encoder = enc_mod.load_pretrained(path, spec)
        config.encoder_config = encoder.config.to_dict()
        return cls(Tagger(config, encoder), enc_mod.load_tokenizer(path, spec))

    @classmethod
    def from_random(cls, config: TaggerConfig, encoder_config: dict) -> QuoteModel:
        """A randomly initialised tagger (tiny ones keep unit tests fast); uses the base tokenizer."""
        spec = enc_mod.ENCODERS[config.encoder]
        encoder = enc_mod.build(spec, encoder_config)
        config.encoder_config = encoder.config.to_dict()
        return cls(Tagger(config, encoder), enc_mod.load_tokenizer(enc_mod.locate(spec), spec))

    @classmethod
    def load(
        cls, path: str | Path, *, bf16: bool | None = None, implicit: bool = True, merge: bool = True
    ) -> QuoteModel:
        """Load a model directory written by :meth:`save` (weights + config.json + meta.json).

        With ``bf16`` (None: when the CPU has native bf16) the encoder's matrix products run in bf16, their
        weights cast once here (autocast would re-cast them for every batch); otherwise everything is fp32.
        ``implicit``: also load the shipped scorer of speakers without a mention (:mod:`attrib.implicit`);
        its trainer turns it off, as the weights it replaces may not fit the features any more.
        ``merge``: fold an adapter model's updates into the encoder (faster); a warm start keeps them apart
        to go on training them.
        """
        from safetensors.torch import load_file

        path = Path(path)
        if not path.is_dir():
            raise NoModelInstalled(f"{path}: no model directory here", hint="pass --model DIR or train one")
        for name in (WEIGHTS, CONFIG):
            if not (path / name).is_file():
                raise ModelLoadError(f"{path}: {name} is missing", hint="the model directory is incomplete")
        try:
            config = TaggerConfig.from_dict(json.loads((path / CONFIG).read_text("utf-8")))
            meta = json.loads((path / META).read_text("utf-8")) if (path / META).is_file() else {}
        except (ValueError, TypeError) as exc:
            raise ModelLoadError(f"{path}: {CONFIG} is not a valid model configuration ({exc})") from None
        spec = enc_mod.ENCODERS.get(config.encoder)
        if spec is None:
            raise ModelLoadError(f"{path}: unknown base encoder {config.encoder!r}")
        base = enc_mod.locate(spec)
        enc_mod.verify(base, spec)  # the tokenizer and architecture come from the base package
        if config.adapter_rank:
            # only the adapters, layer norms and head were saved: the rest is the base encoder's, frozen (the
            # Tagger puts the adapters on it)
            encoder = enc_mod.load_pretrained(base, spec, config.encoder_config)
        else:
            # every weight comes from the file, which is checked below to hold all of them
            encoder = enc_mod.build(spec, config.encoder_config, initialise=False)
        tagger = Tagger(config, encoder)
        try:
            state = load_file(str(path / WEIGHTS))
            state = {k: v.float() for k, v in state.items()
                     if not k.startswith("encoder.pooler.") and not k.endswith("position_ids")}
        except Exception as exc:  # safetensors raises several types for a corrupt file
            raise ModelLoadError(f"{path / WEIGHTS}: cannot read the weights ({exc})",
                                 hint="the file is corrupt: restore it from git or retrain") from None
        expected = set(tagger.saved_state())
        missing, unexpected = sorted(expected - set(state)), sorted(set(state) - expected)
        if missing or unexpected:
            raise ModelLoadError(
                f"{path / WEIGHTS}: weights do not fit the configuration "
                f"(missing {missing[:3]}, unexpected {unexpected[:3]})"
            )
        try:
            tagger.load_state_dict(state, strict=not config.adapter_rank, assign=not config.adapter_rank)
        except RuntimeError as exc:  # shapes that do not fit config.json
            raise ModelLoadError(f"{path / WEIGHTS}: weights do not fit the configuration ({exc})") from None
        if merge:
            merge_adapters(tagger.encoder)
        use_bf16 = bf16_supported() if bf16 is None else bf16
        if use_bf16:
            tagger.encoder.to_bf16()
        tagger.eval()
        _threads()
        return cls(tagger, enc_mod.load_tokenizer(base, spec), path, meta, bf16=use_bf16,
                   implicit=implicit_default() if implicit else None)

    def save(self, path: str | Path, meta: dict | None = None, *, half: bool = True) -> None:
        """Write weights (fp16 by default: half the size, same predictions within noise) and config.

        An adapter model writes only what it trained (its encoder must still hold its adapters, unmerged).
        """
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        adapters = self.tagger.config.adapter_rank
        if adapters and not any(n.endswith("lora_a") for n, _ in self.tagger.named_parameters()):
            raise ModelLoadError("a loaded adapter model cannot be saved: its adapters are merged",
                                 hint="save from the training run (attrib train)")
        state = {
            k: (v.detach().half() if half and v.is_floating_point() else v.detach()).contiguous()
            for k, v in self.tagger.saved_state().items()
        }
        save_file(state, str(path / WEIGHTS))
        (path / CONFIG).write_text(json.dumps(self.tagger.config.to_dict(), indent=2) + "\n", "utf-8")
        if meta is not None:
            (path / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")

    # -- prediction ------------------------------------------------------------------------------------
    def extract(self, text: str | Document) -> Document:
        """Quotes of one text (or document); returns a new Document."""
        doc = text if isinstance(text, Document) else Document(text=text)
        return self.extract_many([doc])[0]

    def extract_many(
        self,
        docs: Sequence[Document],
        *,
        batch_size: int = 8,
        progress: Callable[[int, int], None] | None = None,
        registry: Registry | None = None,
        documents: DocumentNames = "title",
        timings: dict[str, float] | None = None,
    ) -> list[Document]:
        """Quotes of many documents; windows are batched across documents.

        ``progress(advance, total)`` is called after each batch of windows. ``timings``, when given, gets the
        seconds spent in each stage added to it as they end (features, encoder, decode, link).
        """
        lap = _Laps(timings)
        marks = [find_marks(d.view) for d in docs]
        encoded = [encode(self.tokenizer, d, m) for d, m in zip(docs, marks)]
        lap("features")
        log_probs = predict_log_probs(
            self.tagger, encoded, self.cls_id, self.sep_id, batch_size=batch_size, bf16=self.bf16, progress=progress
        )
        lap("encoder")
        out = []
        for doc, m, e, lp in zip(docs, marks, encoded, log_probs):
            path = viterbi(lp)
            tagged = spans_from_tags(path, lp, e.offsets)
            quotes = group(doc.view, tagged, m)
            lap("decode")
            # Speakers become canonical entities ("he", "Mr. Trump" → Donald Trump).
            out.append(
                link(doc.with_annotations(quotes, entities=()), registry, documents=documents, implicit=self.implicit)
            )
            lap("link")
        return out


class _Laps:
    """Adds the seconds since the previous lap to ``timings[stage]`` (nothing when timings is None)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
            self.last = now
