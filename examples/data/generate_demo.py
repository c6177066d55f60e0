#!/usr/bin/env python3
"""Writes the demo export beside this script: a networker's last six months, as a CRM would export it.

  demo_interactions.csv  one row per interaction: contact,at,channel,direction,duration_seconds,subject
                         (times ISO 8601 with the owner's UTC offset, London: +01:00 in summer;
                         subjects quoted where they hold commas, quotes or a line break)
  demo_contacts.csv      one row per contact: display name, zone, holidays, leave, dates, ...

Seeded (random.Random(13), only .random() is used, which is stable across Python versions), so the
files are the same on every run:  python3 examples/data/generate_demo.py && git diff --exit-code
"""
import datetime as dt
import os
import random

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
START = NOW - dt.timedelta(days=183)
rng = random.Random(13)


def uniform(a, b):
    return a + (b - a) * rng.random()


def london_offset(t):
    """The owner's UTC offset (hours): BST between the last Sundays of March and October, 01:00 UTC."""
    def last_sunday(month):
        d = dt.datetime(t.year, month, 31 if month in (3, 10) else 30, 1, tzinfo=dt.timezone.utc)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    return 1 if last_sunday(3) <= t < last_sunday(10) else 0


def iso(t):
    off = london_offset(t)
    local = t + dt.timedelta(hours=off)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + ("+01:00" if off else "+00:00")


def at(day, hour, utc_offset=0.0):
    """`day` days after START at local `hour` on a clock `utc_offset` hours from UTC."""
    base = dt.datetime(START.year, START.month, START.day, tzinfo=dt.timezone.utc) + dt.timedelta(days=day)
    t = base + dt.timedelta(hours=hour - utc_offset, minutes=int(uniform(0, 50)))
    while (t + dt.timedelta(hours=utc_offset)).weekday() >= 5:  # business days only
        t += dt.timedelta(days=1)
    return t


rows = []


def log(contact, t, channel, direction, subject="", duration=""):
    if START <= t < NOW:
        rows.append((contact, t, channel, direction, duration, subject))


def exchange(contact, day, subject, offset=0.0, they_first=False, reply_days=(0.1, 2.0), channel="email"):
    """A message and its answer (theirs in their working hours)."""
    first, second = ("inbound", "outbound") if they_first else ("outbound", "inbound")
    t = at(day, uniform(9, 17), offset if they_first else london_offset(NOW))
    log(contact, t, channel, first, subject)
    log(contact, t + dt.timedelta(days=uniform(*reply_days)), channel, second, "Re: " + subject)


def client_priya():  # New York client: calls every two weeks, she wrote last
    for k, day in enumerate(range(4, 176, 14)):
        log("priya.raman", at(day, uniform(10, 12), -4 if day < 160 else -5), "video_call", "mutual", "Weekly sync, Northwind rollout", str(1800 + 300 * (k % 3)))
        exchange("priya.raman", day + 3, "Notes from the sync, \"phase %d\"" % (k + 1), offset=-5)
    log("priya.raman", dt.datetime(2026, 11, 24, 21, 40, tzinfo=dt.timezone.utc), "email", "inbound", "Contract renewal, draft\nsee attachment")


def colleague_tom():  # colleague in Berlin, on parental leave since 16 November
    for k, day in enumerate(range(2, 170, 7)):
        log("tom.becker", at(day, uniform(9, 16), 1), "message", "outbound" if k % 2 else "inbound", "Team thread")
        if day % 21 == 2:
            log("tom.becker", at(day + 1, 14, 1), "meeting", "mutual", "Quarterly planning, Berlin", "3600")
    log("tom.becker", at(174, 16, 1), "message", "inbound", "Off from Monday, back 7 December!")


def colleagues():
    for k, day in enumerate(range(1, 183, 4)):
        log("hannah.lee", at(day, uniform(9, 17)), "message", "inbound" if k % 2 else "outbound", "Standup follow-ups")
    for day in range(5, 183, 10):
        log("david.cohen", at(day, uniform(10, 16)), "meeting" if day % 20 == 5 else "email", "mutual" if day % 20 == 5 else "outbound", "1:1", "1800" if day % 20 == 5 else "")
        if day % 20 != 5:
            log("david.cohen", at(day + 1, uniform(9, 17)), "email", "inbound", "Re: 1:1")


def event_contacts():  # Web Summit, Lisbon, 10-13 November; a London meetup in September
    log("sofia.marquez", dt.datetime(2026, 11, 11, 15, 20, tzinfo=dt.timezone.utc), "event", "mutual", "Web Summit, panel on CRM data")
    log("kenji.watanabe", dt.datetime(2026, 11, 12, 11, 0, tzinfo=dt.timezone.utc), "event", "mutual", "Web Summit, booth")
    log("kenji.watanabe", dt.datetime(2026, 11, 13, 8, 30, tzinfo=dt.timezone.utc), "email", "outbound", "Great to meet you in Lisbon")
    log("kenji.watanabe", dt.datetime(2026, 11, 16, 1, 15, tzinfo=dt.timezone.utc), "email", "inbound", "Re: Great to meet you in Lisbon")
    log("kenji.watanabe", dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.timezone.utc), "email", "outbound", "Intro deck, as promised")
    log("amara.diallo", dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.timezone.utc), "event", "mutual", "Product meetup, Shoreditch")
    log("lucas.moreau", dt.datetime(2026, 9, 17, 18, 45, tzinfo=dt.timezone.utc), "event", "mutual", "Data meetup, King's Cross")
    log("lucas.moreau", dt.datetime(2026, 9, 18, 9, 10, tzinfo=dt.timezone.utc), "social", "outbound", "LinkedIn invitation")
    log("lucas.moreau", dt.datetime(2026, 9, 18, 20, 5, tzinfo=dt.timezone.utc), "social", "inbound", "Accepted")


