#include "contacts.hpp"

#include "csv.hpp"
#include "text.hpp"
#include "when.hpp"

#include <fstream>
#include <optional>

namespace rapport_cli {
namespace {

using rapport::result;
// A column's reader: fills `c` from the cell text, or returns what is wrong.
using field_fn = std::optional<std::string> (*)(contact_book&, contact_info&, const std::string&);

std::optional<std::string> read_name(contact_book&, contact_info& c, const std::string& t) {
  c.display_name = t;
  return std::nullopt;
}

std::optional<std::string> read_zone(contact_book& book, contact_info& c, const std::string& t) {
  auto z = book.zone(t);
  if (!z) return z.error().message;
  c.zone_text = t;
  c.constraints.zone = *z;
  return std::nullopt;
}

std::optional<std::string> read_calendar(contact_book& book, contact_info& c, const std::string& t) {
  auto cal = book.calendar(lower(t));
  if (!cal) return cal.error().message + " (built in: us_federal, england_wales, none)";
  c.calendar_name = lower(t);
  c.constraints.cal = *cal;
  return std::nullopt;
}

std::optional<std::string> read_quiet(contact_book&, contact_info& c, const std::string& t) {
  if (lower(t) == "none") return c.constraints.quiet = rapport::quiet_hours::none(), std::nullopt;
  const auto parts = split(t, '-');
  if (parts.size() != 2) return "quiet hours \"" + t + "\" are not HH:MM-HH:MM (or none)";
  auto from = parse_clock(trim(parts[0])), to = parse_clock(trim(parts[1]));
  if (!from) return from.error().message;
  if (!to) return to.error().message;
  c.constraints.quiet = {static_cast<std::int16_t>(*from), static_cast<std::int16_t>(*to)};
  return std::nullopt;
}

// A bound of a period or a date: a day alone is that local day's start (`end_of_day`: the next day's).
result<rapport::timestamp> read_instant(const contact_info& c, const std::string& t, bool end_of_day) {
  if (t.size() == 10) {
    auto d = parse_day(t);
    if (!d) return std::move(d).error();
    const rapport::date day = end_of_day ? *d + 1 : *d;
    return c.constraints.zone ? c.constraints.zone->from_local(day, 0)
                              : rapport::timestamp{static_cast<std::int64_t>(day.days) * rapport::seconds_per_day};
  }
  return parse_when(t, c.constraints.zone);
}

std::optional<std::string> read_periods(contact_book&, contact_info& c, const std::string& t) {
  for (const std::string& item : split(t, ';')) {
    const auto dots = item.find("..");
    if (dots == std::string::npos) return "do-not-contact period \"" + trim(item) + "\" is not FROM..UNTIL";
    auto from = read_instant(c, trim(item.substr(0, dots)), false), until = read_instant(c, trim(item.substr(dots + 2)), true);
    if (!from) return from.error().message;
    if (!until) return until.error().message;
    if (!(*from < *until)) return "do-not-contact period \"" + trim(item) + "\" ends before it starts";
    c.constraints.do_not_contact.push_back({*from, *until});
  }
  return std::nullopt;
}

std::optional<std::string> read_after(contact_book&, contact_info& c, const std::string& t) {
  auto at = read_instant(c, t, false);
  if (!at) return at.error().message;
  c.constraints.reach_out_after = *at;
  return std::nullopt;
}

std::optional<std::string> read_before(contact_book&, contact_info& c, const std::string& t) {
  auto at = read_instant(c, t, false);
  if (!at) return at.error().message;
  c.constraints.reach_out_before = *at;
  return std::nullopt;
}

std::optional<int> day_number(const std::string& t) {
  static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (lower(trim(t)).substr(0, 3) == names[i]) return i;
  return std::nullopt;
}

std::optional<std::string> read_days(contact_book&, contact_info& c, const std::string& t) {
  unsigned bits = 0;
  for (const std::string& item : split(t, ',')) {
    const auto parts = split(item, '-');
    const auto a = parts.empty() ? std::nullopt : day_number(parts.front()),
               b = parts.empty() ? std::nullopt : day_number(parts.back());
    if (!a || !b || parts.size() > 2) return "preferred days \"" + t + "\" are not like mon-fri or tue,thu";
    for (int d = *a;; d = (d + 1) % 7) {
      bits |= 1u << d;
      if (d == *b) break;
    }
  }
  c.constraints.preferred_days = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(bits));
  return std::nullopt;
}

std::optional<std::string> read_hours(contact_book&, contact_info& c, const std::string& t) {
  std::uint32_t bits = 0;
  for (const std::string& item : split(t, ',')) {
    const auto parts = split(trim(item), '-');
    int from = -1, to = -1;
    if (parts.size() == 1 || parts.size() == 2) {
      from = std::atoi(parts.front().c_str());
      to = parts.size() == 2 ? std::atoi(parts.back().c_str()) : from + 1;
    }
    if (parts.empty() || parts.size() > 2 || from < 0 || to > 24 || from >= to ||
        trim(parts.front()).find_first_not_of("0123456789") != std::string::npos)
      return "preferred hours \"" + t + "\" are not like 9-12,14-16";
    for (int h = from; h < to; ++h) bits |= 1u << h;
  }
  c.constraints.preferred_hours = bits;
  return std::nullopt;
}

std::optional<std::string> read_stage(contact_book&, contact_info& c, const std::string& t) {
  const std::string s = lower(t);
  if (s == "committed")
    c.constraints.override_stage = rapport::stage_override::committed;
  else if (s == "parked")
    c.constraints.override_stage = rapport::stage_override::parked;
  else if (s != "none" && !s.empty())
    return "stage must be committed, parked or empty, not \"" + t + "\"";
  return std::nullopt;
}

// In the order they are applied: the zone first, since dates are read on it.
struct field_rule {
  const char* column;
  field_fn read;
};
constexpr field_rule field_rules[] = {{"name", read_name},
                                      {"zone", read_zone},
                                      {"calendar", read_calendar},
                                      {"quiet_hours", read_quiet},
                                      {"do_not_contact", read_periods},
                                      {"reach_out_after", read_after},
                                      {"reach_out_before", read_before},
                                      {"preferred_days", read_days},
                                      {"preferred_hours", read_hours},
                                      {"stage", read_stage}};

}  // namespace

