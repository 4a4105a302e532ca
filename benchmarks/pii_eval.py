"""Token-level PII evaluation, ours vs Presidio with the same spaCy model vs Presidio blank.

Method (as presidio-research reports it): tokenize with ``spacy.blank(language)``; a token is
labelled with an entity type when a span overlaps it (gold: the dataset's spans, mapped to our
type names below; predicted: the highest-scoring detection overlapping it). Precision, recall
and F2 per type, and overall for "personal data or not". Three systems in one process: ours
(``detect_pii``), Presidio's default analyzer with the same spaCy model as its users configure
it (an NLP engine from the model, the default registry, default NER mapping) and Presidio's
default recognizers on a tokenizer-only pipeline (no NER). Data: presidio-research's
``synth_dataset_v2.json`` (English) or the French set of ``pii_fr_data.py``. Usage:

    .venv/bin/python benchmarks/pii_eval.py [--data PATH] [--language en|fr] [--limit N]
        [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from ai_work_audit.privacy import PROFILES, DetectionConfig, detect_pii
from ai_work_audit.privacy._engine import (
    BLANK,
    OfflineEmailRecognizer,
    build_nlp_engine,
    model_directory,
    resolve_model,
)

DATA = Path("/work/shared/data/pii/presidio_research_synth_dataset_v2.json")
OUTPUT = Path(__file__).parent / "results" / "pii_eval.md"
O = "O"  # noqa: E741 - the usual "outside" tag
# Dataset entity name -> ours. None: not a type either system is meant to cover (scored as O).
GOLD_MAP: dict[str, str | None] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "DATE_TIME": "DATE_TIME",
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "DOMAIN_NAME": "URL",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "ORGANIZATION": None,
    "TITLE": None,
    "AGE": None,
    "NRP": None,
    # the French set's own types (pii_fr_data.py)
    "LOCATION": "LOCATION",
    "FR_NIR": "FR_NIR",
    "HEALTH": "HEALTH",
    "TRADE_UNION": "TRADE_UNION",
}
NO_NER = {"PERSON", "LOCATION"}
PUBLISHED = ("Presidio out of the box, large English spaCy model (published): "
             "P 0.73, R 0.65, F2 0.66")

Span = tuple[int, int, str, float]


def f_beta(p: float, r: float, beta: float = 2.0) -> float:
    b2 = beta * beta
    return 0.0 if p + r == 0 else (1 + b2) * p * r / (b2 * p + r)


def token_labels(offsets: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """Per token, the type of the highest-scoring span overlapping it, else O."""
    labels = [O] * len(offsets)
    best = [-1.0] * len(offsets)
    for start, end, kind, score in spans:
        for i, (ts, te) in enumerate(offsets):
            if ts < end and start < te and score > best[i]:
                labels[i], best[i] = kind, score
    return labels


def scores(gold: list[str], pred: list[str], kind: str | None) -> tuple[float, float, float, int]:
    """Precision, recall, F2 and gold support for one type (None: any personal data)."""
    if kind is None:
        tp = sum(g != O and p != O for g, p in zip(gold, pred, strict=True))
        fp = sum(g == O and p != O for g, p in zip(gold, pred, strict=True))
        fn = sum(g != O and p == O for g, p in zip(gold, pred, strict=True))
        support = sum(g != O for g in gold)
    else:
        tp = sum(g == kind and p == kind for g, p in zip(gold, pred, strict=True))
        fp = sum(g != kind and p == kind for g, p in zip(gold, pred, strict=True))
        fn = sum(g == kind and p != kind for g, p in zip(gold, pred, strict=True))
        support = sum(g == kind for g in gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, f_beta(p, r), support


class ModelFolderNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's stock spaCy engine, the whole pipeline loaded from a model folder.

    Presidio's own ``load`` would call ``spacy.cli.download`` for a name it cannot import; a
    user with an installed model gets exactly ``spacy.load(model)``, which this does.
    """

    def load(self) -> None:
        self.nlp = {m["lang_code"]: spacy.load(m["model_name"]) for m in self.models}


def _offline_email(registry: RecognizerRegistry, language: str) -> None:
    for recognizer in list(registry.recognizers):
        if type(recognizer).__name__ == "EmailRecognizer":
            registry.remove_recognizer(recognizer.name)
            registry.add_recognizer(OfflineEmailRecognizer(supported_language=language))


def baseline_engine(language: str = "en") -> AnalyzerEngine:
    """Presidio's default recognizers on a tokenizer-only pipeline (no NER).

    The one change: its e-mail recognizer validates domains with tldextract's bundled snapshot
    (the stock one would try to download the public-suffix list; this machine has no network).
    """
    nlp_engine = build_nlp_engine(language, BLANK)
    registry = RecognizerRegistry(supported_languages=[language])
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=[language])
    _offline_email(registry, language)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                          supported_languages=[language])


def model_engine(language: str, model: str) -> AnalyzerEngine:
    """Presidio's default analyzer with a spaCy model, as its users configure it: an NLP engine
    from the model (every component, Presidio's default NER mapping), the default registry.
    Same e-mail change as ``baseline_engine``."""
    nlp_engine = ModelFolderNlpEngine(
        models=[{"lang_code": language, "model_name": str(model_directory(model))}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[language])
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=[language])
    _offline_email(registry, language)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                          supported_languages=[language])


