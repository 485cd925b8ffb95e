//! The report's counting and its text, with plain records at fixed clocks.

use super::count::median;
use super::*;
use crate::domain::{CallbackStatus, Outcome};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

const LONDON: Tz = chrono_tz::Europe::London;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// November 2026: London is on GMT, so these are also local times.
fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap()
}

fn call(day: u32, h: u32, m: u32, outcome: Outcome) -> CallRecord {
    CallRecord {
        start: at(day, h, m),
        outcome,
    }
}

fn week() -> ReportRange {
    ReportRange::new(d(16), d(20)).unwrap()
}

/// The known week, Mon 16 – Fri 20 Nov 2026, worked out by hand below.
///
/// Calls (local = UTC):
/// - Mon 16: 09:00 A, 09:30 N, 10:00 V, 14:00 A
/// - Tue 17: 09:00 N, 11:00 A
/// - Wed 18: 09:00 cancelled, 11:00 rescheduled (neither held)
/// - Thu 19: 09:00 A, 14:00 N, 14:30 unmarked
/// - Fri 20: 10:00 V
/// - outside: Sun 15 09:00 N, Sat 21 09:00 N (must not count)
///
/// Callbacks (queued → end), now = Fri 20 16:00:
/// - Mon 09:35 → reached Mon 15:00 (5 h: within)
/// - Mon 10:05 → reached Wed 10:05 (48 h: later)
/// - Tue 09:05 → reached Wed 09:05 (exactly 24 h: within)
/// - Thu 14:05 → dropped Thu 15:00
/// - Thu 10:00 → still open (30 h ago: waiting)
/// - Fri 10:05 → still open (6 h ago: too soon)
/// - Sun 15 → reached within (outside: ignored)
///
/// Inbound lateness: 47, 90, 15, 120 in range; 5 on Sat 21 (ignored).
///
/// Promises by first due day (due at the midnight ending it):
/// - due Tue 17: kept Tue 16:00 (on time)
/// - due Wed 18: no-news call Wed 17:00, kept Mon 23 (on time: called)
/// - due Wed 18: kept Thu 19 09:00 (late)
/// - due Thu 19: open, never called (late)
/// - due Fri 20: open, due at midnight, now 16:00 (not yet due)
/// - due Fri 20: kept Fri 11:00 (on time, though not due yet)
/// - due Mon 23: outside (ignored)
fn known() -> ReportInput {
    use CallbackStatus::*;
    use Outcome::*;
    let cb = |queued, status, closed| CallbackRecord {
        queued,
        status,
        closed,
    };
    let inbound = |at, late_minutes| InboundRecord { at, late_minutes };
    // Due at the midnight that starts `day`, ending the day before.
    let promise = |day, kept, no_news| PromiseRecord {
        due: at(day, 0, 0),
        kept,
        no_news,
    };
    ReportInput {
        calls: vec![
            call(16, 9, 0, Answered),
            call(16, 9, 30, NoShow),
            call(16, 10, 0, Voicemail),
            call(16, 14, 0, Answered),
            call(17, 9, 0, NoShow),
            call(17, 11, 0, Answered),
            call(18, 9, 0, Cancelled),
            call(18, 11, 0, Rescheduled),
            call(19, 9, 0, Answered),
            call(19, 14, 0, NoShow),
            call(19, 14, 30, Scheduled),
            call(20, 10, 0, Voicemail),
            call(15, 9, 0, NoShow),
            call(21, 9, 0, NoShow),
        ],
        callbacks: vec![
            cb(at(16, 9, 35), Reached, Some(at(16, 15, 0))),
            cb(at(16, 10, 5), Reached, Some(at(18, 10, 5))),
            cb(at(17, 9, 5), Reached, Some(at(18, 9, 5))),
            cb(at(19, 14, 5), Dropped, Some(at(19, 15, 0))),
            cb(at(19, 10, 0), Open, None),
            cb(at(20, 10, 5), Open, None),
            cb(at(15, 9, 5), Reached, Some(at(15, 10, 0))),
        ],
        promises: vec![
            promise(18, Some(at(17, 16, 0)), None),
            promise(19, Some(at(23, 9, 0)), Some(at(18, 17, 0))),
            promise(19, Some(at(19, 9, 0)), None),
            promise(20, None, None),
            promise(21, None, None),
            promise(21, Some(at(20, 11, 0)), None),
            promise(24, None, None),
        ],
        inbound: vec![
            inbound(at(16, 10, 47), 47),
            inbound(at(17, 10, 30), 90),
            inbound(at(19, 14, 15), 15),
            inbound(at(20, 12, 0), 120),
            inbound(at(21, 9, 5), 5),
        ],
    }
}

fn report() -> WeekReport {
    week_report(week(), LONDON, at(20, 16, 0), &known())
}

