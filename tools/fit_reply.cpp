// fit_reply: fits the reply model's shipped parameters (include/rapport/reply.hpp) on real
// interaction logs and writes include/rapport/detail/default_reply.hpp.
//
//   fit_reply [LOG ...] [--l2 0.01] [--prior 12] [--no-lift] [--header OUT.hpp] [--command "..."]
//
// A LOG is a folder of ../shared/data (its SOURCE.txt names the local time zone; Copenhagen's
// relative timestamps give no zone) or an edge-list file (no zone). Without LOG arguments the
// folders of ../shared/data are used when present.
//
// Each log is replayed in time order, every event src -> dst being an outbound interaction of
// the pair (src, dst) and an inbound one of (dst, src), each pair keeping a `contact_state`. One
// case per real outreach with earlier history between the pair: an event that starts an outreach
// (the owner's unanswered run is empty, or the event comes more than the session gap after the
// owner's previous message: the burst rule), whose reply window ends inside the log; features
// `reply_features_of` the state just before it; label = the contact writes back within the reply
// window. The hour lift at the event is the contact's own hour-of-week profile (every message they
// sent earlier in the log, to anyone, on the log's local clock) shrunk toward the population's week
// with the
// weight of --prior messages, as `week_profile::from_counts` does; 1 where the log has no zone (or
// with --no-lift). The population's week is the share of messages in each hour of the week, averaged
// over the logs with a known zone; it is written to the header too (`week_profile::population()`).
//
// The model is fitted by the Calibrator (`fit_logistic`, each coefficient held to its
// `required_sign`, L2 on standardised columns), pooled over the logs with equal total weight per
// log. Printed per log: n, base rate; AUC, log loss and ECE (10 equal-count bins) of the model,
// of "hours since their last message" alone (ECE after a one-feature logistic recalibration on
// the same cases, which flatters the rule) and of the other one-line rules; then two
// out-of-sample checks: leave one log out (fit on the others, score it; then recalibrated with
// `rapport::recalibrate` on its first 70%, or on the last 30 days of that, and scored on its last
// 30%) and a time split (fit on the first 70% of every log's cases, pooled or alone; score the rest).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <optional>
#include <queue>
#include <tuple>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli_args.hpp"
#include <rapport/calibrate.hpp>
#include <rapport/recommend.hpp>
#include <rapport/reply.hpp>
#include <rapport/state.hpp>
#include <rapport/zone.hpp>
// The log loaders: the only include of the accuracy harness (it is moving to benchmarks/accuracy/).
#include "../benchmarks/accuracy/load.hpp"

using namespace rapport;
namespace fs = std::filesystem;

namespace {

namespace loaders = rapport::eval;

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "fit_reply: " << msg << "\n";
  std::exit(1);
}

struct source {
  std::string name;
  loaders::event_log log;
  std::optional<time_zone> zone;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The zone named on SOURCE.txt's "Local time:" line; none when the log's timestamps are relative.
std::optional<time_zone> zone_of_source(const std::string& text, const std::string& name) {
  const auto at = text.find("Local time:");
  if (at == std::string::npos) return std::nullopt;
  if (text.find("relative", 0) != std::string::npos || text.find("unpublished start", at) != std::string::npos) {
    std::fprintf(stderr, "%s: timestamps are relative, hour lift left at 1\n", name.c_str());
    return std::nullopt;
  }
  std::istringstream line(text.substr(at + 11));
  std::string iana;
  line >> iana;
  while (!iana.empty() && (iana.back() == ',' || iana.back() == '.' || iana.back() == ';')) iana.pop_back();
  auto z = time_zone::from_iana(iana);
  if (!z) die(name + ": zone \"" + iana + "\": " + z.error().message);
  return std::move(*z);
}

source load_source(const std::string& arg) {
  source s;
  const fs::path p(arg);
  s.name = p.filename().empty() ? p.parent_path().filename().string() : p.filename().string();
  if (fs::is_directory(p)) {
    const std::string info = fs::exists(p / "SOURCE.txt") ? read_text(p / "SOURCE.txt") : std::string();
    if (fs::exists(p / "sms.csv")) {
      auto l = loaders::load_copenhagen((p / "sms.csv").string(), fs::exists(p / "calls.csv") ? (p / "calls.csv").string() : "");
      if (!l) die(l.error().message);
      s.log = std::move(*l);
    } else {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && e.path().filename() != "SOURCE.txt" && e.path().filename() != "SHA256SUMS")
          files.push_back(e.path());
      if (files.size() != 1) die(arg + ": expected one data file besides SOURCE.txt and SHA256SUMS");
      auto l = loaders::load_edges(files[0].string());
      if (!l) die(l.error().message);
      s.log = std::move(*l);
    }
    s.zone = zone_of_source(info, s.name);
  } else {
    auto l = loaders::load_edges(arg);
    if (!l) die(l.error().message);
    s.log = std::move(*l);
  }
  return s;
}