result<contact_book> contact_book::create(const std::string& zone, const std::string& calendar) {
  contact_book b;
  if (!zone.empty()) {
    auto z = b.zone(zone);
    if (!z) return rapport::fail(rapport::errc::invalid_argument, "--zone: " + z.error().message);
    b.default_.constraints.zone = *z;
    b.default_.zone_text = zone;
  }
  auto cal = b.calendar(calendar);
  if (!cal) return rapport::fail(rapport::errc::invalid_argument, "--calendar: " + cal.error().message);
  b.default_.constraints.cal = *cal;
  b.default_.calendar_name = calendar;
  return b;
}

result<const rapport::time_zone*> contact_book::zone(const std::string& text) {
  auto& slot = zones_[text];
  if (!slot) {
    auto z = text == "UTC" ? result<rapport::time_zone>(rapport::time_zone::utc()) : rapport::time_zone::from_text(text);
    if (!z) return zones_.erase(text), std::move(z).error();
    slot = std::make_unique<rapport::time_zone>(std::move(*z));
  }
  return slot.get();
}

result<const rapport::calendar*> contact_book::calendar(const std::string& name) {
  auto& slot = calendars_[name];
  if (!slot) {
    auto c = rapport::calendar::builtin(name);
    if (!c) return calendars_.erase(name), std::move(c).error();
    slot = std::make_unique<rapport::calendar>(std::move(*c));
  }
  return slot.get();
}

const contact_info& contact_book::of(const std::string& contact) const {
  const auto it = contacts_.find(contact);
  return it == contacts_.end() ? default_ : it->second;
}

result<void> contact_book::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return rapport::fail(rapport::errc::invalid_argument, path + ": cannot open the file");
  csv_reader reader(in, path);
  csv_record header, rec;
  auto more = reader.next(header);
  if (!more) return std::move(more).error();
  std::size_t key = header.fields.size();
  for (std::size_t i = 0; i < header.fields.size(); ++i)
    if (lower(trim(header.fields[i].text)) == "contact") key = i;
  if (!*more || key == header.fields.size())
    return rapport::fail(rapport::errc::invalid_argument, where(path, 1, 1) + "expected a header with a \"contact\" column");
  while ((more = reader.next(rec)) && *more) {
    if (rec.fields.size() <= key || trim(rec.fields[key].text).empty())
      return rapport::fail(rapport::errc::invalid_argument, where(path, rec.line, 1) + "no contact in this row");
    contact_info c = default_;
    for (const field_rule& rule : field_rules)
      for (std::size_t i = 0; i < header.fields.size() && i < rec.fields.size(); ++i) {
        const std::string cell = trim(rec.fields[i].text);
        if (lower(trim(header.fields[i].text)) != rule.column || cell.empty()) continue;
        if (auto why = rule.read(*this, c, cell))
          return rapport::fail(rapport::errc::invalid_argument, where(path, rec.fields[i].line, rec.fields[i].column) + *why);
      }
    if (auto ok = c.constraints.validate(); !ok)
      return rapport::fail(rapport::errc::invalid_argument, where(path, rec.line, 1) + ok.error().message);
    contacts_[trim(rec.fields[key].text)] = std::move(c);
  }
  if (!more) return std::move(more).error();
  return {};
}

std::string quiet_text(const rapport::quiet_hours& q) {
  if (q.start_minute == q.end_minute) return "none";
  return format("%02d:%02d-%02d:%02d", q.start_minute / 60, q.start_minute % 60, q.end_minute / 60, q.end_minute % 60);
}

}  // namespace rapport_cli
