//! Screens drawn into a `TestBackend` from a real (in-memory) store with a
//! fixed clock: snapshots of what the recruiter sees, and buffer checks
//! where colour, modifiers or hostile text matter (snapshots record text
//! only).
//!
//! The day: Mon 23 Nov 2026, London, now 09:40. Three calls already done or
//! due (answered, voicemail, one never marked), one live, more to come; a
//! candidate in New York and one in Shanghai; a do-not-call candidate; a
//! callback placed on the calendar; a candidate who rang back late; callbacks
//! left over from last week.

mod common;

use callsheet::app::update::update;
use callsheet::app::{
    Action, App, Confirm, Detail, EditKey, Editor, Focus, Mode, NoteTarget, Pending, SlotPicker,
    StatusKind,
};
use callsheet::config::Settings;
use callsheet::domain::{Call, Interval, Outcome};
use callsheet::store::{NewCandidate, NewScreen, Store};
use callsheet::ui::{hit, Hit, Theme};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use common::draw;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const LONDON: Tz = chrono_tz::Europe::London;

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    at(23, 9, 40)
}

fn settings() -> Settings {
    Settings::with_zone(LONDON)
}

fn screen(
    start: DateTime<Utc>,
    name: &str,
    phone: &str,
    role: &str,
    tz: Option<Tz>,
    line: usize,
) -> NewScreen {
    NewScreen {
        candidate: NewCandidate {
            name: name.into(),
            phone: phone.into(),
            email: Some(format!(
                "{}@example.com",
                name.split(' ').next().unwrap().to_lowercase()
            )),
            timezone: tz,
        },
        role: Some(role.into()),
        start,
        minutes: 30,
        note: None,
        source: None,
        origin: format!("fixture:{line}"),
        outcome: None,
    }
}

fn call_named<'a>(calls: &'a [Call], name: &str) -> &'a Call {
    calls
        .iter()
        .find(|c| c.candidate.name == name)
        .unwrap_or_else(|| panic!("no call for {name}"))
}

/// The store for the fixed day, seeded only through the store's own API.
fn seeded_store() -> Store {
    let store = Store::open_in_memory().unwrap();
    let rules = settings().rules;
    let booked = at(16, 9, 0);
    let rows = vec![
        screen(
            at(19, 10, 0),
            "Emma Clarke",
            "+44 7700 900201",
            "Data Analyst",
            None,
            1,
        ),
        screen(
            at(19, 11, 0),
            "Noah Williams",
            "+44 7700 900202",
            "Backend Engineer",
            None,
            2,
        ),
        screen(
            at(20, 14, 0),
            "Liam O'Brien",
            "+353 85 123 4567",
            "Site Reliability Engineer",
            Some(chrono_tz::Europe::Dublin),
            3,
        ),
        screen(
            at(23, 8, 0),
            "Ana Souza",
            "+44 7700 900101",
            "Backend Engineer",
            None,
            4,
        ),
        screen(
            at(23, 8, 30),
            "José Müller",
            "+49 1512 3456789",
            "Data Analyst",
            Some(chrono_tz::Europe::Berlin),
            5,
        ),
        screen(
            at(23, 9, 0),
            "王小明",
            "+86 138 0013 8000",
            "Frontend Engineer",
            Some(chrono_tz::Asia::Shanghai),
            6,
        ),
        screen(
            at(23, 9, 30),
            "Chloé Dubois-Lefèvre",
            "+33 6 12 34 56 78",
            "Product Designer",
            None,
            7,
        ),
        screen(
            at(23, 10, 30),
            "Marcus Johnson",
            "+1 212 555 0147",
            "Sales Engineer",
            Some(chrono_tz::America::New_York),
            8,
        ),
        screen(
            at(23, 11, 0),
            "Sofia Rossi",
            "+39 312 345 6789",
            "QA Lead",
            None,
            9,
        ),
        screen(
            at(23, 14, 0),
            "Amara Okafor",
            "+44 7700 900106",
            "Engineering Manager, Payments Platform",
            None,
            10,
        ),
    ];
    store.import(&rows, booked, false).unwrap();

    let week_before = store.calls_between(at(19, 0, 0), at(21, 0, 0)).unwrap();
    let emma = call_named(&week_before, "Emma Clarke").id;
    let noah = call_named(&week_before, "Noah Williams").id;
    let liam = call_named(&week_before, "Liam O'Brien").id;
    store
        .mark(emma, Outcome::NoShow, at(19, 10, 10), &rules)
        .unwrap();
    store
        .mark(noah, Outcome::Voicemail, at(19, 11, 5), &rules)
        .unwrap();
    store
        .mark(liam, Outcome::NoShow, at(20, 14, 12), &rules)
        .unwrap();

    let day = store.calls_between(at(23, 0, 0), at(24, 0, 0)).unwrap();
    let ana = call_named(&day, "Ana Souza");
    let jose = call_named(&day, "José Müller");
    let chloe = call_named(&day, "Chloé Dubois-Lefèvre");
    let sofia = call_named(&day, "Sofia Rossi");
    store
        .mark(ana.id, Outcome::Answered, at(23, 8, 28), &rules)
        .unwrap();
    store
        .mark(jose.id, Outcome::Voicemail, at(23, 8, 34), &rules)
        .unwrap();
    store
        .set_call_note(
            ana.id,
            "Strong on Postgres; wants remote two days a week.",
            at(23, 8, 29),
        )
        .unwrap();
    store
        .set_call_note(
            chloe.id,
            "Portfolio link is in her email. Ask about notice period\nand the relocation question.",
            booked,
        )
        .unwrap();
    store
        .set_candidate_note(
            jose.candidate.id,
            "Prefers calls after 10:00 Berlin time. Interviewing elsewhere; decision by Friday.",
            booked,
        )
        .unwrap();
    store
        .set_do_not_call(
            sofia.candidate.id,
            true,
            Some("asked not to be called"),
            booked,
        )
        .unwrap();
    // José rings back 51 minutes after his slot: his callback goes to the top.
    store
        .log_inbound(jose.candidate.id, Some(jose.id), at(23, 9, 21))
        .unwrap();
    // Noah's callback from last week goes into this afternoon.
    let queue = store.open_callbacks(now(), LONDON).unwrap();
    let noah_cb = queue
        .iter()
        .find(|c| c.candidate.name == "Noah Williams")
        .unwrap();
    store
        .place_callback(
            noah_cb.id,
            Interval::minutes(at(23, 16, 0), 30),
            at(23, 8, 50),
            &rules,
        )
        .unwrap();
    store
}

