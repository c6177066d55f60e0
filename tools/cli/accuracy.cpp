#include "accuracy.hpp"

#include <algorithm>

namespace rapport_cli {
namespace eval = rapport::eval;

namespace {

eval::event_log event_log_of(const session& s) {
  eval::event_log log;
  log.names.push_back("(you)");
  for (const auto& [name, items] : s.log.by_contact) {
    const auto node = static_cast<std::uint32_t>(log.names.size());
    log.names.push_back(name);
    for (const auto& x : items) {
      if (x.at > s.now) continue;
      if (x.dir != rapport::direction::inbound) log.events.push_back({x.at.seconds, 0, node, x.via, x.duration_seconds});
      if (x.dir != rapport::direction::outbound) log.events.push_back({x.at.seconds, node, 0, x.via, x.duration_seconds});
    }
  }
  std::stable_sort(log.events.begin(), log.events.end(), [](const eval::event& a, const eval::event& b) { return a.t < b.t; });
  return log;
}

std::vector<std::size_t> yours(const eval::replay_result& r, const std::vector<std::size_t>& idx) {
  std::vector<std::size_t> out;
  for (std::size_t i : idx)
    if (r.cases[i].owner == 0) out.push_back(i);
  return out;
}

}  // namespace

rapport::result<accuracy_setup> replay_log(const session& s, const accuracy_flags& f) {
  eval::replay_options ro;
  ro.horizon_days = f.horizon_days;
  ro.cutoffs = f.cutoffs;
  ro.reply_window_days = s.model.params().reply_window_days;
  auto r = eval::replay(event_log_of(s), s.model, ro);
  if (!r) return std::move(r).error();
  accuracy_setup a;
  a.replay = std::move(*r);
  a.split = eval::split_by_time(a.replay);
  a.split.train = yours(a.replay, a.split.train);
  a.split.test = yours(a.replay, a.split.test);
  if (a.split.train.empty() || a.split.test.empty())
    return rapport::fail(rapport::errc::invalid_argument,
                         "the log is too short to split in time: " + std::to_string(a.split.train.size()) + " training and " +
                             std::to_string(a.split.test.size()) + " test cases (it needs more than one horizon of history)");
  return a;
}

json metrics_row(const std::string& name, const eval::binary_metrics& m) {
  const auto num = [](double v) { return std::isfinite(v) ? json(v) : json(); };
  return {{"model", name},         {"cases", m.cases}, {"auc", num(m.auc)}, {"log_loss", num(m.log_loss)},
          {"brier", num(m.brier)}, {"ece", num(m.ece)}};
}

eval::binary_metrics score_params(const accuracy_setup& a, const rapport::model_params& p) {
  return eval::score_binary(eval::model_probabilities(a.replay, a.split.test, p), eval::labels_of(a.replay, a.split.test));
}

std::vector<rapport::timestamp> train_cutoffs(const accuracy_setup& a) {
  std::vector<rapport::timestamp> out;
  for (int k : a.split.train_cutoffs) out.push_back({a.replay.cutoffs[static_cast<std::size_t>(k)]});
  return out;
}

rapport::result<std::vector<rapport::history>> all_histories(const session& s) {
  std::vector<rapport::history> out;
  for (const auto& [name, items] : s.log.by_contact) {
    std::vector<rapport::interaction> seen;
    for (const auto& x : items)
      if (x.at <= s.now) seen.push_back(x);
    auto h = rapport::history::from(std::move(seen), s.model.channels());
    if (!h) return rapport::fail(h.error().code, name + ": " + h.error().message);
    out.push_back(std::move(*h));
  }
  return out;
}

}  // namespace rapport_cli
