#pragma once
// The optional contacts CSV: one row per contact, a header, any of these columns (in any order):
//   contact          the key used in the interactions file (required)
//   name             display name
//   zone             IANA name (America/New_York) or POSIX TZ string (EST5EDT,M3.2.0,M11.1.0)
//   calendar         holidays: us_federal, england_wales, none
//   quiet_hours      local "20:00-08:00", or "none"
//   do_not_contact   periods "2026-12-01..2026-12-14", several separated by ';' (a day is inclusive)
//   reach_out_after  date or time ("reach out on or after")
//   reach_out_before date or time (a hard deadline)
//   preferred_days   "mon-fri", "tue,thu"
//   preferred_hours  local hours "9-12,14-16" ([9, 12) and [14, 16))
//   stage            committed, parked, or empty
// Dates and times without an offset are on the contact's own wall clock. Contacts missing from the
// file (or empty cells) get --zone / --calendar and the library's defaults.

#include <rapport/recommend.hpp>

#include <map>
#include <memory>
#include <string>

namespace rapport_cli {

struct contact_info {
  std::string display_name;
  std::string zone_text = "UTC", calendar_name = "none";
  rapport::contact_constraints constraints;  ///< zone and calendar point into the book
};

/// Every contact's constraints; owns the zones and calendars they share.
class contact_book {
 public:
  /// The defaults for contacts the file does not describe (--zone, --calendar); errors name the flag.
  static rapport::result<contact_book> create(const std::string& zone, const std::string& calendar);
  /// Reads a contacts CSV; errors are `file:line:column: what`.
  rapport::result<void> load(const std::string& path);
  const contact_info& of(const std::string& contact) const;
  std::size_t size() const noexcept { return contacts_.size(); }

  rapport::result<const rapport::time_zone*> zone(const std::string& text);
  rapport::result<const rapport::calendar*> calendar(const std::string& name);

 private:
  std::map<std::string, std::unique_ptr<rapport::time_zone>> zones_;
  std::map<std::string, std::unique_ptr<rapport::calendar>> calendars_;
  std::map<std::string, contact_info> contacts_;
  contact_info default_;
};

/// "20:00-08:00" (or "none") as quiet hours; shared by the contacts file and the explain text.
std::string quiet_text(const rapport::quiet_hours& q);

}  // namespace rapport_cli