def _presidio_labels(engine: AnalyzerEngine, texts: list[str], language: str,
                     offsets: list[list[tuple[int, int]]]) -> tuple[list[str], float]:
    start = time.perf_counter()
    results = list(BatchAnalyzerEngine(engine).analyze_iterator(texts, language=language,
                                                                batch_size=64))
    seconds = time.perf_counter() - start
    labels: list[str] = []
    for per_text, offs in zip(results, offsets, strict=True):
        labels.extend(token_labels(offs, [(r.start, r.end, r.entity_type, r.score)
                                          for r in per_text]))
    return labels, seconds


#: The records tuned on (their index modulo 5): 0 is the 300-record spread subsample of
#: ``--limit 300`` the first tuning rounds used, 1 the 300 records the last round looked at.
#: ``--records held-out`` reports on the 900 others, which no rule was written from.
TUNING_RESIDUES = (0, 1)


def load_records(path: Path, limit: int | None, part: str = "all") -> list[dict[str, Any]]:
    """The dataset's records (every ``limit``-th-spread subsample when ``limit`` is given;
    ``part``: ``all``, ``tune`` or ``held-out``, see ``TUNING_RESIDUES``)."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    if part != "all":
        records = [r for i, r in enumerate(records)
                   if (i % 5 in TUNING_RESIDUES) == (part == "tune")]
    if limit and limit < len(records):
        step = len(records) / limit
        records = [records[int(i * step)] for i in range(limit)]
    return records


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--language", choices=("en", "fr", "auto"), default="en",
                        help="language given to ours (auto: per-record routing); Presidio "
                             "runs the data's language")
    parser.add_argument("--limit", type=int, default=None,
                        help="a spread subsample of this many records (for tuning)")
    parser.add_argument("--records", choices=("all", "tune", "held-out"), default="all",
                        help="all records, the tuning part (index mod 5 in 0, 1) or the "
                             "held-out part (the others)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="text",
                        help="detection profile (text: free text, as `pii detect`; logs: as "
                             "the monitoring audit)")
    args = parser.parse_args(argv)
    records = load_records(args.data, args.limit, args.records)
    language = records[0].get("language", "en") if records else "en"
    texts = [r["full_text"] for r in records]
    tokenizer = spacy.blank(language)
    offsets = [[(t.idx, t.idx + len(t)) for t in doc] for doc in tokenizer.pipe(texts)]
    gold: list[str] = []
    for record, offs in zip(records, offsets, strict=True):
        spans = [(s["start_position"], s["end_position"], mapped, 1.0) for s in record["spans"]
                 if (mapped := GOLD_MAP[s["entity_type"]]) is not None]
        gold.extend(token_labels(offs, spans))

    config: DetectionConfig = PROFILES[args.profile]
    model = config.model_for(language)
    if model == BLANK:
        raise SystemExit(f"No {language} spaCy model is installed: run `make` (or pip install "
                         "--no-deps --require-hashes -r requirements-models.txt).")
    start = time.perf_counter()
    ours = list(detect_pii(texts, language=args.language, config=config))
    ours_seconds = time.perf_counter() - start
    pred_ours: list[str] = []
    for entities, offs in zip(ours, offsets, strict=True):
        pred_ours.extend(token_labels(offs, [(e.start, e.end, e.type, e.score) for e in entities]))
    pred_model, model_seconds = _presidio_labels(model_engine(language, resolve_model(model)),
                                                 texts, language, offsets)
    pred_base, base_seconds = _presidio_labels(baseline_engine(language), texts, language,
                                               offsets)

    types = sorted({g for g in gold if g != O})
    lines = [
        "# PII detection: token-level evaluation",
        "",
        f"Data: `{args.data.name}` ({len(texts)} sentences, records: {args.records}, "
        f"{len(gold)} tokens, language "
        f"{language}). spaCy model: `{model}` (ours and Presidio+model). Ours: "
        f"`detect_pii(language=\"{args.language}\")` with the packaged settings, profile "
        f"`{args.profile}`. Presidio+model: its default analyzer (default registry, default NER "
        "mapping, threshold 0) on an NLP engine from the same model. Presidio blank: its "
        "default recognizers on a tokenizer-only pipeline (no NER).",
        "",
        "| type | gold tokens | ours P | ours R | ours F2 | Presidio+model P | "
        "Presidio+model R | Presidio+model F2 | Presidio blank F2 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*types, None]:
        p, r, f2, support = scores(gold, pred_ours, kind)
        mp, mr, mf2, _ = scores(gold, pred_model, kind)
        _, _, bf2, _ = scores(gold, pred_base, kind)
        label = kind or "**overall (PII vs not)**"
        lines.append(f"| {label} | {support} | {p:.2f} | {r:.2f} | {f2:.2f} | {mp:.2f} | "
                     f"{mr:.2f} | {mf2:.2f} | {bf2:.2f} |")
    predicted_other = Counter(p for p in pred_ours if p != O and p not in types)
    lines += [
        "",
        "Type mapping (dataset → ours): STREET_ADDRESS, GPE, ZIP_CODE → LOCATION; "
        "DOMAIN_NAME → URL; other types unchanged. Not covered by any system and scored as "
        "non-personal (O): ORGANIZATION (ORG), TITLE, AGE, NRP.",
        "",
        f"Predicted token types outside the dataset's (ours): {dict(predicted_other) or 'none'}.",
        "",
        f"Run time: ours {ours_seconds:.1f} s ({len(texts) / ours_seconds:.0f} texts/s), "
        f"Presidio+model {model_seconds:.1f} s ({len(texts) / model_seconds:.0f} texts/s), "
        f"Presidio blank {base_seconds:.1f} s ({len(texts) / base_seconds:.0f} texts/s).",
        "",
    ]
    report = "\n".join(lines)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main()
