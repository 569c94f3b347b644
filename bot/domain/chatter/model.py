"""The two small learned scorers, shipped as JSON and evaluated in plain Python.

Both are logistic regressions trained offline by ``scripts/train_chatter_model.py`` on the
training split of ``tests/domain/chatter/corpus`` (never the held-back one):

* the *mention* scorer reads one city mention's dense features (fame, word frequency, case,
  the cues of its clause...) and says whether it is the trip's city;
* the *message* scorer reads TF-IDF weighted sparse features (words and word pairs with the
  city masked, cue names, the date status, the best mention's score) and says whether the
  message announces the author's own upcoming or current trip.

Scoring them needs no scikit-learn: TF-IDF with sublinear tf and L2 norm, then a dot product.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Model", "load_model", "sigmoid"]

MODEL_FILE = "model.json"


def sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class Model:
    idf: Mapping[str, float]
    coef: Mapping[str, float]
    intercept: float
    mention_names: tuple[str, ...]
    mention_mean: tuple[float, ...]
    mention_scale: tuple[float, ...]
    mention_coef: tuple[float, ...]
    mention_intercept: float
    threshold: float
    quiet_threshold: float

    def message(self, features: Iterable[str]) -> float:
        counts = Counter(f for f in features if f in self.idf)
        weights = {f: (1.0 + math.log(n)) * self.idf[f] for f, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        score = self.intercept + sum(w * self.coef.get(f, 0.0) for f, w in weights.items()) / norm
        return sigmoid(score)

    def mention(self, features: Mapping[str, float]) -> float:
        score = self.mention_intercept
        for name, mean, scale, coef in zip(
            self.mention_names,
            self.mention_mean,
            self.mention_scale,
            self.mention_coef,
            strict=True,
        ):
            score += coef * (features.get(name, 0.0) - mean) / scale
        return sigmoid(score)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        message, mention = data["message"], data["mention"]
        return cls(
            idf={k: float(v[0]) for k, v in message["vocabulary"].items()},
            coef={k: float(v[1]) for k, v in message["vocabulary"].items()},
            intercept=float(message["intercept"]),
            mention_names=tuple(mention["names"]),
            mention_mean=tuple(map(float, mention["mean"])),
            mention_scale=tuple(map(float, mention["scale"])),
            mention_coef=tuple(map(float, mention["coef"])),
            mention_intercept=float(mention["intercept"]),
            threshold=float(data["threshold"]),
            quiet_threshold=float(data["quiet_threshold"]),
        )


@lru_cache(maxsize=1)
def load_model() -> Model:
    text = resources.files("bot.domain.chatter").joinpath(MODEL_FILE).read_text("utf-8")
    return Model.from_json(json.loads(text))