struct reply_row {
  reply_vector x{};
  bool y = false;
  double hours_theirs = 0;  // raw, for the printout
  bool early = false;       // in the first 70% of the log's span (time-split check)
  snapshot snap;            // for --explore
  std::int64_t t = 0;
  double lift = 1;
  network_context ctx;                                // each side's activity with anyone before t
  double contact_outreach = 0, contact_answered = 0;  // outreach the contact received from anyone, resolved before t
  double owner_outreach = 0, owner_answered = 0;      // outreach the owner sent to anyone, resolved before t
};

// One case per real outreach with earlier history (see the file comment).
using week_weights = std::array<double, week_profile::slots>;

// The share of a log's messages in each hour of the week on its local clock (sums to 1).
week_weights slot_shares(const source& src) {
  week_weights w{};
  for (const auto& e : src.log.events) w[week_profile::slot_of(&*src.zone, {e.t})] += 1;
  const double n = static_cast<double>(src.log.events.size());
  for (double& v : w) v /= n;
  return w;
}

// The population profile: the mean of the slot shares of the logs with a known zone, each log
// weighing the same; flat when none has one.
week_weights population_of(const std::vector<source>& logs) {
  week_weights w{};
  double k = 0;
  for (const source& src : logs) {
    if (!src.zone || src.log.events.empty()) continue;
    const week_weights one = slot_shares(src);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] += one[i];
    k += 1;
  }
  for (double& v : w) v = k > 0 ? v / k : 1.0 / static_cast<double>(week_profile::slots);
  return w;
}