def prospects():
    for day in (120, 134, 150):  # three unanswered: give space
        log("noah.petit", at(day, 10), "email", "outbound", "Quick question about your data stack")
    log("liam.oconnor", at(60, 11), "call", "mutual", "Discovery call", "1500")
    exchange("liam.oconnor", 75, "Proposal, v1")
    log("liam.oconnor", at(172, 9.5), "email", "outbound", "Proposal, v2 (pricing updated)")
    for day in (30, 65, 100, 140, 168):
        exchange("emma.schulz", day, "Pilot, next steps", offset=1)
    log("emma.schulz", at(176, 14, 1), "meeting", "mutual", "Pilot review", "2700")
    exchange("olivia.brown", 40, "Partnership idea")
    log("olivia.brown", at(90, 15), "email", "inbound", "Not the right time, let's talk next year")


def gone_quiet():  # Grace: close until July, then nothing
    for day in range(0, 55, 6):
        exchange("grace.okonkwo", day, "Community roundtable", they_first=day % 12 == 0)
    log("grace.okonkwo", at(40, 12), "meeting", "mutual", "Lunch, Borough Market", "5400")


def partners():
    for day in (20, 80, 140):
        log("ravi.kumar", at(day, 11, 5.5), "video_call", "mutual", "Reseller agreement", "2400")
        exchange("ravi.kumar", day + 2, "Reseller agreement, redlines", offset=5.5)
    log("ravi.kumar", at(150, 12, 5.5), "commitment", "mutual", "Agreement signed")
    for day in (25, 95, 160):
        exchange("margaret.hughes", day, "Mentoring catch-up", they_first=True, reply_days=(0.5, 1.5))


for make in (client_priya, colleague_tom, colleagues, event_contacts, prospects, gone_quiet, partners):
    make()
rows.sort(key=lambda r: (r[1], r[0]))


def csv_cell(text):
    text = str(text)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "demo_interactions.csv"), "w", newline="") as f:
    f.write("contact,at,channel,direction,duration_seconds,subject\r\n")
    for contact, t, channel, direction, duration, subject in rows:
        f.write(",".join(csv_cell(c) for c in (contact, iso(t), channel, direction, duration, subject)) + "\r\n")

CONTACTS = [
    # contact, name, zone, calendar, quiet_hours, do_not_contact, reach_out_after, reach_out_before, preferred_days, preferred_hours, stage
    ("priya.raman", "Raman, Priya", "America/New_York", "us_federal", "19:00-08:00", "", "", "2026-12-18", "mon-thu", "9-12", ""),
    ("tom.becker", "Tom Becker", "Europe/Berlin", "none", "", "2026-11-16..2026-12-06", "", "", "", "", ""),
    ("hannah.lee", "Hannah Lee", "Europe/London", "england_wales", "", "", "", "", "", "", ""),
    ("david.cohen", "David Cohen", "Europe/London", "england_wales", "", "", "", "", "", "", ""),
    ("sofia.marquez", "Sofía Márquez", "Europe/Lisbon", "none", "", "", "", "", "", "", ""),
    ("kenji.watanabe", "Kenji Watanabe", "Asia/Tokyo", "none", "21:00-09:00", "", "", "", "", "", ""),
    ("amara.diallo", "Amara Diallo", "Europe/London", "england_wales", "", "", "", "", "", "", ""),
    ("lucas.moreau", "Lucas Moreau", "Europe/Paris", "none", "", "", "", "", "", "", ""),
    ("noah.petit", "Noah Petit", "Europe/Paris", "none", "", "", "", "", "", "", ""),
    ("liam.oconnor", "Liam O'Connor", "Europe/Dublin", "none", "", "", "", "", "", "", ""),
    ("emma.schulz", "Emma Schulz", "Europe/Berlin", "none", "", "", "", "", "tue,thu", "", ""),
    ("olivia.brown", "Olivia Brown", "Europe/London", "england_wales", "", "", "2027-01-11", "", "", "", "parked"),
    ("grace.okonkwo", "Grace Okonkwo", "Europe/London", "england_wales", "", "", "", "", "", "", ""),
    ("ravi.kumar", "Ravi Kumar", "IST-5:30", "none", "", "", "", "", "", "", "committed"),
    ("margaret.hughes", "Margaret \"Maggie\" Hughes", "Europe/London", "england_wales", "", "", "2026-12-01", "", "", "", ""),
]
with open(os.path.join(here, "demo_contacts.csv"), "w", newline="") as f:
    f.write("contact,name,zone,calendar,quiet_hours,do_not_contact,reach_out_after,reach_out_before,preferred_days,preferred_hours,stage\r\n")
    for c in CONTACTS:
        f.write(",".join(csv_cell(x) for x in c) + "\r\n")
print("wrote %d interactions of %d contacts" % (len(rows), len(CONTACTS)))