fn app_with(store: &Store) -> App {
    let mut app = App::new(settings(), store, now(), None).unwrap();
    // Busy time has no public writer yet; the day view reads it from here.
    app.busy
        .push((Interval::minutes(at(23, 12, 0), 60), "Lunch".into()));
    app.rebuild();
    app
}

fn app() -> (Store, App) {
    let store = seeded_store();
    let app = app_with(&store);
    (store, app)
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    draw(app, &Theme::colored(), w, h).backend().to_string()
}

fn detail_for(store: &Store, app: &App, name: &str) -> Detail {
    let call = call_named(&app.calls, name);
    callsheet::app::update::load_detail(app, store, call.candidate.id, Some(call.id)).unwrap()
}

fn row_of(buf: &Buffer, needle: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| line_text(buf, y).contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen"))
}

fn line_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

// ---------------------------------------------------------------- snapshots

#[test]
fn day_view_80x24() {
    let (_s, app) = app();
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn day_view_120x40_side_by_side() {
    let (_s, app) = app();
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn queue_focused_80x24() {
    let (_s, mut app) = app();
    app.focus = Focus::Queue;
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn queue_focused_120x40() {
    let (_s, mut app) = app();
    app.focus = Focus::Queue;
    app.queue_sel = Some(1);
    app.set_status(StatusKind::Success, "placed Noah Williams at Mon 16:00");
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn help_overlay_80x24() {
    let (_s, mut app) = app();
    app.mode = Mode::Help;
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn help_overlay_120x40() {
    let (_s, mut app) = app();
    app.mode = Mode::Help;
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn detail_80x24() {
    let (store, mut app) = app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "José Müller")));
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn detail_120x40() {
    let (store, mut app) = app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "José Müller")));
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn note_editor_80x24() {
    let (_s, mut app) = app();
    let call = app.selected_call().unwrap().clone();
    let mut editor = Editor::new(
        Some(NoteTarget::Call(call.id)),
        format!("Note on 09:30 {}", call.candidate.name),
        &call.note,
        true,
    );
    for c in " Mentioned a counter-offer — follow up with the hiring manager before Friday.".chars()
    {
        editor.apply(callsheet::app::EditKey::Char(c));
    }
    app.mode = Mode::Note(Box::new(editor));
    let mut t = draw(&app, &Theme::colored(), 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    // The cursor sits after the last typed character.
    let buf = t.backend().buffer().clone();
    let y = row_of(&buf, "before Friday.");
    let x = (0..80u16)
        .rev()
        .find(|&x| buf[(x, y)].symbol() == ".")
        .unwrap();
    t.backend_mut().assert_cursor_position((x + 1, y));
}

#[test]
fn slot_picker_80x24() {
    let (store, mut app) = app();
    let cb = app
        .queue
        .iter()
        .find(|c| c.candidate.name == "Liam O'Brien")
        .unwrap()
        .clone();
    let slots = store
        .free_slots_for(cb.id, now(), &app.settings.rules, 5)
        .unwrap();
    app.focus = Focus::Queue;
    app.mode = Mode::PickSlot(SlotPicker {
        callback_id: cb.id,
        candidate: cb.candidate.name.clone(),
        slots,
        selected: 1,
        allow_dnc: false,
    });
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn drop_reason_80x24() {
    let (_s, mut app) = app();
    let cb = app.queue[0].clone();
    let mut input = Editor::new(None, "reason", "", false);
    for c in "took a job at Acme".chars() {
        input.apply(callsheet::app::EditKey::Char(c));
    }
    app.focus = Focus::Queue;
    app.mode = Mode::DropReason {
        callback_id: cb.id,
        candidate: cb.candidate.name.clone(),
        input,
    };
    let mut t = draw(&app, &Theme::colored(), 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    let buf = t.backend().buffer().clone();
    let y = row_of(&buf, "took a job at Acme");
    let x = (0..80u16)
        .rev()
        .find(|&x| buf[(x, y)].symbol() == "e")
        .unwrap();
    t.backend_mut().assert_cursor_position((x + 1, y));
}

#[test]
fn confirm_over_the_day_80x24() {
    let (_s, mut app) = app();
    let ana = call_named(&app.calls, "Ana Souza").id;
    app.mode = Mode::Confirm(
        Box::new(Confirm {
            prompt:
                "Ana Souza is marked answered. Mark her no-show instead? That queues a callback."
                    .into(),
            on_yes: Pending::Remark {
                call_id: ana,
                outcome: Outcome::NoShow,
            },
        }),
        Box::new(Mode::Normal),
    );
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn confirm_over_the_note_editor_80x24() {
    let (_s, mut app) = app();
    let mut editor = Editor::new(None, "Note on Ana Souza", "", true);
    editor.apply(callsheet::app::EditKey::Char('x'));
    app.mode = Mode::Confirm(
        Box::new(Confirm {
            prompt: "Throw away the note you typed?".into(),
            on_yes: Pending::DiscardNote,
        }),
        Box::new(Mode::Note(Box::new(editor))),
    );
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn empty_day_and_queue_120x40() {
    let store = Store::open_in_memory().unwrap();
    let app = App::new(settings(), &store, now(), None).unwrap();
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn weekend_day_80x24() {
    let store = seeded_store();
    let sat = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let app = App::new(settings(), &store, now(), Some(sat)).unwrap();
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn too_small_40x10() {
    let (_s, app) = app();
    insta::assert_snapshot!(screen_text(&app, 40, 10));
}

#[test]
fn tiny_1x1() {
    let (_s, app) = app();
    insta::assert_snapshot!(screen_text(&app, 1, 1));
}

#[test]
fn zero_by_zero_draws_nothing_and_does_not_panic() {
    // (TestBackend cannot print a 0-wide buffer, so no snapshot here.)
    let (_s, app) = app();
    let t = draw(&app, &Theme::colored(), 0, 0);
    assert!(t.backend().buffer().content().is_empty());
}

// ---------------------------------------------------------- buffer checks

#[test]
fn every_size_and_mode_draws_without_panicking() {
    let (store, mut app) = app();
    let detail = detail_for(&store, &app, "José Müller");
    let modes = vec![
        Mode::Normal,
        Mode::Help,
        Mode::Detail(Box::new(Detail {
            scroll: 999,
            ..detail
        })),
        Mode::Note(Box::new(Editor::new(
            None,
            "n",
            &"long words ".repeat(200),
            true,
        ))),
        Mode::PickSlot(SlotPicker {
            callback_id: 1,
            candidate: "x".into(),
            slots: vec![],
            selected: 7,
            allow_dnc: false,
        }),
        Mode::DropReason {
            callback_id: 1,
            candidate: "x".into(),
            input: Editor::new(None, "r", &"y".repeat(300), false),
        },
        Mode::Confirm(
            Box::new(Confirm {
                prompt: "q ".repeat(400),
                on_yes: Pending::Quit,
            }),
            Box::new(Mode::Help),
        ),
    ];
    // The follow-up overlays, reached the way the recruiter reaches them.
    let mut modes = modes;
    for actions in [
        vec![Action::OutcomeMenu, Action::Bottom],
        vec![Action::OutcomeMenu, Action::Pick(6)],
        vec![Action::Reschedule, Action::Bottom],
        vec![Action::Reschedule, Action::Choose],
        vec![Action::OpenSearch],
        vec![Action::OpenSearch, Action::Edit(EditKey::Char('a'))],
    ] {
        let mut a = app_with(&store);
        a.focus = Focus::Day;
        for act in actions {
            update(&mut a, &store, act, now());
        }
        modes.push(a.mode);
    }
    for mode in modes {
        app.mode = mode;
        for focus in [Focus::Day, Focus::Queue] {
            app.focus = focus;
            for (w, h) in [
                (0, 0),
                (1, 1),
                (2, 50),
                (79, 24),
                (80, 23),
                (80, 24),
                (99, 30),
                (100, 24),
                (101, 25),
                (250, 80),
            ] {
                draw(&app, &Theme::colored(), w, h);
            }
        }
    }
}

#[test]
fn do_not_call_phone_is_struck_through_and_marked() {
    let (_s, app) = app();
    for (w, h) in [(80, 24), (120, 40)] {
        let t = draw(&app, &Theme::plain(), w, h);
        let buf = t.backend().buffer();
        let y = row_of(buf, "Sofia Rossi");
        let text = line_text(buf, y);
        assert!(text.contains("DNC"), "{text}");
        let x = (0..w).find(|&x| buf[(x, y)].symbol() == "+").unwrap();
        for dx in 0..4 {
            assert!(
                buf[(x + dx, y)].modifier.contains(Modifier::CROSSED_OUT),
                "phone not struck through at {w}x{h}"
            );
        }
        // Other candidates' phones are not.
        let y = row_of(buf, "Ana Souza");
        let x = (0..w).find(|&x| buf[(x, y)].symbol() == "+").unwrap();
        assert!(!buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
    }
}

#[test]
fn no_color_theme_draws_no_colours() {
    let (store, mut app) = app();
    let detail = detail_for(&store, &app, "José Müller");
    app.set_status(StatusKind::Error, "could not save: disk full");
    for mode in [Mode::Normal, Mode::Help, Mode::Detail(Box::new(detail))] {
        app.mode = mode;
        for focus in [Focus::Day, Focus::Queue] {
            app.focus = focus;
            for (w, h) in [(80, 24), (120, 40)] {
                let t = draw(&app, &Theme::plain(), w, h);
                for cell in t.backend().buffer().content() {
                    assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
                }
            }
        }
    }
}

#[test]
fn selection_and_live_call_show_without_colour() {
    let (_s, mut app) = app();
    // 09:40: Chloé's 09:30 call is ten minutes in, unmarked: flagged.
    let t = draw(&app, &Theme::plain(), 80, 24);
    let buf = t.backend().buffer();
    // Her row, not the header that names her as unmarked.
    let y = (2..buf.area.height)
        .find(|&y| line_text(buf, y).contains("Chloé"))
        .unwrap();
    assert!(line_text(buf, y).contains("▶"));
    assert!(line_text(buf, y).contains("! unmarked"));
    assert!(buf[(10, y)].modifier.contains(Modifier::REVERSED));
    // Within a longer grace it is simply live.
    app.settings.no_show_grace_minutes = 15;
    let t = draw(&app, &Theme::plain(), 80, 24);
    let buf = t.backend().buffer();
    let y = row_of(buf, "Chloé");
    assert!(
        line_text(buf, y).contains("● live"),
        "{}",
        line_text(buf, y)
    );
}

#[test]
fn clicks_land_on_the_call_or_callback_drawn_there() {
    let (_s, mut app) = app();
    let ana = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "Ana Souza")
        .unwrap();
    let emma = app
        .queue
        .iter()
        .position(|c| c.candidate.name == "Emma Clarke")
        .unwrap();
    for (w, h) in [(80, 24), (120, 40)] {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let t = draw(&app, &Theme::colored(), w, h);
        let buf = t.backend().buffer();
        assert_eq!(
            hit(&app, area, 20, row_of(buf, "Ana Souza")),
            Some(Hit::Call(ana))
        );
        assert_eq!(hit(&app, area, 20, row_of(buf, "— free —")), None);
        assert_eq!(hit(&app, area, 20, row_of(buf, "Time")), None);
        assert_eq!(hit(&app, area, 20, 0), None);
    }
    // Beside the day, a callback's two lines both count as the callback.
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let t = draw(&app, &Theme::colored(), 120, 40);
    let y = row_of(t.backend().buffer(), "Emma Clarke");
    assert_eq!(hit(&app, area, 100, y), Some(Hit::Callback(emma)));
    assert_eq!(hit(&app, area, 100, y + 1), Some(Hit::Callback(emma)));
    assert_eq!(
        hit(&app, area, 100, row_of(t.backend().buffer(), "OVERDUE")),
        None
    );
    // Full-width queue at 80 columns.
    app.focus = Focus::Queue;
    let t = draw(&app, &Theme::colored(), 80, 24);
    let y = row_of(t.backend().buffer(), "Emma Clarke");
    let area80 = ratatui::layout::Rect::new(0, 0, 80, 24);
    assert_eq!(hit(&app, area80, 10, y), Some(Hit::Callback(emma)));
    // Nothing under an overlay, nothing on a too-small screen.
    app.mode = Mode::Help;
    assert_eq!(hit(&app, area80, 10, y), None);
    app.mode = Mode::Normal;
    assert_eq!(
        hit(&app, ratatui::layout::Rect::new(0, 0, 40, 10), 10, 5),
        None
    );
}

#[test]
fn a_callback_at_the_weekly_limit_is_flagged_in_words_and_style() {
    let (_s, mut app) = app();
    let limit = app.settings.rules.policy.weekly_attempt_limit;
    app.queue[1].attempts_this_week = limit;
    let name = app.queue[1].candidate.name.clone();
    for (w, h) in [(80, 24), (120, 40)] {
        app.focus = Focus::Queue;
        let t = draw(&app, &Theme::plain(), w, h);
        let buf = t.backend().buffer();
        let y = row_of(buf, &name);
        // One line per callback at 80 columns, two beside the day.
        let text = format!("{}{}", line_text(buf, y), line_text(buf, y + 1));
        let flag = format!("! {limit}/wk");
        assert!(text.contains(&flag), "{text}");
        let y = if line_text(buf, y).contains(&flag) {
            y
        } else {
            y + 1
        };
        let x = (0..w).find(|&x| buf[(x, y)].symbol() == "!").unwrap();
        assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    }
}

#[test]
fn the_last_call_of_the_day_shows_in_the_header_while_it_runs() {
    let (_s, mut app) = app();
    app.now = at(23, 16, 10);
    app.rebuild();
    let text = screen_text(&app, 80, 24);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("last call, until 16:30: Noah Williams"),
        "{first}"
    );
}

fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

#[test]
fn hostile_text_never_reaches_a_cell_and_columns_stay_aligned() {
    let (_s, mut app) = app();
    let evil = [
        "Eve\x1b]52;c;ZXZpbA==\x07 Mallory",
        "Bob \u{202e}kcilc\u{202c} Smith",
        "C1\u{9b}31mRed",
        "Zero\u{200b}\u{200d}\u{feff}Width",
        &"Very Long Name ".repeat(20),
        "王小明王小明王小明王小明王小明王小明",
        "👩‍💻 Dev 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
    ];
    for (call, name) in app.calls.iter_mut().zip(evil.iter().cycle()) {
        call.candidate.name = name.to_string();
        call.candidate.phone = format!("+1\x1b[2J 555\u{202e} 0100{}", "\u{9b}");
        call.role = Some(format!("{name} role\x07"));
        call.note = format!("{name}\nnote\x1b[31m");
    }
    for (cb, name) in app.queue.iter_mut().zip(evil.iter().rev()) {
        cb.candidate.name = name.to_string();
    }
    app.set_status(StatusKind::Warning, "saved \x1b[2Jnote for \u{202e}Eve");
    let call = app.selected_call().unwrap().clone();
    let modes = vec![
        Mode::Normal,
        Mode::Note(Box::new(Editor::new(
            None,
            &call.candidate.name,
            &call.note,
            true,
        ))),
        Mode::Confirm(
            Box::new(Confirm {
                prompt: format!("Mark {} no-show?", call.candidate.name),
                on_yes: Pending::Quit,
            }),
            Box::new(Mode::Normal),
        ),
    ];
    for mode in modes {
        app.mode = mode;
        for focus in [Focus::Day, Focus::Queue] {
            app.focus = focus;
            for (w, h) in [(80, 24), (120, 40)] {
                let t = draw(&app, &Theme::colored(), w, h);
                let buf = t.backend().buffer();
                for cell in buf.content() {
                    assert!(
                        !cell.symbol().chars().any(is_hostile),
                        "unsafe {:?} on screen",
                        cell.symbol()
                    );
                }
                if matches!(app.mode, Mode::Normal) && focus == Focus::Day {
                    assert_columns_aligned(buf);
                }
            }
        }
    }
}

/// Every call row's phone starts in the same column, whatever the name.
fn assert_columns_aligned(buf: &Buffer) {
    let mut xs = Vec::new();
    for y in 0..buf.area.height {
        let text = line_text(buf, y);
        if !text.contains("+1") {
            continue;
        }
        // The phone cell starts with the number or with the DNC marker.
        let starts =
            |x: u16, a: &str, b: &str| buf[(x, y)].symbol() == a && buf[(x + 1, y)].symbol() == b;
        let x = (8..buf.area.width - 1).find(|&x| starts(x, "+", "1") || starts(x, "D", "N"));
        xs.push(x);
    }
    assert!(xs.len() >= 5, "too few call rows: {xs:?}");
    assert!(
        xs.windows(2).all(|w| w[0] == w[1]),
        "phones misaligned: {xs:?}"
    );
}

// ------------------------------------------------------------ daylight saving

/// Tue 10 Mar 2026: New York has sprung forward, London has not; a New
/// York candidate's screen is an hour closer than usual, and London's own
/// clocks change before a screen booked for Mon 30 Mar.
#[test]
fn dst_weeks_are_flagged_in_the_day_and_explained_in_the_detail() {
    let store = Store::open_in_memory().unwrap();
    let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap();
    let rows = vec![
        screen(
            t(10, 14),
            "Dana Brooks",
            "+1 212 555 0199",
            "SRE",
            Some(chrono_tz::America::New_York),
            1,
        ),
        screen(t(10, 15), "Ana Souza", "+44 20 7946 0001", "QA", None, 2),
    ];
    store.import(&rows, t(2, 9), false).unwrap();
    let now = t(9, 9);
    let date = now.date_naive().succ_opt();
    let app = App::new(settings(), &store, now, date).unwrap();
    let term = draw(&app, &Theme::colored(), 120, 40);
    let buf = term.backend().buffer();
    let dana = line_text(buf, row_of(buf, "Dana Brooks"));
    assert!(dana.contains("⚠ 10:00 New York"), "{dana}");
    let ana = line_text(buf, row_of(buf, "Ana Souza"));
    assert!(!ana.contains('⚠'), "an ordinary call is not flagged: {ana}");

    let mut app = app;
    let call = call_named(&app.calls, "Dana Brooks").clone();
    app.mode = Mode::Detail(Box::new(Detail {
        candidate: call.candidate.clone(),
        history: vec![call.clone()],
        attempts: vec![],
        candidate_note: String::new(),
        attempts_this_week: 0,
        figures: Default::default(),
        promises: vec![],
        call: Some(call),
        scroll: 0,
        template: None,
    }));
    let text = draw(&app, &Theme::colored(), 100, 30).backend().to_string();
    assert!(
        text.contains("their clock is 4 h behind this week (usually 5 h behind)"),
        "{text}"
    );
}

// ------------------------------------------------- do-not-call and stage

#[test]
fn detail_of_a_do_not_call_candidate_says_why_and_since_when_80x24() {
    let (store, mut app) = app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "Sofia Rossi")));
    let t = draw(&app, &Theme::plain(), 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    let buf = t.backend().buffer();
    let y = row_of(buf, "Phone");
    let x = (0..80).find(|&x| buf[(x, y)].symbol() == "+").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
    assert!(line_text(buf, row_of(buf, "since")).contains("asked not to be called"));
}

#[test]
fn stage_picker_over_the_detail_80x24() {
    let (store, mut app) = app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "José Müller")));
    update(&mut app, &store, Action::SetStage, now());
    update(&mut app, &store, Action::Down, now());
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn do_not_call_reason_form_120x40() {
    let (store, mut app) = app();
    app.focus = Focus::Day;
    app.call_sel = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "Ana Souza");
    update(&mut app, &store, Action::ToggleDoNotCall, now());
    for c in "moved abroad\x1b[2J".chars() {
        update(&mut app, &store, Action::Edit(EditKey::Char(c)), now());
    }
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

/// Drives `app` through `actions` at the fixture's clock.
fn drive(store: &Store, app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, store, a.clone(), now());
    }
}

#[test]
fn outcome_menu_80x24() {
    let (store, mut app) = app();
    app.focus = Focus::Day;
    drive(&store, &mut app, &[Action::OutcomeMenu, Action::Down]);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn cancellation_prompt_80x24() {
    let (store, mut app) = app();
    app.focus = Focus::Day;
    drive(&store, &mut app, &[Action::OutcomeMenu, Action::Pick(6)]);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn reschedule_slots_then_reasons_80x24() {
    let (store, mut app) = app();
    app.focus = Focus::Day;
    drive(&store, &mut app, &[Action::Reschedule]);
    insta::assert_snapshot!("reschedule_slots_80x24", screen_text(&app, 80, 24));
    drive(&store, &mut app, &[Action::Choose, Action::Down]);
    insta::assert_snapshot!("reschedule_reasons_80x24", screen_text(&app, 80, 24));
}

#[test]
fn search_80x24() {
    let (store, mut app) = app();
    drive(&store, &mut app, &[Action::OpenSearch]);
    insta::assert_snapshot!("search_empty_80x24", screen_text(&app, 80, 24));
    let typed: Vec<Action> = "an"
        .chars()
        .map(|c| Action::Edit(EditKey::Char(c)))
        .collect();
    drive(&store, &mut app, &typed);
    insta::assert_snapshot!("search_an_80x24", screen_text(&app, 80, 24));
}

#[test]
fn record_after_a_late_cancellation_and_a_move_120x40() {
    let (store, mut app) = app();
    app.focus = Focus::Day;
    // Marcus (10:30) cancels at 09:40, then is rebooked into a free slot.
    let marcus = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "Marcus Johnson")
        .unwrap();
    app.call_sel = Some(marcus);
    let mut actions = vec![
        Action::OutcomeMenu,
        Action::Pick(6),
        Action::Edit(EditKey::Save),
    ];
    actions.extend([
        Action::Reschedule,
        Action::Choose,
        Action::Pick(1),
        Action::OpenDetail,
    ]);
    drive(&store, &mut app, &actions);
    let Mode::Detail(_) = &app.mode else {
        panic!("{:?} {:?}", app.mode, app.status)
    };
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn end_of_day_lists_what_was_left_unmarked() {
    let (store, mut app) = app();
    update(&mut app, &store, Action::Tick, at(23, 18, 30));
    let text = screen_text(&app, 120, 40);
    let header = text.lines().nth(1).unwrap();
    assert!(
        header.contains("left unmarked at the end of the day: 09:00"),
        "{header}"
    ); // On the smallest screen too: the counts give way, not this.
    let small = screen_text(&app, 80, 24);
    let header = small.lines().nth(1).unwrap();
    assert!(
        header.contains("! 6 left unmarked at the end of the day: 09:00"),
        "{header}"
    );
}

// ------------------------------------------------ promises and close the loop

/// The render day plus three promises (overdue and waiting on the hiring
/// manager, due today, later and moved once) and an undelivered rejection.
fn follow_through_app() -> (Store, App) {
    use chrono::NaiveDate;
    let store = seeded_store();
    let hours = settings().rules.hours;
    let app = app_with(&store);
    let id = |name: &str| call_named(&app.calls, name).candidate.id;
    let d = |day: u32| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    let made = at(16, 9, 0);
    store
        .add_promise(
            id("José Müller"),
            None,
            "update after HM feedback",
            d(20),
            true,
            made,
            &hours,
        )
        .unwrap();
    store
        .add_promise(
            id("Ana Souza"),
            None,
            "send the job spec",
            d(23),
            false,
            made,
            &hours,
        )
        .unwrap();
    let (later, _) = store
        .add_promise(
            id("王小明"),
            None,
            "salary band from HR",
            d(25),
            false,
            made,
            &hours,
        )
        .unwrap();
    store
        .move_promise(later, d(27), "HR out until Thursday", at(20, 11, 0), &hours)
        .unwrap();
    store
        .set_stage(
            id("Marcus Johnson"),
            callsheet::domain::Stage::RejectedNotTold,
            at(19, 15, 0),
        )
        .unwrap();
    let app = app_with(&store);
    (store, app)
}

#[test]
fn overdue_promises_stand_out_in_the_header_all_day() {
    let (_s, app) = follow_through_app();
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_text(&app, w, h);
        let second = text.lines().nth(1).unwrap();
        assert!(second.contains("⚑ 1 promise overdue"), "{w}x{h}: {second}");
    }
}

#[test]
fn promises_view_80x24() {
    let (store, mut app) = follow_through_app();
    update(&mut app, &store, Action::TogglePromises, now());
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn promises_view_120x40() {
    let (store, mut app) = follow_through_app();
    update(&mut app, &store, Action::TogglePromises, now());
    update(&mut app, &store, Action::Down, now());
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn owed_view_80x24() {
    let (store, mut app) = follow_through_app();
    update(&mut app, &store, Action::ToggleOwed, now());
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn owed_view_120x40() {
    let (store, mut app) = follow_through_app();
    update(&mut app, &store, Action::ToggleOwed, now());
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

#[test]
fn empty_promises_and_owed_views_say_so() {
    let (store, mut app) = app();
    update(&mut app, &store, Action::TogglePromises, now());
    assert!(screen_text(&app, 80, 24).contains("No open promises."));
    update(&mut app, &store, Action::ToggleOwed, now());
    assert!(screen_text(&app, 80, 24).contains("Nobody is waiting on you."));
}

#[test]
fn promise_form_over_the_detail_80x24() {
    let (store, mut app) = follow_through_app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "José Müller")));
    update(&mut app, &store, Action::AddPromise, now());
    for c in "call after the panel".chars() {
        update(&mut app, &store, Action::Edit(EditKey::Char(c)), now());
    }
    update(&mut app, &store, Action::Edit(EditKey::Down), now());
    for c in "fri".chars() {
        update(&mut app, &store, Action::Edit(EditKey::Char(c)), now());
    }
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn detail_lists_promises_with_their_moves_120x40() {
    let (store, mut app) = follow_through_app();
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, "王小明")));
    insta::assert_snapshot!(screen_text(&app, 120, 40));
}

// -------------------------------------------------------------- templates

#[test]
fn detail_shows_the_template_that_fits_and_t_moves_on_80x24() {
    let (store, mut app) = app();
    app.settings.callback_number = Some("+44 20 7946 0000".into());
    app.settings.recruiter_name = Some("Jordan".into());
    let name = app
        .calls
        .iter()
        .find(|c| c.outcome == Outcome::Voicemail)
        .map(|c| c.candidate.name.clone())
        .expect("the fixture day has a voicemail");
    app.mode = Mode::Detail(Box::new(detail_for(&store, &app, &name)));
    let first = screen_text(&app, 80, 24);
    assert!(
        first.contains("Template · follow-up text  1 of 4 · T next · y copy"),
        "{first}"
    );
    insta::assert_snapshot!(first);
    update(&mut app, &store, Action::NextTemplate, now());
    let next = screen_text(&app, 80, 24);
    assert!(
        next.contains("Template · voicemail script  2 of 4"),
        "{next}"
    );
    assert!(next.contains("it's Jordan calling about"), "{next}");
}

#[test]
fn moving_to_a_call_lets_go_of_saved_and_shows_its_reliability_line() {
    let (store, mut app) = app();
    let jose = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "José Müller")
        .expect("José is on the day");
    let (from, step) = if jose == 0 {
        (1, Action::Up)
    } else {
        (jose - 1, Action::Down)
    };
    app.call_sel = Some(from);
    app.set_status(StatusKind::Success, "Saved: answered on someone");
    update(&mut app, &store, step.clone(), now());
    assert_eq!(app.call_sel, Some(jose));
    let text = screen_text(&app, 80, 24);
    let status = text.lines().nth(22).unwrap();
    assert!(
        status.contains("⚠ called back 51 min late on 23 Nov"),
        "{status}"
    );
    // A warning is not let go of by moving: it waits for Esc.
    app.call_sel = Some(from);
    app.set_status(StatusKind::Warning, "config: 1 problem");
    update(&mut app, &store, step, now());
    assert!(screen_text(&app, 80, 24).contains("config: 1 problem"));
}