fn counts(a: u32, v: u32, n: u32, unmarked: u32) -> OutcomeCounts {
    OutcomeCounts {
        answered: a,
        voicemail: v,
        no_show: n,
        unmarked,
        ..OutcomeCounts::default()
    }
}

#[test]
fn counts_each_day_of_the_range_and_only_those() {
    let r = report();
    let got: Vec<(NaiveDate, &str, OutcomeCounts)> = r
        .days
        .iter()
        .map(|d| (d.date, d.weekday.as_str(), d.counts))
        .collect();
    assert_eq!(
        got,
        vec![
            (d(16), "Mon", counts(2, 1, 1, 0)),
            (d(17), "Tue", counts(1, 0, 1, 0)),
            (
                d(18),
                "Wed",
                OutcomeCounts {
                    cancelled: 1,
                    rescheduled: 1,
                    ..OutcomeCounts::default()
                }
            ),
            (d(19), "Thu", counts(1, 0, 1, 1)),
            (d(20), "Fri", counts(0, 1, 0, 0)),
        ]
    );
    assert_eq!(
        r.total,
        OutcomeCounts {
            cancelled: 1,
            rescheduled: 1,
            ..counts(4, 2, 3, 1)
        }
    );
    assert_eq!(r.total.held(), 9);
    assert_eq!(r.total.total(), 12);
    assert_eq!(r.total.get(Outcome::NoShow), 3);
    assert_eq!(r.total.get(Outcome::Scheduled), 1);
    assert_eq!(r.total.get(Outcome::Rescheduled), 1);
}

#[test]
fn no_show_rate_by_hour_counts_held_calls_only() {
    // 09h: Mon A, Mon N (09:30), Tue N, Thu A → 2 of 4.
    // 10h: Mon V, Fri V → 0 of 2. 11h: Tue A → 0 of 1.
    // 14h: Mon A, Thu N (the unmarked 14:30 is not held) → 1 of 2.
    let r = report();
    let got: Vec<(u32, u32, u32)> = r
        .no_show_by_hour
        .iter()
        .map(|h| (h.hour, h.no_show.hits, h.no_show.n))
        .collect();
    assert_eq!(got, vec![(9, 2, 4), (10, 0, 2), (11, 0, 1), (14, 1, 2)]);
    assert_eq!(r.no_show_by_hour[0].no_show.percent, Some(50.0));
    assert_eq!(r.no_show_by_hour[1].no_show.percent, Some(0.0));
    assert_eq!(r.no_show, Rate::of(3, 9));
    assert_eq!(r.no_show.percent, Some(33.3));
}

#[test]
fn no_show_rate_by_weekday_skips_days_without_held_calls() {
    let r = report();
    let got: Vec<(&str, u32, u32)> = r
        .no_show_by_weekday
        .iter()
        .map(|w| (w.weekday.as_str(), w.no_show.hits, w.no_show.n))
        .collect();
    assert_eq!(
        got,
        vec![("Mon", 1, 4), ("Tue", 1, 2), ("Thu", 1, 2), ("Fri", 0, 1)]
    );
}

#[test]
fn callbacks_reached_within_24h_leave_out_the_undecided() {
    let c = report().callbacks;
    assert_eq!(
        c,
        CallbackFigures {
            queued: 6,
            reached_within_24h: 2,
            reached_later: 1,
            dropped: 1,
            waiting: 1,
            too_soon: 1,
            // 2 of the 5 whose 24 h are over.
            within_24h: Rate::of(2, 5),
        }
    );
    assert_eq!(c.within_24h.percent, Some(40.0));
    assert_eq!(c.within_24h.phrase(), "40 % of 5");
}

#[test]
fn median_lateness_of_inbound_calls_in_range() {
    // 15, 47, 90, 120 → (47 + 90) / 2.
    let l = report().inbound_late;
    assert_eq!(l.n, 4);
    assert_eq!(l.median_minutes, Some(68.5));
}

#[test]
fn promises_count_on_their_first_due_day() {
    let p = report().promises;
    assert_eq!(
        p,
        PromiseFigures {
            due: 6,
            kept_on_time: 2,
            no_news_on_time: 1,
            late: 2,
            not_yet_due: 1,
            on_time: Rate::of(3, 5),
        }
    );
    assert_eq!(p.on_time.phrase(), "60 % of 5");
}

#[test]
fn median_of_odd_and_empty_sets() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[7]), Some(7.0));
    assert_eq!(median(&[-5, 10, 200]), Some(10.0));
}

#[test]
fn an_empty_week_has_days_and_no_rates() {
    let r = week_report(week(), LONDON, at(20, 16, 0), &ReportInput::default());
    assert_eq!(r.days.len(), 5);
    assert!(r.days.iter().all(|d| d.counts.total() == 0));
    assert_eq!(r.no_show.percent, None);
    assert_eq!(r.no_show.phrase(), "— of 0");
    assert!(r.no_show_by_hour.is_empty());
    assert_eq!(r.callbacks.within_24h.percent, None);
    assert_eq!(r.inbound_late.median_minutes, None);
}