std::vector<reply_row> build_cases(const source& src, const model& m, const reply_params& rp, double prior, bool use_lift,
                                   const week_weights& population) {
  const auto& ev = src.log.events;
  const model_params& p = m.params();
  const double window = p.reply_window_days * seconds_per_day;
  const std::int64_t end = src.log.end(), begin = src.log.begin();
  const std::int64_t split =
      begin + static_cast<std::int64_t>(0.7 * (static_cast<double>(end - begin) - window));  // of the cases' span
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<std::array<contact_state, 2>> pairs;  // [0]: owner = the lower id
  std::vector<std::uint32_t> pair_of(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const std::uint32_t lo = std::min(ev[i].src, ev[i].dst), hi = std::max(ev[i].src, ev[i].dst);
    auto [it, fresh] = index.emplace((static_cast<std::uint64_t>(lo) << 32) | hi, static_cast<std::uint32_t>(pairs.size()));
    if (fresh) pairs.emplace_back();
    pair_of[i] = it->second;
  }
  // The first answer to each event: the pair's next event in the other direction.
  std::vector<std::int64_t> answer_at(ev.size(), -1);
  {
    std::vector<std::array<std::int64_t, 2>> next(pairs.size(), {-1, -1});  // [sent by the lower id ? 0 : 1]
    for (std::size_t i = ev.size(); i-- > 0;) {
      const bool from_lo = ev[i].src < ev[i].dst;
      answer_at[i] = next[pair_of[i]][from_lo ? 1 : 0];
      next[pair_of[i]][from_lo ? 0 : 1] = ev[i].t;
    }
  }
  std::vector<std::array<float, 168>> sent(src.log.node_count());  // every message each node wrote, by hour of the week
  std::vector<double> sent_n(src.log.node_count(), 0);
  auto slot = [&](std::int64_t t) {
    const local_time l = src.zone->to_local({t});
    return static_cast<std::size_t>(l.wday()) * 24 + static_cast<std::size_t>(l.hour());
  };
  const bool lift_on = use_lift && src.zone.has_value();
  std::vector<std::vector<std::int64_t>> node_times(src.log.node_count());
  auto activity = [&](std::uint32_t node, std::int64_t t, double& count30, double& idle_days) {
    const auto& v = node_times[node];
    count30 = static_cast<double>(v.end() - std::lower_bound(v.begin(), v.end(), t - 30 * seconds_per_day));
    idle_days = v.empty() ? 0.0 : static_cast<double>(t - v.back()) / seconds_per_day;
  };
  std::vector<reply_row> rows;
  // What the burst rule changes: outbound messages since the contact's last message, per owner
  // side (the old unanswered run), against the outreach run the state now keeps.
  std::vector<std::array<std::uint32_t, 2>> message_run(pairs.size(), {0, 0});
  std::size_t burst_messages = 0, cases_with_bursts = 0;
  std::vector<double> recv(src.log.node_count(), 0), recv_ans(src.log.node_count(), 0);
  std::vector<double> sent_out(src.log.node_count(), 0), sent_ans(src.log.node_count(), 0);
  using pending = std::tuple<std::int64_t, std::uint32_t, bool, std::uint32_t>;
  std::priority_queue<pending, std::vector<pending>, std::greater<pending>> unresolved;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const auto& e = ev[i];
    while (!unresolved.empty() && std::get<0>(unresolved.top()) <= e.t) {
      recv[std::get<1>(unresolved.top())] += 1;
      recv_ans[std::get<1>(unresolved.top())] += std::get<2>(unresolved.top()) ? 1 : 0;
      sent_out[std::get<3>(unresolved.top())] += 1;
      sent_ans[std::get<3>(unresolved.top())] += std::get<2>(unresolved.top()) ? 1 : 0;
      unresolved.pop();
    }
    const bool from_lo = e.src < e.dst;
    contact_state& out = pairs[pair_of[i]][from_lo ? 0 : 1];
    contact_state& in = pairs[pair_of[i]][from_lo ? 1 : 0];
    const std::size_t s = lift_on ? slot(e.t) : 0;
    const snapshot before = out.empty() ? snapshot{} : out.at({e.t}, m);
    const bool starts = out.empty() || before.unanswered == 0 || static_cast<double>(e.t - before.last) > p.session_gap_seconds;
    if (starts) {
      const bool answered = answer_at[i] >= 0 && static_cast<double>(answer_at[i] - e.t) <= window;
      unresolved.emplace(answered ? answer_at[i] : e.t + static_cast<std::int64_t>(window), e.dst, answered, e.src);
    }
    if (!out.empty() && static_cast<double>(e.t) + window <= static_cast<double>(end)) {
      if (starts) {
        double lift = 1;
        if (lift_on)  // the contact's profile, shrunk toward the population's (as week_profile::from_counts)
          lift = 168.0 * (sent[e.dst][s] + prior * population[s]) / (sent_n[e.dst] + prior);
        reply_row r;
        r.x = reply_features_of(before, e.t, lift, p, rp);
        r.y = answer_at[i] >= 0 && static_cast<double>(answer_at[i] - e.t) <= window;
        r.hours_theirs = before.last_inbound < 0 ? INFINITY : static_cast<double>(e.t - before.last_inbound) / 3600;
        r.early = e.t < split;
        if (message_run[pair_of[i]][from_lo ? 0 : 1] > before.unanswered) ++cases_with_bursts;
        r.snap = before;
        r.t = e.t;
        r.lift = lift;
        r.contact_outreach = recv[e.dst];
        r.contact_answered = recv_ans[e.dst];
        r.owner_outreach = sent_out[e.src];
        r.owner_answered = sent_ans[e.src];
        activity(e.src, e.t, r.ctx.owner_events_30d, r.ctx.owner_idle_days);
        activity(e.dst, e.t, r.ctx.contact_events_30d, r.ctx.contact_idle_days);
        rows.push_back(r);
      }
    }
    if (!starts) ++burst_messages;
    ++message_run[pair_of[i]][from_lo ? 0 : 1];
    message_run[pair_of[i]][from_lo ? 1 : 0] = 0;
    interaction x;
    x.at = {e.t};
    x.via = e.via;
    x.duration_seconds = e.duration_seconds;
    x.dir = direction::outbound;
    if (auto ok = validate(x, m.channels(), src.name + " event at " + std::to_string(e.t)); !ok) die(ok.error().message);
    out.absorb_unchecked(x, m);
    x.dir = direction::inbound;
    in.absorb_unchecked(x, m);
    node_times[e.src].push_back(e.t);
    node_times[e.dst].push_back(e.t);
    if (lift_on) {
      sent[e.src][s] += 1;
      sent_n[e.src] += 1;
    }
  }
  std::fprintf(
      stderr,
      "%s: %zu messages continue a burst (no new outreach); %zu cases had a longer run counted in messages than in outreaches\n",
      src.name.c_str(), burst_messages, cases_with_bursts);
  return rows;
}

