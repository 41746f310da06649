#!/usr/bin/env python3
"""The peer of `scenario-runner run` in scripts/benchmark.sh: IPCC 2019 Tier 1 for every paddy of
a file, as an analyst would write it with numpy and netCDF4-python.

    tier1_numpy.py INPUT.nc OUT.csv [MODELS_DIR]

Rules (simpler than the engine's; same reading, thresholds and equation, one season per paddy):

1. Read: the whole `water_level(paddy, time)` [cm] at once (masked where `_FillValue`), `area`
   [ha], `paddy_id`, `organic_amendment` and `organic_amendment_rate` [t ha-1].
2. Threshold: a day is flooded when its level is at least `flooded_min_cm`
   (models/water-detection.yaml), drained when it is below the `ipcc` rule's `threshold_cm`
   (models/drainage-rules.yaml); missing days are neither.
3. Season: from the first to the last flooded day of the paddy's series (so the land preparation
   before the first flood and the end-season drainage after the last are outside it); its length
   is t of IPCC 2019 Eq. 5.1. A paddy that never floods gets no row.
4. Count drainage runs: runs of at least the rule's `min_days` drained days in a row inside the
   season (a missing day ends a run). No run: continuously flooded; one: single drainage; more:
   multiple drainage (SF_w, Table 5.12).
5. Multiply (Eq. 5.1-5.3): EF = EF_c(global) x SF_w x SF_p(non-flooded pre-season < 180 d) x SF_o,
   SF_o = (1 + rate x CFOA(type))^exponent, CH4 [kg] = EF x t x area. Every factor is read from
   models/ipcc-2019.yaml.
6. Write a CSV: paddy_id, season_days, drainage_runs, sf_w, sf_o, ef_kg_ha_day, ch4_kg (pandas).

It is a timing peer, not a second implementation: its numbers are not compared with the engine's.
"""
import os
import sys

import netCDF4
import numpy as np
import pandas as pd
import yaml


def factors(models):
    with open(os.path.join(models, "ipcc-2019.yaml")) as f:
        ipcc = yaml.safe_load(f)
    with open(os.path.join(models, "water-detection.yaml")) as f:
        detection = yaml.safe_load(f)
    with open(os.path.join(models, "drainage-rules.yaml")) as f:
        rule = yaml.safe_load(f)["ipcc"]
    return ipcc, detection, rule


def drainage_runs(drained, min_days):
    """Runs of at least `min_days` True values in a row, counted per row of a 2-D bool array."""
    n, t = drained.shape
    padded = np.zeros((n, t + 2), dtype=np.int8)
    padded[:, 1:-1] = drained
    step = np.diff(padded, axis=1)
    start_rows, start_cols = np.nonzero(step == 1)
    _, end_cols = np.nonzero(step == -1)
    long_enough = (end_cols - start_cols) >= min_days
    return np.bincount(start_rows[long_enough], minlength=n)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    models = sys.argv[3] if len(sys.argv) == 4 else os.path.join(os.path.dirname(__file__), "..", "models")
    ipcc, detection, rule = factors(models)

    with netCDF4.Dataset(sys.argv[1]) as ds:
        level = ds["water_level"][:]                      # masked array (paddy, time)
        area = np.asarray(ds["area"][:], dtype=float)
        ids = ds["paddy_id"][:]
        if ids.dtype != object:                           # char array: join the characters
            ids = netCDF4.chartostring(ids)
        amendment = np.asarray(ds["organic_amendment"][:], dtype=object)
        rate = np.asarray(ds["organic_amendment_rate"][:], dtype=float)

    known = ~np.ma.getmaskarray(level)
    values = np.ma.getdata(level)
    flooded = known & (values >= detection["flooded_min_cm"])
    drained = known & (values < rule["threshold_cm"])

    t = values.shape[1]
    has_season = flooded.any(axis=1)
    first = flooded.argmax(axis=1)
    last = t - 1 - flooded[:, ::-1].argmax(axis=1)
    day = np.arange(t)
    in_season = (day >= first[:, None]) & (day <= last[:, None])
    runs = drainage_runs(drained & in_season, rule["min_days"])

    sf_w_table = ipcc["water_regime_scaling"]
    sf_w = np.where(runs == 0, sf_w_table["continuously_flooded"]["value"],
                    np.where(runs == 1, sf_w_table["single_drainage"]["value"], sf_w_table["multiple_drainage"]["value"]))
    cfoa = {k: v["value"] for k, v in ipcc["amendment_conversion"].items()}
    conversion = np.array([cfoa.get(a, 0.0) for a in amendment])
    sf_o = (1 + rate * conversion) ** ipcc["amendment_exponent"]["value"]
    ef = (ipcc["baseline_ef_kg_ha_day"]["global"]["value"] * sf_w
          * ipcc["pre_season_scaling"]["not_flooded_lt_180d"]["value"] * sf_o)
    days = last - first + 1
    ch4 = ef * days * area

    rows = has_season
    pd.DataFrame({"paddy_id": ids[rows], "season_days": days[rows], "drainage_runs": runs[rows],
                  "sf_w": sf_w[rows], "sf_o": sf_o[rows], "ef_kg_ha_day": ef[rows], "ch4_kg": ch4[rows]}
                 ).to_csv(sys.argv[2], index=False)


if __name__ == "__main__":
    main()