#[test]
fn days_and_hours_are_local_to_the_zone() {
    // 23:30 UTC on Mon 16 is 08:30 Tue 17 in Tokyo.
    let tokyo = chrono_tz::Asia::Tokyo;
    let input = ReportInput {
        calls: vec![call(16, 23, 30, Outcome::NoShow)],
        ..ReportInput::default()
    };
    let r = week_report(week(), tokyo, at(20, 16, 0), &input);
    assert_eq!(r.days[1].counts.no_show, 1);
    assert_eq!(r.no_show_by_hour[0].hour, 8);
    assert_eq!(r.no_show_by_weekday[0].weekday, "Tue");
    assert_eq!(r.zone, "Asia/Tokyo");
}

#[test]
fn hours_follow_the_wall_clock_across_a_dst_change() {
    // London springs forward on Sun 29 Mar 2026: 09:00 local is 09:00
    // UTC on Fri 27 and 08:00 UTC on Mon 30.
    let range = ReportRange::new(
        NaiveDate::from_ymd_opt(2026, 3, 27).unwrap(),
        NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
    )
    .unwrap();
    let input = ReportInput {
        calls: vec![
            CallRecord {
                start: Utc.with_ymd_and_hms(2026, 3, 27, 9, 0, 0).unwrap(),
                outcome: Outcome::NoShow,
            },
            CallRecord {
                start: Utc.with_ymd_and_hms(2026, 3, 30, 8, 0, 0).unwrap(),
                outcome: Outcome::Answered,
            },
        ],
        ..ReportInput::default()
    };
    let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let r = week_report(range, LONDON, now, &input);
    assert_eq!(r.no_show_by_hour.len(), 1);
    assert_eq!(r.no_show_by_hour[0].hour, 9);
    assert_eq!(r.no_show_by_hour[0].no_show, Rate::of(1, 2));
}

#[test]
fn the_working_week_runs_monday_to_the_last_working_day() {
    let fri = vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    // From a Wednesday, and from the Sunday after: the same week.
    assert_eq!(ReportRange::week_of(d(18), &fri), week());
    assert_eq!(ReportRange::week_of(d(22), &fri), week());
    assert_eq!(
        ReportRange::week_of(d(18), &[Weekday::Mon, Weekday::Sat]).to,
        d(21)
    );
    assert_eq!(ReportRange::week_of(d(18), &[]), week());
    assert_eq!(
        week().shift_weeks(1),
        ReportRange::new(d(23), d(27)).unwrap()
    );
    assert_eq!(week().shift_weeks(-1).from, d(9));
}

#[test]
fn ranges_are_checked() {
    assert!(ReportRange::new(d(20), d(16)).is_err());
    assert!(ReportRange::new(d(16), d(16)).is_ok());
    let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    assert!(ReportRange::new(from, from + Duration::days(365)).is_ok());
    assert!(ReportRange::new(from, from + Duration::days(366)).is_err());
}

#[test]
fn titles_read_naturally() {
    assert_eq!(week().title(), "Mon 16 – Fri 20 Nov 2026");
    assert_eq!(
        ReportRange::new(d(30), d(30) + Duration::days(4))
            .unwrap()
            .title(),
        "Mon 30 Nov – Fri 04 Dec 2026"
    );
    assert_eq!(
        ReportRange::new(d(16), d(16)).unwrap().title(),
        "Mon 16 Nov 2026"
    );
}

#[test]
fn the_report_serialises_for_scripts() {
    let json = serde_json::to_value(report()).unwrap();
    assert_eq!(json["from"], "2026-11-16");
    assert_eq!(json["days"][0]["no_show"], 1);
    assert_eq!(json["days"][0]["weekday"], "Mon");
    assert_eq!(json["callbacks"]["within_24h"]["percent"], 40.0);
    assert_eq!(json["inbound_late"]["median_minutes"], 68.5);
    assert_eq!(json["days"][2]["cancelled"], 1);
    assert_eq!(json["total"]["rescheduled"], 1);
}

#[test]
fn a_call_not_yet_started_is_to_come_not_unmarked() {
    let input = ReportInput {
        calls: vec![
            call(18, 9, 0, Outcome::Scheduled),
            call(18, 15, 0, Outcome::Scheduled),
            call(19, 9, 0, Outcome::Scheduled),
        ],
        ..ReportInput::default()
    };
    // Wed 18 at noon: the morning call is late to be marked, the
    // afternoon's and Thursday's have not happened.
    let r = week_report(week(), LONDON, at(18, 12, 0), &input);
    assert_eq!(
        (r.total.unmarked, r.total.to_come, r.total.total()),
        (1, 2, 3)
    );
    assert_eq!(
        (r.days[2].counts.unmarked, r.days[2].counts.to_come),
        (1, 1)
    );
    assert_eq!(r.days[3].counts.to_come, 1);
}