// ---- metrics ----
double auc(const std::vector<double>& score, const std::vector<bool>& y) {
  std::vector<std::size_t> o(score.size());
  std::iota(o.begin(), o.end(), std::size_t{0});
  std::sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  double rank_sum = 0, pos = 0;
  for (std::size_t i = 0; i < o.size();) {
    std::size_t j = i;
    while (j < o.size() && score[o[j]] == score[o[i]]) ++j;
    for (std::size_t k = i; k < j; ++k)
      if (y[o[k]]) {
        rank_sum += 0.5 * static_cast<double>(i + 1 + j);
        pos += 1;
      }
    i = j;
  }
  const double neg = static_cast<double>(o.size()) - pos;
  return pos == 0 || neg == 0 ? NAN : (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}
double log_loss(const std::vector<double>& p, const std::vector<bool>& y) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 1e-6, 1 - 1e-6);
    s -= y[i] ? std::log(q) : std::log(1 - q);
  }
  return s / static_cast<double>(p.size());
}
// Expected calibration error over 10 equal-count bins of predicted probability.
double ece(const std::vector<double>& p, const std::vector<bool>& y, std::vector<std::array<double, 3>>* table = nullptr) {
  std::vector<std::size_t> o(p.size());
  std::iota(o.begin(), o.end(), std::size_t{0});
  std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  double e = 0;
  const std::size_t n = o.size();
  for (std::size_t b = 0; b < 10; ++b) {
    const std::size_t lo = n * b / 10, hi = n * (b + 1) / 10;
    if (hi == lo) continue;
    double mp = 0, my = 0;
    for (std::size_t k = lo; k < hi; ++k) {
      mp += p[o[k]];
      my += y[o[k]] ? 1 : 0;
    }
    mp /= static_cast<double>(hi - lo);
    my /= static_cast<double>(hi - lo);
    e += static_cast<double>(hi - lo) * std::fabs(mp - my);
    if (table) table->push_back({mp, my, static_cast<double>(hi - lo)});
  }
  return e / static_cast<double>(n);
}

struct scores {
  double auc = NAN, ll = NAN, ece = NAN;
};

// ---- fitting ----
struct pooled {
  std::vector<double> x, y, w;
  std::size_t rows = 0;
};
void add_rows(pooled& d, const std::vector<reply_row>& rows, const std::vector<std::size_t>& pick) {
  if (pick.empty()) return;
  const double w = 1.0 / static_cast<double>(pick.size());  // each log weighs 1 in total
  for (std::size_t i : pick) {
    d.x.insert(d.x.end(), rows[i].x.begin(), rows[i].x.end());
    d.y.push_back(rows[i].y ? 1.0 : 0.0);
    d.w.push_back(w);
    ++d.rows;
  }
}

reply_params fit(const pooled& d, const calibrator_options& opt, const reply_params& base, fit_report* rep = nullptr) {
  auto f = fit_logistic(matrix_view::row_major(d.x.data(), d.rows, reply_feature_count), vector_view::of(d.y),
                        vector_view::of(d.w), reply_signs(), {}, opt, reply_feature_names(), "fit_reply");
  if (!f) die(f.error().message);
  if (rep) *rep = f->report;
  auto p = reply_params_from_fit(f->intercept, f->beta, f->mean, base);
  if (!p) die(p.error().message);
  return *p;
}

scores score_model(const std::vector<reply_row>& rows, const std::vector<std::size_t>& pick, const reply_params& p,
                   std::vector<std::array<double, 3>>* table = nullptr) {
  std::vector<double> q;
  std::vector<bool> y;
  for (std::size_t i : pick) {
    q.push_back(reply_chance(rows[i].x, p));
    y.push_back(rows[i].y);
  }
  return {auc(q, y), log_loss(q, y), ece(q, y, table)};
}

// A one-line rule: the rule's feature alone (sign as it should act), AUC as it is; log loss and
// ECE after an in-sample one-feature logistic recalibration.
scores score_rule(const std::vector<reply_row>& rows, const std::vector<std::size_t>& pick, std::size_t j,
                  const calibrator_options& opt) {
  std::vector<double> s, x, yy, w;
  std::vector<bool> y;
  const int sign = required_sign(static_cast<reply_feature>(j));
  for (std::size_t i : pick) {
    s.push_back(sign * rows[i].x[j]);
    x.push_back(rows[i].x[j]);
    yy.push_back(rows[i].y ? 1.0 : 0.0);
    w.push_back(1.0);
    y.push_back(rows[i].y);
  }
  scores out;
  out.auc = auc(s, y);
  auto f = fit_logistic(matrix_view::row_major(x.data(), x.size(), 1), vector_view::of(yy), vector_view::of(w), {0}, {}, opt, {},
                        "rule");
  if (f) {
    std::vector<double> q;
    for (double v : x) q.push_back(logistic(f->intercept + f->beta[0] * v));
    out.ll = log_loss(q, y);
    out.ece = ece(q, y);
  }
  return out;
}

