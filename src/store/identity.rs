//! Who a row is: finding the candidate a file means, or adding them, from
//! evidence in a fixed order (`domain::identity` has the rules; here is
//! the SQL). Also the numbers and emails a candidate has had, on which
//! do-not-call holds, and the other names a record was given.

use super::candidates::phone_key;
use super::{to_secs, Store};
use crate::domain::identity::{fold_email, fold_name, names_compatible};
use crate::domain::phone::{self, NotAPhone, Region};
use crate::error::Result;
use crate::sanitize;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// The do-not-call candidate (and which of their numbers or emails) that
/// candidate `c` shares a number or email with, as a reason; NULL if none.
/// Every read of a candidate goes through it (`CANDIDATE_COLS`), so the
/// flag holds on the number and the email, not only on the record.
macro_rules! shared_dnc_sql {
    () => {
        "(SELECT o.kind || ' ' || o.value || ' is do-not-call on ' || d.name \
             || COALESCE(': ' || d.dnc_reason, '') \
          FROM candidate_contacts k \
          JOIN candidate_contacts o ON o.kind = k.kind AND o.value = k.value \
               AND o.candidate_id <> k.candidate_id \
          JOIN candidates d ON d.id = o.candidate_id AND d.do_not_call <> 0 \
          WHERE k.candidate_id = c.id LIMIT 1)"
    };
}
pub(crate) use shared_dnc_sql;

/// Identity's lookups, also checked for their plans (`plans.rs`).
pub(crate) const BY_EMAIL: &str = "SELECT candidate_id FROM candidate_contacts
     WHERE kind = 'email' AND value = ?1 ORDER BY candidate_id LIMIT 1";
pub(crate) const ON_NUMBER: &str =
    "SELECT id, name FROM candidates WHERE phone_key = ?1 OR phone_e164 = ?1
     UNION
     SELECT c.id, c.name FROM candidate_contacts k JOIN candidates c ON c.id = k.candidate_id
     WHERE k.kind = 'phone' AND k.value = ?1
     ORDER BY 1";
pub(crate) const BY_NAME: &str = "SELECT id FROM candidates
     WHERE (name_key = ?1 OR name = ?2 COLLATE NOCASE) AND phone_key = ''
     ORDER BY id LIMIT 1";
pub(crate) const IS_BLOCKED: &str = concat!(
    "SELECT c.do_not_call <> 0 OR ",
    shared_dnc_sql!(),
    " IS NOT NULL FROM candidates c WHERE c.id = ?1"
);

/// The number as identity compares it: E.164 when it reads as one, else
/// the digits key, as before schema 11: for a number with no country code
/// and no region to read it in, and for digits shaped like a number that
/// libphonenumber does not know (a range not yet allocated, a fictional
/// one): kept as written rather than losing the row. Letters, dates and
/// digits of no phone's length are refused.
pub(crate) fn phone_value(
    raw: &str,
    region: Option<Region>,
) -> std::result::Result<(Option<String>, String), NotAPhone> {
    if raw.trim().is_empty() {
        return Ok((None, String::new()));
    }
    match phone::parse(raw, region) {
        Ok(p) => Ok((Some(p.e164.clone()), p.e164)),
        Err(NotAPhone::NoRegion) => Ok((None, phone_key(raw))),
        Err(NotAPhone::Invalid) if phone::plausible(raw) => Ok((None, phone_key(raw))),
        Err(why) => Err(why),
    }
}

/// Whether a number as written carries its country code.
fn is_international(raw: &str) -> bool {
    let t = raw.trim();
    let t = t.strip_prefix("tel:").unwrap_or(t).trim_start();
    t.starts_with('+') || t.starts_with("00")
}

/// What an import found out about one row's person.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub id: i64,
    pub added: bool,
    /// Do-not-call on the person, or on a number or email of theirs.
    pub blocked: bool,
    /// For the import summary: shared numbers, names kept as aliases.
    pub notes: Vec<String>,
    /// The number had no country code and was read in the default region.
    pub national: bool,
}

