#pragma once
// A seeded CRM-shaped workload for the speed benchmarks and the side-by-side comparison
// (benchmarks/compare/): owners with a heavy-tailed number of contacts, contacts with a
// heavy-tailed number of rows, bursty times (conversations of a few messages minutes apart,
// separated by days to months), mixed channels (mostly e-mail and messages, some calls and
// meetings, rare commitments) and a few exact duplicates (a record synced twice). Columnar, sorted
// by (owner, contact, time): the layout of `score_batch`. Deterministic for a given seed.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <rapport/batch.hpp>
#include <rapport/time.hpp>

namespace rapport_bench {

// splitmix64: fast enough to generate 10^8 rows in seconds, and the same stream on every platform.
struct rng {
  std::uint64_t s;
  std::uint64_t next() noexcept {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }               // [0, 1)
  double open_uniform() noexcept { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  // A discrete Pareto count >= 1: P(n > k) ~ (scale / k)^alpha, capped.
  std::size_t pareto(double scale, double alpha, std::size_t cap) noexcept {
    const double x = scale * std::pow(open_uniform(), -1.0 / alpha);
    return std::min<std::size_t>(cap, std::max<std::size_t>(1, static_cast<std::size_t>(x)));
  }
  double exponential(double mean) noexcept { return -mean * std::log(open_uniform()); }
};

struct workload {
  std::vector<std::size_t> offsets{0};  // contact c owns rows [offsets[c], offsets[c + 1])
  std::vector<std::uint32_t> owner;     // owner of each contact (owners are contiguous)
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> channel, direction;
  rapport::timestamp now{0};

  std::size_t contacts() const noexcept { return offsets.size() - 1; }
  std::size_t rows() const noexcept { return at.size(); }
  rapport::interaction_columns columns() const noexcept { return {at.data(), channel.data(), direction.data(), at.size()}; }
  // Bytes the batch call reads and writes per contact: its rows, its offset, its score.
  double bytes_per_contact() const noexcept {
    return contacts() ? static_cast<double>(rows() * 10 + contacts() * 16) / static_cast<double>(contacts()) : 0;
  }
};

namespace detail {
// Channel mix (built-in ids): email 45%, message 25%, social 8%, call 8%, video call 5%, meeting
// 5%, event 2%, introduction 1.5%, commitment 0.5%.
inline std::uint8_t pick_channel(rng& r) noexcept {
  static const double cumulative[] = {0.45, 0.70, 0.78, 0.86, 0.91, 0.96, 0.98, 0.995, 1.0};
  static const std::uint8_t ids[] = {4, 5, 6, 2, 3, 0, 1, 7, 8};
  const double u = r.uniform();
  std::size_t i = 0;
  while (i < 8 && u >= cumulative[i]) ++i;
  return ids[i];
}

// One contact's rows, conversation by conversation, ending before `now`.
inline void add_contact(workload& w, rng& r, std::int64_t now, std::size_t min_len) {
  const std::size_t n = std::max(min_len, r.pareto(3.5, 1.6, 20000));  // mean about 9 rows, a long tail
  const double span = 3.0 * 365 * 86400;
  std::int64_t t = now - static_cast<std::int64_t>(span * r.uniform()) - 60;
  std::size_t made = 0;
  while (made < n && t < now) {
    const std::uint8_t via = pick_channel(r);
    const bool live = via == 0 || via == 1 || via == 2 || via == 3;  // meetings, events and calls are mutual
    std::uint8_t dir = live ? 2 : (r.uniform() < 0.55 ? 0 : 1);
    const std::size_t burst = live ? 1 : r.pareto(1.0, 1.8, 12);
    for (std::size_t k = 0; k < burst && made < n && t < now; ++k, ++made) {
      w.at.push_back(t);
      w.channel.push_back(via);
      w.direction.push_back(dir);
      if (r.uniform() < 0.004) {  // the same record synced twice
        w.at.push_back(t), w.channel.push_back(via), w.direction.push_back(dir);
      }
      if (!live && r.uniform() < 0.7) dir = static_cast<std::uint8_t>(1 - dir);  // turn-taking
      t += static_cast<std::int64_t>(r.exponential(900.0));                      // minutes apart
    }
    t += static_cast<std::int64_t>(86400.0 * 0.5 * std::pow(240.0, r.uniform()));  // log-uniform, half a day to 4 months
  }
  w.offsets.push_back(w.at.size());
}
}  // namespace detail

// At least `min_rows` rows (or `min_contacts` contacts, whichever comes last), scored at `now`;
// `min_len` raises every contact's target length (its conversations may still stop it at `now`).
inline workload make_workload(std::size_t min_rows, std::size_t min_contacts = 0, std::uint64_t seed = 42,
                              std::size_t min_len = 1) {
  workload w;
  rng r{seed};
  w.now = rapport::utc(2026, 6, 1);
  w.at.reserve(min_rows + 64);
  w.channel.reserve(min_rows + 64);
  w.direction.reserve(min_rows + 64);
  std::uint32_t owner = 0;
  while (w.rows() < min_rows || w.contacts() < min_contacts) {
    const std::size_t contacts = r.pareto(20.0, 1.2, 50000);  // a CRM user's book: tens to thousands
    for (std::size_t c = 0; c < contacts && (w.rows() < min_rows || w.contacts() < min_contacts); ++c) {
      detail::add_contact(w, r, w.now.seconds, min_len);
      w.owner.push_back(owner);
    }
    ++owner;
  }
  return w;
}

}  // namespace rapport_bench