std::pair<std::string, scores> best_rule(const std::vector<reply_row>& rows, const std::vector<std::size_t>& pick,
                                         const calibrator_options& opt) {
  std::pair<std::string, scores> best{"", {}};
  best.second.auc = -1;
  for (std::size_t j = 0; j < reply_feature_count; ++j) {
    const scores sr = score_rule(rows, pick, j, opt);
    if (sr.auc > best.second.auc) best = {to_string(static_cast<reply_feature>(j)), sr};
  }
  return best;
}

// Platt scaling of `p` on the chosen cases, as a CRM would run it (`rapport::recalibrate`).
reply_params platt(const std::vector<reply_row>& rows, const std::vector<std::size_t>& pick, const reply_params& p,
                   const calibrator_options&) {
  std::vector<reply_outcome> outcomes;
  for (std::size_t i : pick) outcomes.push_back({rows[i].x, rows[i].y, 1.0});
  auto q = recalibrate(p, outcomes);
  if (!q) die(q.error().message);
  return *q;
}

// ---- --explore: candidate feature sets, fitted per log, pooled and leave-one-log-out ----
constexpr int cand_count = 25;
const char* cand_names[cand_count] = {"answers_them", "since_theirs",  "since_last",  "unanswered",    "answer_share",
                                      "answered",     "ignored",       "latency",     "reciprocity",   "their_recent",
                                      "their_long",   "warmth",        "hour_lift",   "conversations", "turn_x_since",
                                      "out_short",    "owner_act",     "contact_act", "owner_idle",    "contact_idle",
                                      "warmth_ctx",   "contact_share", "contact_n",   "owner_share",   "owner_n"};
const int cand_sign[cand_count] = {+1, -1, -1, -1, +1, +1, -1, -1, +1, +1, +1, +1, +1, 0, -1, 0, 0, +1, 0, -1, +1, +1, 0, +1, 0};
std::array<double, cand_count> candidates(const reply_row& r) {
  std::array<double, cand_count> c{};
  for (std::size_t j = 0; j < reply_feature_count; ++j) c[j] = r.x[j];
  const snapshot& s = r.snap;
  c[13] = std::log1p(s.conversations);
  c[14] = r.x[0] * r.x[1];
  c[15] = std::log1p(s.out_short);
  const context_vector cv = context_features_of(r.ctx);
  for (std::size_t j = 0; j < 4; ++j) c[16 + j] = cv[j];
  const model_params& mp = model::defaults().params();
  c[20] = logit_with_context(logit_of(features_of(s, r.t, mp), mp), &r.ctx, mp);
  c[21] = std::log((r.contact_answered + 1) / (r.contact_outreach - r.contact_answered + 1));
  c[22] = std::log1p(r.contact_outreach);
  c[23] = std::log((r.owner_answered + 1) / (r.owner_outreach - r.owner_answered + 1));
  c[24] = std::log1p(r.owner_outreach);
  return c;
}
double fit_and_auc(const std::vector<std::vector<reply_row>>& rows, const std::vector<int>& cols,
                   const std::vector<std::size_t>& train_logs, std::size_t test_log, const calibrator_options& opt,
                   double* ece_out) {
  std::vector<double> x, y, w;
  std::size_t n = 0;
  for (std::size_t d : train_logs) {
    const double wt = 1.0 / static_cast<double>(rows[d].size());
    for (const auto& r : rows[d]) {
      const auto c = candidates(r);
      for (int j : cols) x.push_back(c[static_cast<std::size_t>(j)]);
      y.push_back(r.y);
      w.push_back(wt);
      ++n;
    }
  }
  std::vector<int> signs;
  for (int j : cols) signs.push_back(cand_sign[j]);
  auto f = fit_logistic(matrix_view::row_major(x.data(), n, cols.size()), vector_view::of(y), vector_view::of(w), signs, {}, opt,
                        {}, "explore");
  if (!f) die(f.error().message);
  std::vector<double> q;
  std::vector<bool> lab;
  for (const auto& r : rows[test_log]) {
    const auto c = candidates(r);
    double z = f->intercept;
    for (std::size_t k = 0; k < cols.size(); ++k) z += f->beta[k] * c[static_cast<std::size_t>(cols[k])];
    q.push_back(logistic(z));
    lab.push_back(r.y);
  }
  if (ece_out) *ece_out = ece(q, lab);
  return auc(q, lab);
}
void explore(const std::vector<std::vector<reply_row>>& rows, const std::vector<source>& logs, const calibrator_options& opt) {
  const std::vector<std::pair<std::string, std::vector<int>>> sets = {
      {"issue's 8", {0, 1, 2, 3, 4, 7, 11, 12}},
      {"shipped 13", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
      {"13 + contact share", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22}},
      {"13 + context 4", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19}},
      {"13 + owner share", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 23}},
      {"13 + owner+contact share", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 23}},
      {"everything", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24}},
  };
  const std::size_t L = rows.size();
  std::printf("AUC/ECE of feature sets fitted on the log alone (own), on all logs (pooled), on the other logs (lolo):\n");
  for (const auto& [name, cols] : sets) {
    std::printf("  %s:", name.c_str());
    for (int j : cols) std::printf(" %s", cand_names[j]);
    std::printf("\n");
  }
  for (const auto& [name, cols] : sets) {
    std::printf("%-26s", name.c_str());
    for (std::size_t d = 0; d < L; ++d) {
      double e1 = 0, e2 = 0, e3 = 0;
      const double own = fit_and_auc(rows, cols, {d}, d, opt, &e1);
      std::vector<std::size_t> alll, others;
      for (std::size_t k = 0; k < L; ++k) {
        alll.push_back(k);
        if (k != d) others.push_back(k);
      }
      const double pooled_auc = fit_and_auc(rows, cols, alll, d, opt, &e2);
      const double lolo = fit_and_auc(rows, cols, others, d, opt, &e3);
      std::printf(" | %s own %.4f/%.3f pooled %.4f/%.3f lolo %.4f/%.3f", logs[d].name.substr(0, 8).c_str(), own, e1, pooled_auc,
                  e2, lolo, e3);
    }
    std::printf("\n");
  }
}