/// The person in a file's row, by the evidence in `domain::identity`'s
/// order; added when nobody matches. `Ok(Err(why))` refuses the row (its
/// phone is not a phone number).
pub(crate) fn find_or_add_candidate(
    conn: &Connection,
    c: &crate::store::NewCandidate,
    region: Option<Region>,
    source: Option<&(String, String)>,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Found, String>> {
    let name = sanitize::name(c.name.trim()).trim().to_string();
    let raw_phone = sanitize::line(c.phone.trim()).trim().to_string();
    let (e164, key) = match phone_value(&raw_phone, region) {
        Ok(v) => v,
        Err(why) => {
            return Ok(Err(format!(
                "{origin}: phone '{raw_phone}' {why}; not imported"
            )))
        }
    };
    let email = c
        .email
        .as_deref()
        .map(|e| sanitize::line(e).trim().to_string())
        .filter(|e| !e.is_empty());
    let mut notes = Vec::new();

    // 1. The event this call was imported from before.
    let mut found: Option<i64> = match source {
        Some((src, uid)) => conn
            .prepare_cached(
                "SELECT candidate_id FROM screens WHERE source = ?1 AND source_uid = ?2",
            )?
            .query_row(params![src, uid], |r| r.get(0))
            .optional()?,
        None => None,
    };
    // 2. The email address.
    if found.is_none() {
        if let Some(e) = &email {
            found = conn
                .prepare_cached(BY_EMAIL)?
                .query_row([fold_email(e)], |r| r.get(0))
                .optional()?;
        }
    }
    // 3. The number, with a compatible name.
    if found.is_none() && !key.trim_start_matches('+').is_empty() {
        let on_number: Vec<(i64, String)> = {
            let mut st = conn.prepare_cached(ON_NUMBER)?;
            let rows = st.query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        found = on_number
            .iter()
            .find(|(_, n)| names_compatible(n, &name))
            .map(|(id, _)| *id);
        if found.is_none() && !on_number.is_empty() {
            let others: Vec<String> = on_number
                .iter()
                .map(|(id, n)| format!("{} (#{id})", sanitize::line(n)))
                .collect();
            notes.push(format!(
                "{origin}: {} shares a number with {}; kept as another person",
                sanitize::line(&name),
                others.join(", ")
            ));
        }
    }
    // 4. With neither number nor email, the name.
    if found.is_none() && key.trim_start_matches('+').is_empty() && email.is_none() {
        found = conn
            .prepare_cached(BY_NAME)?
            .query_row(params![fold_name(&name), name], |r| r.get(0))
            .optional()?;
    }

    let tz = c.timezone.map(|z| z.name().to_string());
    let (id, added) = match found {
        Some(id) => {
            let (old_name, old_phone): (String, String) = conn
                .prepare_cached("SELECT name, phone FROM candidates WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if !name.is_empty() && fold_name(&old_name) != fold_name(&name) {
                let new = conn
                    .prepare_cached(
                        "INSERT OR IGNORE INTO candidate_aliases (candidate_id, name, origin, seen_at)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![id, name, origin, to_secs(now)])?;
                if new > 0 {
                    notes.push(format!(
                        "{origin}: the file calls {} '{}'; kept as another name, not renamed",
                        sanitize::line(&old_name),
                        sanitize::line(&name)
                    ));
                }
            }
            // Fill in what the file adds; never blank what the record has.
            // An explicit zone in the file wins over the record's.
            conn.prepare_cached(
                "UPDATE candidates SET email = COALESCE(?1, email), timezone = COALESCE(?2, timezone)
                 WHERE id = ?3",
            )?
            .execute(params![email, tz, id])?;
            if old_phone.trim().is_empty() && !raw_phone.is_empty() {
                conn.prepare_cached(
                    "UPDATE candidates SET phone = ?1, phone_key = ?2, phone_e164 = ?3 WHERE id = ?4",
                )?
                .execute(params![raw_phone, phone_key(&raw_phone), e164, id])?;
            }
            (id, false)
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO candidates (name, phone, phone_key, phone_e164, name_key, email, timezone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                name,
                raw_phone,
                phone_key(&raw_phone),
                e164,
                fold_name(&name),
                email,
                tz,
                to_secs(now)
            ])?;
            (conn.last_insert_rowid(), true)
        }
    };
    if !key.trim_start_matches('+').is_empty() {
        add_contact(conn, id, "phone", &key, now)?;
    }
    if let Some(e) = &email {
        add_contact(conn, id, "email", &fold_email(e), now)?;
    }
    Ok(Ok(Found {
        id,
        added,
        blocked: is_blocked(conn, id)?,
        notes,
        national: e164.is_some() && !is_international(&raw_phone),
    }))
}

/// Remembers a number or email a candidate has had (once).
pub(crate) fn add_contact(
    conn: &Connection,
    candidate_id: i64,
    kind: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO candidate_contacts (candidate_id, kind, value, since)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![candidate_id, kind, value, to_secs(now)])?;
    Ok(())
}

/// Makes sure the record's current number and email are among its
/// contacts (records written before schema 11 or by the bulk loader).
pub(crate) fn remember_current(
    conn: &Connection,
    candidate_id: i64,
    region: Option<Region>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (phone, email): (String, Option<String>) = conn
        .prepare_cached("SELECT phone, email FROM candidates WHERE id = ?1")?
        .query_row([candidate_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if let Ok((_, key)) = phone_value(&phone, region) {
        if !key.trim_start_matches('+').is_empty() {
            add_contact(conn, candidate_id, "phone", &key, now)?;
        }
    } else if !phone_key(&phone).is_empty() {
        add_contact(conn, candidate_id, "phone", &phone_key(&phone), now)?;
    }
    if let Some(e) = email.filter(|e| !e.trim().is_empty()) {
        add_contact(conn, candidate_id, "email", &fold_email(&e), now)?;
    }
    Ok(())
}

/// Do-not-call on the person or on any number or email of theirs.
pub(crate) fn is_blocked(conn: &Connection, candidate_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(IS_BLOCKED)?
        .query_row([candidate_id], |r| r.get(0))?)
}

/// Work a migration needs beyond its SQL, in its transaction: after
/// migration 11 (index 10), the E.164 form of every stored number that
/// has a country code, the folded names, and every current number as a
/// contact, so do-not-call holds on it from the first open.
pub(super) fn after_migration(conn: &Connection, index: usize) -> Result<()> {
    if index != 10 {
        return Ok(());
    }
    let rows: Vec<(i64, String, String, i64)> = {
        let mut st = conn.prepare("SELECT id, name, phone, created_at FROM candidates")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, name, phone, created) in rows {
        let e164 = phone::parse(&phone, None).ok().map(|p| p.e164);
        conn.execute(
            "UPDATE candidates SET phone_e164 = ?1, name_key = ?2 WHERE id = ?3",
            params![e164, fold_name(&name), id],
        )?;
        let value = e164.unwrap_or_else(|| phone_key(&phone));
        if !value.trim_start_matches('+').is_empty() {
            conn.execute(
                "INSERT OR IGNORE INTO candidate_contacts (candidate_id, kind, value, since)
                 VALUES (?1, 'phone', ?2, ?3)",
                params![id, value, created],
            )?;
        }
    }
    Ok(())
}

/// Stored numbers that had no country code (so no E.164 form) read in
/// `region`, inside an import's transaction before its rows, so identity
/// and do-not-call see them as the numbers they are.
pub(crate) fn read_pending_numbers(
    conn: &Connection,
    region: Option<Region>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(region) = region else {
        return Ok(());
    };
    let pending: Vec<(i64, String)> = {
        let mut st = conn.prepare_cached(
            "SELECT id, phone FROM candidates
             WHERE phone_e164 IS NULL AND phone_key <> '' AND substr(phone_key, 1, 1) <> '+'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, raw) in pending {
        if let Ok(p) = phone::parse(&raw, Some(region)) {
            conn.prepare_cached("UPDATE candidates SET phone_e164 = ?1 WHERE id = ?2")?
                .execute(params![p.e164, id])?;
            add_contact(conn, id, "phone", &p.e164, now)?;
        }
    }
    Ok(())
}

impl Store {
    /// The region numbers without a country code are read in (the
    /// config's `default_region`, else the recruiter's zone's country).
    pub fn set_phone_region(&self, region: Option<Region>) {
        self.phone_region.set(region);
    }

    /// The region set by [`Store::set_phone_region`].
    pub fn phone_region(&self) -> Option<Region> {
        self.phone_region.get()
    }

    /// The other names imports gave a candidate, oldest first.
    pub fn aliases_of(&self, candidate_id: i64) -> Result<Vec<String>> {
        let mut st = self.conn().prepare_cached(
            "SELECT name FROM candidate_aliases WHERE candidate_id = ?1 ORDER BY seen_at, id",
        )?;
        let rows = st.query_map([candidate_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every number and email a candidate has had, as `(kind, value)`.
    pub fn contacts_of(&self, candidate_id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn().prepare_cached(
            "SELECT kind, value FROM candidate_contacts WHERE candidate_id = ?1 ORDER BY since, id",
        )?;
        let rows = st.query_map([candidate_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
