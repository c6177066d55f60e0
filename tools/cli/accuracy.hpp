#pragma once
// The accuracy harness on the tool's own log, for `calibrate` and `evaluate`. This header is the
// one place the tool includes the harness, which is not installed (benchmarks/accuracy/); replay
// and metrics are public (<rapport/eval/...>).
//
// The log becomes an event log with you as node 0 and each contact as a node of its own (a mutual
// interaction is an event each way), replayed with a rolling origin; only the cases where you are
// the owner are scored. The later half of the cutoffs are the test cutoffs (eval::split_by_time).

#include "output.hpp"
#include "session.hpp"

#include "../../benchmarks/accuracy/harness.hpp"
#include <rapport/eval/replay.hpp>

namespace rapport_cli {

struct accuracy_setup {
  rapport::eval::replay_result replay;
  rapport::eval::time_split split;  ///< train/test case indices, your cases only
};

struct accuracy_flags {
  int cutoffs = 8;
  double horizon_days = 30;
};

/// Replays the session's log; an error when there are too few cutoffs or cases to split in time.
rapport::result<accuracy_setup> replay_log(const session& s, const accuracy_flags& f);

/// One row of a metrics table: {"model": name, "cases", "auc", "log_loss", "brier", "ece"}.
json metrics_row(const std::string& name, const rapport::eval::binary_metrics& m);

/// The warmth model under `p` on the test cases.
rapport::eval::binary_metrics score_params(const accuracy_setup& a, const rapport::model_params& p);

/// The times of the training cutoffs (what `calibrate` fits on before it is judged on the rest).
std::vector<rapport::timestamp> train_cutoffs(const accuracy_setup& a);

/// Every contact's history, for `rapport::calibrate`.
rapport::result<std::vector<rapport::history>> all_histories(const session& s);

}  // namespace rapport_cli
