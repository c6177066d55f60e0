// The library's side of benchmarks/compare/run.sh.
//   rapport_compare gen DIR ROWS CONTACTS   writes the data set (workload.hpp, seed 42) into DIR:
//       rows.csv (contact,id,at,channel,direction: for PostgreSQL's COPY), contact.i32, at.i64,
//       channel.u8, direction.u8 (for numpy), params.txt (the model's parameters, "name value")
//   rapport_compare score DIR               loads DIR (not timed), runs score_batch on one thread
//       (best of 3), prints "rapport_seconds: X (cpu Y)" and writes the scores to DIR/rapport.f64
#include <rapport/rapport.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "workload.hpp"

namespace {
template <class T>
void write_raw(const std::string& path, const std::vector<T>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

template <class T>
std::vector<T> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::vector<T> v(static_cast<std::size_t>(in.tellg()) / sizeof(T));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  return v;
}

// Every parameter the score uses, so that the SQL and numpy versions use the same ones.
void write_params(const std::string& path, const rapport::model& m, rapport::timestamp now) {
  const auto& p = m.params();
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fprintf(f, "now %lld\n", static_cast<long long>(now.seconds));
  std::fprintf(f, "inv_short %.17g\ninv_long %.17g\n", m.inv_half_life_short_s(), m.inv_half_life_long_s());
  std::fprintf(f, "session_gap_seconds %.17g\nreply_window_days %.17g\n", p.session_gap_seconds, p.reply_window_days);
  std::fprintf(f, "prior_gap_days %.17g\ninbound_recency_cap_days %.17g\n", p.prior_gap_days, p.inbound_recency_cap_days);
  std::fprintf(f, "intercept %.17g\n", p.intercept);
  for (std::size_t i = 0; i < rapport::feature_count; ++i) std::fprintf(f, "beta%zu %.17g\n", i, p.beta[i]);
  for (std::size_t c = 0; c < m.channels().size(); ++c)
    std::fprintf(f, "weight%zu %.17g\n", c, m.channels().weight(static_cast<rapport::channel>(c)));
  std::fclose(f);
}

int gen(const std::string& dir, std::size_t rows, std::size_t contacts) {
  const auto w = rapport_bench::make_workload(rows, contacts);
  std::vector<std::int32_t> contact(w.rows());
  for (std::size_t c = 0; c < w.contacts(); ++c)
    std::fill(contact.begin() + static_cast<std::ptrdiff_t>(w.offsets[c]),
              contact.begin() + static_cast<std::ptrdiff_t>(w.offsets[c + 1]), static_cast<std::int32_t>(c));
  write_raw(dir + "/contact.i32", contact);
  write_raw(dir + "/at.i64", w.at);
  write_raw(dir + "/channel.u8", w.channel);
  write_raw(dir + "/direction.u8", w.direction);
  std::FILE* csv = std::fopen((dir + "/rows.csv").c_str(), "w");
  for (std::size_t r = 0; r < w.rows(); ++r)
    std::fprintf(csv, "%d,%zu,%lld,%u,%u\n", contact[r], r, static_cast<long long>(w.at[r]), w.channel[r], w.direction[r]);
  std::fclose(csv);
  write_params(dir + "/params.txt", rapport::model::defaults(), w.now);
  std::printf("data: %zu rows over %zu contacts\n", w.rows(), w.contacts());
  return 0;
}

int score(const std::string& dir) {
  const auto contact = read_raw<std::int32_t>(dir + "/contact.i32");
  const auto at = read_raw<std::int64_t>(dir + "/at.i64");
  const auto channel = read_raw<std::uint8_t>(dir + "/channel.u8");
  const auto direction = read_raw<std::uint8_t>(dir + "/direction.u8");
  std::vector<std::size_t> offsets{0};
  for (std::size_t r = 1; r <= contact.size(); ++r)
    if (r == contact.size() || contact[r] != contact[r - 1]) offsets.push_back(r);
  std::ifstream params(dir + "/params.txt");
  std::string name;
  long long now = 0;
  params >> name >> now;
  const rapport::interaction_columns cols{at.data(), channel.data(), direction.data(), at.size()};
  std::vector<double> scores(offsets.size() - 1);
  double best = 1e300, best_cpu = 1e300;
  for (int run = 0; run < 3; ++run) {
    const std::clock_t c0 = std::clock();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = rapport::score_batch(offsets.data(), scores.size(), cols, rapport::timestamp{now}, rapport::model::defaults(),
                                  scores.data(), nullptr, rapport::batch_options{});
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r) {
      std::fprintf(stderr, "rapport_compare: %s\n", r.error().message.c_str());
      return 1;
    }
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
  }
  write_raw(dir + "/rapport.f64", scores);
  // Wall time, as for the peers (on a shared machine the CPU time says how much of it was waiting).
  std::printf("rapport_seconds: %.6f (cpu %.6f)\n", best, best_cpu);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "gen" && argc == 5) return gen(argv[2], std::strtoull(argv[3], nullptr, 10), std::strtoull(argv[4], nullptr, 10));
  if (cmd == "score" && argc == 3) return score(argv[2]);
  std::fprintf(stderr, "usage: rapport_compare gen DIR ROWS CONTACTS | rapport_compare score DIR\n");
  return 2;
}