std::string cpp_number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

void write_header(const std::string& path, const reply_params& p, const week_weights& population,
                  const std::vector<std::string>& logs, const std::string& command, double l2, double prior, bool lift) {
  std::ofstream h(path, std::ios::binary);
  if (!h) die(path + ": cannot write");
  h << "#pragma once\n// GENERATED by tools/fit_reply; do not edit. Regenerate with:\n//   " << command << "\n// Data:\n";
  for (const auto& l : logs) h << "//   " << l << "\n";
  h << "// Fit: one case per real outreach with earlier history (burst rule), label = answered within the\n"
    << "// reply window; each log weighing the same; L2 " << l2 << " on standardised coefficients; each coefficient\n"
    << "// held to required_sign(reply_feature); hour lift "
    << (lift ? "from the contact's own earlier messages (to anyone) shrunk toward the population's week (prior " +
                   cpp_number(prior) + " messages)"
             : std::string("left at 1"))
    << ".\n// See docs/REPLY.md.\n#include <rapport/reply.hpp>\n\nnamespace rapport {\ninline namespace v1 {\n"
    << "inline reply_params reply_params::defaults() noexcept {\n  reply_params p;\n"
    << "  p.intercept = " << cpp_number(p.intercept) << ";\n";
  for (int part = 0; part < 2; ++part) {
    const reply_vector& v = part == 0 ? p.beta : p.reference;
    h << (part == 0 ? "  p.beta = {" : "  p.reference = {");
    for (std::size_t j = 0; j < reply_feature_count; ++j)
      h << (j ? (part == 0 ? ",\n            " : ",\n                 ") : "") << cpp_number(v[j]) << "  /* "
        << to_string(static_cast<reply_feature>(j)) << " */";
    h << "};\n";
  }
  h << "  return p;\n}\n\n// The population's week: the share of messages in each hour of the week (Sunday 00:00 = slot 0) on\n"
    << "// each log's local clock, averaged over the logs with a known zone (week_profile::population()).\n"
    << "namespace detail {\ninline constexpr double default_week_shares[168] = {";
  for (std::size_t j = 0; j < population.size(); ++j) h << (j % 6 ? " " : "\n    ") << cpp_number(population[j]) << ",";
  h << "};\n}  // namespace detail\n}  // namespace v1\n}  // namespace rapport\n";
}

