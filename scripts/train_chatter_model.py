"""Train the chat reader's two scorers and write ``bot/domain/chatter/model.json``.

    .venv/bin/pip install scikit-learn   # a development tool only; run time needs none
    .venv/bin/python scripts/train_chatter_model.py [--failures]   # out-of-fold mistakes

Reads only the training split (``tests/domain/chatter/corpus/train_*.txt``), never the
held-back one. The mention scorer is trained first; the message scorer then sees each
message's best mention score as it would at run time, computed out-of-fold (5-fold) so it
does not learn from scores the mention scorer made on its own training examples.
Deterministic: same corpus, same JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from bot.domain.chatter.extract import RIVAL, VETOED, analyse, trip_dates, veto  # noqa: E402
from bot.domain.chatter.features import mention_features, message_features  # noqa: E402
from bot.domain.chatter.model import MODEL_FILE  # noqa: E402
from bot.domain.chatter.words import warm_up  # noqa: E402
from bot.domain.places import get_gazetteer  # noqa: E402
from tests.domain.chatter.corpus import TODAY, ZONE, gold_place_id, load  # noqa: E402

OUT = ROOT / "bot" / "domain" / "chatter" / MODEL_FILE
# Default decision threshold, and the stricter one for unprompted nudges; chosen on
# out-of-fold predictions of the training split (see choose_thresholds).
TARGET_PRECISION = 0.97
QUIET_PRECISION = 0.99


def identity(features: list[str]) -> list[str]:
    return features


def main() -> int:
    gazetteer = get_gazetteer()
    warm_up()
    examples = [*load("train"), *load("everyday-train")]
    analyses = [analyse(e.text, gazetteer, ZONE) for e in examples]

    # -- stage 1: which mention is the trip's city (and is it a place at all) --------------
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[int] = []
    names: list[str] | None = None
    for n, (example, analysis) in enumerate(zip(examples, analyses, strict=True)):
        gold = gold_place_id(gazetteer, example.city) if example.city else None
        for rank, mention in enumerate(analysis.mentions):
            if example.kind not in ("trip", "trip-swap", "word", "sense"):
                continue  # real places in non-trips say nothing about which mention is it
            features = mention_features(analysis, mention, rank)
            names = names or sorted(features)
            rows.append([features[k] for k in names])
            labels.append(int(gold is not None and mention.place.id == gold))
            groups.append(n)
    assert names is not None
    x = np.array(rows)
    y = np.array(labels)
    scaler = StandardScaler().fit(x)
    scaler.scale_[scaler.scale_ == 0] = 1.0
    mention_model = LogisticRegression(C=1.0, max_iter=2000).fit(scaler.transform(x), y)
    print(
        f"mentions: {len(y)} ({y.sum()} trip cities), train acc "
        f"{mention_model.score(scaler.transform(x), y):.3f}"
    )

    def mention_score(analysis: Any, mention: Any, rank: int) -> float:
        f = mention_features(analysis, mention, rank)
        v = (np.array([[f[k] for k in names]]) - scaler.mean_) / scaler.scale_
        return float(mention_model.predict_proba(v)[0, 1])

    # -- stage 2: is the message the author's own trip ---------------------------------------
    docs: list[list[str]] = []
    vetoed: list[bool] = []
    for example, analysis in zip(examples, analyses, strict=True):
        scored = sorted(
            ((m, mention_score(analysis, m, r)) for r, m in enumerate(analysis.mentions)),
            key=lambda pair: -pair[1],
        )
        best, best_score = scored[0] if scored else (None, 0.0)
        rivals = [m for m, score in scored[1:] if score >= RIVAL]
        dates = trip_dates(analysis, best, TODAY, example.date_order, rivals)
        docs.append(message_features(analysis, best, best_score, dates))
        vetoed.append(best is not None and veto(analysis, best, dates) is not None)
    target = np.array([int(e.trip) for e in examples])
    has_city = np.array([bool(a.mentions) for a in analyses])

    def fit(indices: np.ndarray) -> tuple[TfidfVectorizer, LogisticRegression]:
        vectorizer = TfidfVectorizer(
            analyzer=identity, sublinear_tf=True, min_df=2, lowercase=False
        )
        matrix = vectorizer.fit_transform([docs[i] for i in indices])
        model = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced")
        return vectorizer, model.fit(matrix, target[indices])

    out_of_fold = np.zeros(len(docs))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    for train_index, test_index in folds.split(np.zeros(len(docs)), target):
        vectorizer, model = fit(train_index)
        out_of_fold[test_index] = model.predict_proba(
            vectorizer.transform([docs[i] for i in test_index])
        )[:, 1]
    out_of_fold[~has_city] = 0.0  # no city: the reader never asks the model
    out_of_fold[np.array(vetoed)] = np.minimum(out_of_fold[np.array(vetoed)], VETOED)
    threshold = choose_threshold(out_of_fold, target, TARGET_PRECISION)
    quiet = max(threshold, choose_threshold(out_of_fold, target, QUIET_PRECISION))
    report(out_of_fold, target, threshold, "default")
    report(out_of_fold, target, quiet, "quiet")
    if "--failures" in sys.argv:
        for i in np.argsort(-np.abs(out_of_fold - target)):
            if (out_of_fold[i] >= threshold) != bool(target[i]):
                print(f"  {out_of_fold[i]:.2f} {examples[i].kind:<9} {examples[i].text!r}")

    vectorizer, model = fit(np.arange(len(docs)))
    vocabulary = {
        feature: [round(float(vectorizer.idf_[i]), 5), round(float(model.coef_[0, i]), 5)]
        for feature, i in sorted(vectorizer.vocabulary_.items())
    }
    payload = {
        "trained_on": "tests/domain/chatter/corpus/train_*.txt + everyday_train.txt",
        "threshold": round(threshold, 4),
        "quiet_threshold": round(quiet, 4),
        "message": {"intercept": round(float(model.intercept_[0]), 5), "vocabulary": vocabulary},
        "mention": {
            "names": names,
            "mean": [round(float(v), 6) for v in scaler.mean_],
            "scale": [round(float(v), 6) for v in scaler.scale_],
            "coef": [round(float(v), 6) for v in mention_model.coef_[0]],
            "intercept": round(float(mention_model.intercept_[0]), 6),
        },
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(vocabulary)} features, "
        f"{OUT.stat().st_size // 1024} KiB"
    )
    return 0


def choose_threshold(scores: np.ndarray, target: np.ndarray, precision: float) -> float:
    """The lowest threshold whose out-of-fold precision reaches ``precision`` (0.5 at least
    ... unless even that is too loose)."""
    for threshold in np.arange(0.3, 0.99, 0.01):
        said = scores >= threshold
        if said.sum() and (target[said].sum() / said.sum()) >= precision:
            return float(threshold)
    return 0.98


def report(scores: np.ndarray, target: np.ndarray, threshold: float, name: str) -> None:
    said = scores >= threshold
    tp = int((said & (target == 1)).sum())
    precision = tp / max(int(said.sum()), 1)
    recall = tp / max(int(target.sum()), 1)
    print(
        f"{name} threshold {threshold:.2f}: out-of-fold precision {precision:.3f} "
        f"recall {recall:.3f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
