"""The confidence calibration: its fit, its shipped table, its bounds."""

from __future__ import annotations

from typing import get_args

from timeline.events.calibration import PRIOR, calibrated, factors, fit
from timeline.schema import How


def test_fit_brings_the_mean_confidence_to_the_observed_accuracy() -> None:
    judged = [("publication", 0.4, True)] * 300 + [("publication", 0.4, False)] * 100
    factor, n = fit(judged)["publication"]
    assert n == 400
    expected = (300 + PRIOR * 0.4) / (400 + PRIOR)  # shrunk towards the rule's 0.4
    assert abs(0.4 * factor - expected) < 0.01


def test_few_judged_events_move_the_confidence_little() -> None:
    factor, _ = fit([("inferred", 0.5, False)] * 2)["inferred"]
    assert 0.8 < factor < 1.0


def test_the_shipped_table_names_real_hows_and_stays_in_bounds() -> None:
    table = factors()
    assert table and set(table) <= set(get_args(How))
    for how in table:
        assert calibrated(how, 0.01) >= 0.05 and calibrated(how, 1.0) <= 0.99