// Everything the checks need: the cases of each log and the subsets they score.
struct study {
  std::vector<source> logs;
  std::vector<std::vector<reply_row>> rows;
  std::vector<std::vector<std::size_t>> all, early, late;  // per log: every case, first 70% and last 30% of the cases' span
  calibrator_options opt;
  reply_params base;  // shaping values only: priors and caps
  std::size_t size() const noexcept { return logs.size(); }
  reply_params fit_on(const std::vector<const std::vector<std::size_t>*>& pick, fit_report* rep = nullptr) const {
    pooled d;
    for (std::size_t k = 0; k < size(); ++k)
      if (pick[k]) add_rows(d, rows[k], *pick[k]);
    return fit(d, opt, base, rep);
  }
};

void print_params(const reply_params& p, const fit_report& rep) {
  std::printf("fit on all logs (each weighing 1): %d Newton steps, %d active-set changes, weighted log loss %.5f\n",
              rep.newton_steps, rep.active_set_changes, rep.loss);
  std::printf("  intercept %+.5f\n", p.intercept);
  for (std::size_t j = 0; j < reply_feature_count; ++j)
    std::printf("  %-14s beta %+.5f  reference %+.4f  (sign %+d)\n", to_string(static_cast<reply_feature>(j)), p.beta[j],
                p.reference[j], required_sign(static_cast<reply_feature>(j)));
}

void report_per_log(const study& st, const reply_params& fitted) {
  std::printf(
      "\nper log: the shipped fit (pooled, in-sample) against the one-line rules (each a single feature;\n"
      "its log loss and ECE after a one-feature logistic recalibration on the same cases):\n");
  for (std::size_t d = 0; d < st.size(); ++d) {
    const auto& rows = st.rows[d];
    double rate = 0;
    for (const auto& r : rows) rate += r.y ? 1 : 0;
    rate /= static_cast<double>(rows.size());
    std::vector<std::array<double, 3>> table;
    const scores sm = score_model(rows, st.all[d], fitted, &table);
    std::printf("%s: n %zu, answered %.3f\n  model              auc %.4f  logloss %.4f  ece %.4f\n", st.logs[d].name.c_str(),
                rows.size(), rate, sm.auc, sm.ll, sm.ece);
    for (std::size_t j = 0; j < reply_feature_count; ++j) {
      const scores sr = score_rule(rows, st.all[d], j, st.opt);
      std::printf("  rule %-13s auc %.4f  logloss %.4f  ece %.4f\n", to_string(static_cast<reply_feature>(j)), sr.auc, sr.ll,
                  sr.ece);
    }
    const auto [best, sb] = best_rule(rows, st.all[d], st.opt);
    const scores since = score_rule(rows, st.all[d], static_cast<std::size_t>(reply_feature::since_theirs), st.opt);
    std::printf(
        "  model - best rule (%s %.4f) = %+.4f; model - since_theirs = %+.4f (target >= +0.03); ece %.4f (target <= 0.03)\n",
        best.c_str(), sb.auc, sm.auc - sb.auc, sm.auc - since.auc, sm.ece);
    std::printf("  reliability (10 equal-count bins, predicted/observed):");
    for (const auto& bin : table) std::printf(" %.2f/%.2f", bin[0], bin[1]);
    std::printf("\n");
  }
}

void report_leave_one_out(const study& st) {
  std::printf(
      "\nleave one log out (fit on the others, score this one; then Platt-recalibrated on its first 70%%, scored on its last 30%%):\n");
  for (std::size_t held = 0; held < st.size(); ++held) {
    std::vector<const std::vector<std::size_t>*> pick;
    for (std::size_t k = 0; k < st.size(); ++k) pick.push_back(k == held ? nullptr : &st.all[k]);
    const reply_params p = st.fit_on(pick);
    const auto& rows = st.rows[held];
    const scores s_all = score_model(rows, st.all[held], p), s_late = score_model(rows, st.late[held], p);
    const reply_params q = platt(rows, st.early[held], p, st.opt);
    const scores s_rec = score_model(rows, st.late[held], q);
    // The same recalibration on the last 30 days before the split only (following drift).
    std::int64_t split = 0;
    for (std::size_t i : st.early[held]) split = std::max(split, rows[i].t);
    std::vector<std::size_t> recent;
    for (std::size_t i : st.early[held])
      if (rows[i].t >= split - 30 * seconds_per_day) recent.push_back(i);
    const scores s_recent = score_model(rows, st.late[held], platt(rows, recent, p, st.opt));
    const auto [best, sb] = best_rule(rows, st.all[held], st.opt);
    std::printf(
        "  %-20s all: auc %.4f (best rule %s %.4f, %+.4f) logloss %.4f ece %.4f | last 30%%: ece %.4f, recalibrated on the first 70%% %.4f"
        " (on its last 30 days: %.4f) auc %.4f\n",
        st.logs[held].name.c_str(), s_all.auc, best.c_str(), sb.auc, s_all.auc - sb.auc, s_all.ll, s_all.ece, s_late.ece,
        s_rec.ece, s_recent.ece, s_rec.auc);
  }
}

