#!/usr/bin/python3
"""rapport's warmth (no network context) computed with numpy/pandas, vectorised, on the data set
that rapport_compare wrote; the same features and parameters as include/rapport/model.hpp's
features_of and state.hpp's absorb (docs/PERFORMANCE.md lists what is left out: the counters'
halving past 65,535, which no contact of the data set reaches).

usage: warmth_numpy.py DIR   -> prints "numpy_seconds: X (cpu Y)" (best of 3, load excluded), writes DIR/numpy.f64
"""
import sys
import time

import numpy as np
import pandas as pd

OUT, IN, MUTUAL = 0, 1, 2


def load(d):
    cols = {
        "contact": np.fromfile(d + "/contact.i32", dtype=np.int32),
        "at": np.fromfile(d + "/at.i64", dtype=np.int64),
        "channel": np.fromfile(d + "/channel.u8", dtype=np.uint8),
        "direction": np.fromfile(d + "/direction.u8", dtype=np.uint8),
    }
    p = {}
    for line in open(d + "/params.txt"):
        k, v = line.split()
        p[k] = float(v)
    return pd.DataFrame(cols), p


def warmth(df, p):
    # Exact duplicates (a record synced twice) count once. Rows are in (contact, time) order, so
    # only runs of rows sharing contact and second can hold one: look for them there alone.
    contact, at = df["contact"].to_numpy(), df["at"].to_numpy()
    same = np.zeros(len(at), dtype=bool)
    same[1:] = (contact[1:] == contact[:-1]) & (at[1:] == at[:-1])
    in_run = same.copy()
    in_run[:-1] |= same[1:]
    runs = np.flatnonzero(in_run)
    keep = np.ones(len(at), dtype=bool)
    keep[runs] = ~df.iloc[runs].duplicated(["contact", "at", "channel", "direction"]).to_numpy()
    df = df[keep]
    contact = df["contact"].to_numpy()
    at = df["at"].to_numpy()
    d = df["direction"].to_numpy()
    n = int(contact[-1]) + 1
    start = np.empty(len(at), dtype=bool)
    start[0] = True
    start[1:] = contact[1:] != contact[:-1]
    gap = np.empty(len(at), dtype=np.float64)
    gap[0] = 0
    gap[1:] = (at[1:] - at[:-1]).astype(np.float64)
    prev_out = np.empty(len(at), dtype=bool)
    prev_out[0] = False
    prev_out[1:] = d[:-1] == OUT
    prev_out &= ~start
    sg, rw = p["session_gap_seconds"], p["reply_window_days"] * 86400
    out = d == OUT
    count = lambda mask: np.bincount(contact, weights=mask, minlength=n)
    conversations = count(start | (gap > sg))
    outreach = count(out & ~prev_out)
    answered = count(~out & prev_out & (gap <= rw))
    # The unanswered run: the outbound rows after the contact's last non-outbound row, counted in
    # outreaches (a new one when more than the session gap after the previous row), at most 255.
    pos = np.arange(len(at))
    first_row = np.flatnonzero(start)  # every contact has rows, in order: reduceat per contact
    last_other = np.maximum.reduceat(np.where(out, -1, pos), first_row)
    in_final_run = pos > last_other[contact]
    run = count(in_final_run & prev_out & (gap > sg))
    ends_out = count(in_final_run) > 0
    unanswered = np.where(ends_out, np.minimum(255.0, 1.0 + run), 0.0)
    now = p["now"]
    w = np.array([p.get("weight%d" % c, 0.0) for c in range(64)])[df["channel"].to_numpy()]
    age = (now - at).astype(np.float64)
    ws, wl = w * np.exp2(-age * p["inv_short"]), w * np.exp2(-age * p["inv_long"])
    theirs, ours = d != OUT, d != IN
    in_s, in_l = count(np.where(theirs, ws, 0)), count(np.where(theirs, wl, 0))
    out_s, out_l = count(np.where(ours, ws, 0)), count(np.where(ours, wl, 0))
    first = at[first_row].astype(np.float64)
    last = at[np.append(first_row[1:], len(at)) - 1].astype(np.float64)
    last_in = np.maximum.reduceat(np.where(d == IN, at, -1), first_row)

    cap = p["inbound_recency_cap_days"] * 86400
    since_last = now - last
    since_in = np.where(last_in < 0, cap, np.minimum(now - last_in, cap))
    gapc = np.where(conversations >= 2, (last - first) / np.maximum(conversations - 1, 1), p["prior_gap_days"] * 86400)
    total = in_l + out_l
    x = [
        np.log1p(since_last / 86400),
        np.log1p(since_in / 86400),
        np.log1p(in_s),
        np.log1p(in_l),
        np.log1p(out_s),
        np.log1p(out_l),
        np.where(total > 0, (in_l - out_l) / np.where(total > 0, total, 1), 0.0),
        (answered + 1.0) / (outreach + 2.0),
        np.log1p(unanswered),
        np.minimum(since_last / np.maximum(gapc, sg), 20.0),
        np.log1p((last - first) / 86400),
        np.log1p(conversations),
    ]
    z = p["intercept"] + sum(p["beta%d" % i] * x[i] for i in range(12))
    return 100.0 / (1.0 + np.exp(-z))


def main():
    d = sys.argv[1]
    df, p = load(d)
    best, best_cpu, scores = None, None, None
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        scores = warmth(df, p)
        s, c = time.perf_counter() - t0, time.process_time() - c0
        best = s if best is None else min(best, s)
        best_cpu = c if best_cpu is None else min(best_cpu, c)
    scores.astype(np.float64).tofile(d + "/numpy.f64")
    print("numpy_seconds: %.6f (cpu %.6f)" % (best, best_cpu))


if __name__ == "__main__":
    main()
