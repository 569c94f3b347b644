"""The shipped model is plain JSON scored in plain Python."""

from __future__ import annotations

import json
from importlib import resources

from bot.domain.chatter.model import Model, load_model, sigmoid


def test_model_file_loads_and_is_small() -> None:
    raw = resources.files("bot.domain.chatter").joinpath("model.json").read_text("utf-8")
    assert len(raw) < 500_000
    data = json.loads(raw)
    assert "train_" in data["trained_on"]
    assert "heldout" not in data["trained_on"]
    model = load_model()
    assert len(model.idf) == len(model.coef) > 100
    assert len(model.mention_names) == len(model.mention_coef)


def test_scoring_matches_tf_idf_and_a_dot_product() -> None:
    model = Model.from_json(
        {
            "threshold": 0.5,
            "quiet_threshold": 0.9,
            "message": {"intercept": -1.0, "vocabulary": {"a": [1.0, 2.0], "b": [2.0, -1.0]}},
            "mention": {
                "names": ["x"],
                "mean": [1.0],
                "scale": [2.0],
                "coef": [3.0],
                "intercept": 0.5,
            },
        }
    )
    # counts a=1, b=1 -> weights 1, 2 -> L2 norm sqrt(5)
    expected = sigmoid(-1.0 + (1.0 * 2.0 + 2.0 * -1.0) / 5**0.5)
    assert abs(model.message(["a", "b", "unknown"]) - expected) < 1e-12
    assert abs(model.mention({"x": 3.0}) - sigmoid(0.5 + 3.0 * 1.0)) < 1e-12
    assert model.message([]) == sigmoid(-1.0)


def test_sigmoid_saturates_without_overflow() -> None:
    assert sigmoid(1e6) == 1.0
    assert sigmoid(-1e6) == 0.0