void report_time_split(const study& st) {
  std::printf(
      "\ntime split (fit on the first 70%% of the cases' span, score the last 30%%), pooled over the logs and per log alone:\n");
  std::vector<const std::vector<std::size_t>*> pick;
  for (const auto& e : st.early) pick.push_back(&e);
  const reply_params p = st.fit_on(pick);
  for (std::size_t k = 0; k < st.size(); ++k) {
    if (st.late[k].empty() || st.early[k].empty()) continue;
    std::vector<const std::vector<std::size_t>*> own(st.size(), nullptr);
    own[k] = &st.early[k];
    const reply_params q = st.fit_on(own);
    const scores s = score_model(st.rows[k], st.late[k], p), o = score_model(st.rows[k], st.late[k], q);
    const auto [best, sb] = best_rule(st.rows[k], st.late[k], st.opt);
    std::printf(
        "  %-20s n %zu  pooled: auc %.4f logloss %.4f ece %.4f | own: auc %.4f logloss %.4f ece %.4f | best rule %s %.4f\n",
        st.logs[k].name.c_str(), st.late[k].size(), s.auc, s.ll, s.ece, o.auc, o.ll, o.ece, best.c_str(), sb.auc);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  double l2 = 0.01, prior = 12;
  bool lift = true, explore_only = false;
  std::string header_out, command;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--l2")
      l2 = rapport_tools::number_or_die(a, next(), 0, 1e6, die);
    else if (a == "--prior")
      prior = rapport_tools::number_or_die(a, next(), 0.01, 1e6, die);
    else if (a == "--no-lift")
      lift = false;
    else if (a == "--explore")
      explore_only = true;
    else if (a == "--header")
      header_out = next();
    else if (a == "--command")
      command = next();
    else if (!a.empty() && a[0] == '-')
      die("unknown option " + a);
    else
      paths.push_back(a);
  }
  if (paths.empty() && fs::is_directory("../shared/data"))
    for (const char* d : {"collegemsg", "copenhagen", "manufacturing-email"})
      if (fs::is_directory(fs::path("../shared/data") / d)) paths.push_back((fs::path("../shared/data") / d).string());
  if (paths.empty()) die("give at least one log (a folder of ../shared/data or an edge-list file)");

  study st;
  st.opt.l2 = l2;
  for (const auto& path : paths) st.logs.push_back(load_source(path));
  const week_weights population = population_of(st.logs);
  for (std::size_t k = 0; k < st.logs.size(); ++k) {
    const std::string& path = paths[k];
    st.rows.push_back(build_cases(st.logs[k], model::defaults(), st.base, prior, lift, population));
    std::fprintf(stderr, "%s: %zu events, %zu outreach cases\n", st.logs.back().name.c_str(), st.logs.back().log.events.size(),
                 st.rows.back().size());
    if (st.rows.back().empty()) die(path + ": no outreach cases");
    st.all.emplace_back();
    st.early.emplace_back();
    st.late.emplace_back();
    for (std::size_t i = 0; i < st.rows.back().size(); ++i) {
      st.all.back().push_back(i);
      (st.rows.back()[i].early ? st.early.back() : st.late.back()).push_back(i);
    }
  }
  if (explore_only) {
    explore(st.rows, st.logs, st.opt);
    return 0;
  }

  std::vector<const std::vector<std::size_t>*> every;
  for (const auto& a : st.all) every.push_back(&a);
  fit_report rep;
  const reply_params fitted = st.fit_on(every, &rep);
  print_params(fitted, rep);
  report_per_log(st, fitted);
  if (st.size() > 1) report_leave_one_out(st);
  report_time_split(st);
  if (!header_out.empty()) write_header(header_out, fitted, population, paths, command, l2, prior, lift);
  return 0;
}
