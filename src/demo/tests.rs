//! The demo at fixed clocks: before, during and after a working day, on a
//! weekend, in other zones.

use super::data::*;
use super::schedule::*;
use super::*;
use crate::domain::slot::{local_to_utc, LocalHours};
use crate::domain::{Call, Interval, WorkingHours};
use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;

use chrono::TimeZone;

fn settings(zone: Tz) -> Settings {
    Settings::with_zone(zone)
}

fn build_at(zone: Tz, now: DateTime<Utc>) -> (Store, DemoSummary) {
    let store = Store::open_in_memory().unwrap();
    let s = populate(&store, now, &settings(zone)).unwrap();
    (store, s)
}

#[test]
fn data_parses_and_has_fourteen_people_today() {
    let d = load_data().unwrap();
    assert_eq!(d.today.len(), 14);
    assert!(d.yesterday.iter().all(|p| p.at.is_some()));
}

#[test]
fn layout_keeps_the_slot_after_now_free() {
    let hours = WorkingHours::default();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let slots = hours.slots(day);
    let busy = Interval::new(slots[9].start, slots[10].end);
    for c in 0..slots.len() {
        let uses = layout(&slots, &busy, Phase::During(c));
        assert_ne!(uses[c], Use::Free, "slot {c}");
        assert_eq!(uses.iter().filter(|u| **u == Use::Free).count(), 4);
        if let Some(f) = (c + 1..slots.len()).find(|&i| uses[i] != Use::Busy) {
            assert_eq!(uses[f], Use::Free, "after {c}");
        }
    }
    let uses = layout(&slots, &busy, Phase::Before);
    assert_eq!(uses.iter().filter(|u| **u == Use::Screen).count(), 14);
}

#[test]
fn weekend_builds_the_last_working_day() {
    let sat = Utc.with_ymd_and_hms(2026, 11, 28, 11, 0, 0).unwrap();
    let (_, s) = build_at(chrono_tz::Europe::London, sat);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert_eq!(s.calls, 14);
    assert_eq!(s.marked, 13);
}

#[test]
fn mid_morning_has_marks_a_live_call_and_a_callback_due_soon() {
    let zone = chrono_tz::Europe::London;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 40, 0).unwrap();
    let (store, s) = build_at(zone, now);
    assert_eq!(s.calls, 14);
    let span = WorkingHours {
        zone,
        ..WorkingHours::default()
    }
    .day_span(s.date);
    let calls = store.calls_between(span.start, span.end).unwrap();
    for c in &calls {
        assert_eq!(
            c.outcome.is_marked(),
            c.end() <= now,
            "{} {}",
            c.candidate.name,
            c.start
        );
        assert!(c.marked_at.is_none_or(|m| m <= now));
    }
    let queue = store.open_callbacks(now, zone).unwrap();
    assert!(queue.iter().any(|c| c.bucket(now, 30) == Bucket::Overdue));
    assert!(
        queue
            .iter()
            .any(|c| c.due > now && c.due - now <= Duration::minutes(30)),
        "{queue:#?}"
    );
    assert_eq!(queue.iter().filter(|c| c.called_in_at.is_some()).count(), 1);
}

/// Every half hour (at :07 and :37) of a week, in two zones: the demo day always has
/// 14 calls, nothing in the future is marked, the queue always has an
/// overdue callback and exactly one candidate who rang in, and during
/// working hours a callback falls due soon.
#[test]
fn looks_right_at_any_time_of_the_week() {
    for zone in [chrono_tz::Europe::London, chrono_tz::America::Chicago] {
        let hours = WorkingHours {
            zone,
            ..WorkingHours::default()
        };
        let monday = local_to_utc(
            zone,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            NaiveTime::MIN,
        );
        for step in 0..(7 * 48) {
            let now = monday + Duration::minutes(30 * step + 7);
            let (store, s) = build_at(zone, now);
            let at = format!("{zone} {now}");
            assert_eq!(s.calls, 14, "{at}");
            assert!(hours.is_working_day(s.date), "{at}");
            let span = hours.day_span(s.date);
            for c in store.calls_between(span.start, span.end).unwrap() {
                if c.outcome.is_marked() {
                    assert!(c.end() <= now, "{at}: {} marked early", c.candidate.name);
                }
            }
            let queue = store.open_callbacks(now, zone).unwrap();
            assert!(s.overdue >= 1, "{at}: {queue:#?}");
            let called_in = queue.iter().filter(|c| c.called_in_at.is_some()).count();
            assert_eq!(called_in, 1, "{at}");
            let (_, phase) = choose_day(&hours, now);
            let last_slot = hours.slots(s.date).last().map(|l| l.start);
            if let Phase::During(_) = phase {
                if last_slot.is_some_and(|l| l > now) {
                    assert!(
                        queue
                            .iter()
                            .any(|c| c.due > now && c.due - now <= Duration::minutes(90)),
                        "{at}: nothing due soon"
                    );
                }
            }
        }
    }
}

/// On a Friday afternoon the report of the week has calls every day,
/// a cancellation, callbacks reached within a day and later, inbound
/// lateness, and promises kept, met by a no-news call, and late.
#[test]
fn the_week_is_worth_a_report() {
    use crate::domain::report::ReportRange;
    let zone = chrono_tz::Europe::London;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    let settings = settings(zone);
    let (store, s) = build_at(zone, now);
    let hours = &settings.rules.hours;
    let range = ReportRange::week_of(s.date, &hours.days);
    let r = store.week_report(range, hours, now).unwrap();
    assert_eq!(r.days.len(), 5);
    for d in &r.days {
        assert!(d.counts.held() >= 3, "{}: {:?}", d.date, d.counts);
    }
    assert!(r.total.cancelled >= 1, "{:?}", r.total);
    let p = r.promises;
    assert!(p.due >= 3 && p.on_time.hits >= 2 && p.late >= 1, "{p:?}");
    assert!(
        r.total.no_show >= 3 && r.total.voicemail >= 3,
        "{:?}",
        r.total
    );
    assert!(r.callbacks.reached_within_24h >= 3, "{:?}", r.callbacks);
    assert!(r.callbacks.reached_later >= 1, "{:?}", r.callbacks);
    assert!(r.inbound_late.n >= 3, "{:?}", r.inbound_late);
    assert!(r.no_show_by_hour.len() >= 6);
}

#[test]
fn other_zone_candidates_are_called_in_their_daytime() {
    let zone = chrono_tz::Europe::London;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).unwrap();
    let (store, s) = build_at(zone, now);
    let span = WorkingHours {
        zone,
        ..WorkingHours::default()
    }
    .day_span(s.date);
    let calls = store.calls_between(span.start, span.end).unwrap();
    let foreign: Vec<&Call> = calls
        .iter()
        .filter(|c| c.candidate.timezone.is_some())
        .collect();
    assert_eq!(foreign.len(), 2);
    for c in foreign {
        let z = c.candidate.timezone.unwrap();
        assert!(c.candidate.clock_differs(zone, c.start));
        assert!(
            LocalHours::default().fits(z, &c.interval()),
            "{}",
            c.candidate.name
        );
    }
}
