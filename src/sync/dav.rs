//! The few WebDAV/CalDAV request bodies callsheet sends, and a reader for
//! the `multistatus` answers (RFC 4918, 4791, 6578).
//!
//! Elements are matched by local name (`href`, `getetag`, `calendar-data`,
//! `sync-token`, `getctag`), whatever prefix the server gives their
//! namespace: these names do not collide across `DAV:`, CalDAV and
//! CalendarServer. A document that is not well-formed XML is an error.

use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

/// `PROPFIND` depth 0: the collection's change markers.
pub const PROPFIND_STATE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">
  <d:prop><cs:getctag/><d:sync-token/><d:supported-report-set/></d:prop>
</d:propfind>"#;

/// `REPORT` calendar-query: every event's href and ETag in the window
/// (the data comes by multiget, so the answer stays small).
pub fn calendar_query(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let f = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
    <c:time-range start="{}" end="{}"/>
  </c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"#,
        f(from),
        f(to)
    )
}

/// `REPORT` sync-collection (RFC 6578) from `token` (empty: from the start).
pub fn sync_collection(token: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:">
  <d:sync-token>{}</d:sync-token>
  <d:sync-level>1</d:sync-level>
  <d:prop><d:getetag/></d:prop>
</d:sync-collection>"#,
        escape(token)
    )
}

/// `REPORT` calendar-multiget for `hrefs`.
pub fn multiget(hrefs: &[String]) -> String {
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?>
<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
"#,
    );
    for h in hrefs {
        body.push_str("  <d:href>");
        body.push_str(&escape(h));
        body.push_str("</d:href>\n");
    }
    body.push_str("</c:calendar-multiget>");
    body
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One `<response>` of a multistatus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub href: String,
    /// The status of the response (or of its first propstat): 200, 404…
    pub status: Option<u16>,
    pub etag: Option<String>,
    pub calendar_data: Option<String>,
}

/// A parsed multistatus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Multistatus {
    pub entries: Vec<Entry>,
    /// The new token of a sync-collection answer, or the collection's
    /// `sync-token` property in a PROPFIND.
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
    /// The server lists `sync-collection` among its supported reports.
    pub offers_sync: bool,
}

/// Reads a multistatus answer; `Err` says what is wrong with it.
pub fn parse(xml: &[u8]) -> Result<Multistatus, String> {
    let text = std::str::from_utf8(xml).map_err(|_| "the answer is not UTF-8".to_string())?;
    let mut reader = Reader::from_str(text);
    let mut out = Multistatus::default();
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut buf = String::new();
    let mut saw_multistatus = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match ev {
            Event::Start(e) => {
                let name = local(e.local_name().as_ref());
                if name == "multistatus" {
                    saw_multistatus = true;
                }
                if name == "response" {
                    current = Some(Entry::default());
                }
                if name == "sync-collection" && path.last().is_some_and(|p| p == "report") {
                    out.offers_sync = true;
                }
                path.push(name);
                buf.clear();
            }
            Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                if name == "sync-collection" && path.last().is_some_and(|p| p == "report") {
                    out.offers_sync = true;
                }
            }
            Event::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|e| format!("bad text in the answer: {e}"))?;
                buf.push_str(&s);
            }
            Event::CData(t) => {
                let s = t
                    .decode()
                    .map_err(|e| format!("bad CDATA in the answer: {e}"))?;
                buf.push_str(&s);
            }
            Event::GeneralRef(r) => {
                if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| format!("bad character reference: {e}"))?
                {
                    buf.push(c);
                } else {
                    let name = r.decode().map_err(|e| format!("bad reference: {e}"))?;
                    let c = match name.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    };
                    buf.push(c);
                }
            }
            Event::End(e) => {
                let name = local(e.local_name().as_ref());
                if path.last() != Some(&name) {
                    return Err(format!("malformed XML: </{name}> closes nothing open"));
                }
                path.pop();
                let value = std::mem::take(&mut buf);
                let in_response = path.iter().any(|p| p == "response");
                match name.as_str() {
                    "href" if in_response && path.last().is_some_and(|p| p == "response") => {
                        if let Some(c) = current.as_mut() {
                            c.href = percent_decode(value.trim());
                        }
                    }
                    "status" if in_response => {
                        if let Some(c) = current.as_mut() {
                            if c.status.is_none() || c.status == Some(200) {
                                c.status = status_code(&value).or(c.status);
                            }
                        }
                    }
                    "getetag" if in_response => {
                        if let Some(c) = current.as_mut() {
                            c.etag = Some(value.trim().to_string()).filter(|s| !s.is_empty());
                        }
                    }
                    "calendar-data" if in_response => {
                        if let Some(c) = current.as_mut() {
                            c.calendar_data = Some(value);
                        }
                    }
                    "getctag" => {
                        out.ctag = Some(value.trim().to_string()).filter(|s| !s.is_empty())
                    }
                    "sync-token" => {
                        out.sync_token = Some(value.trim().to_string()).filter(|s| !s.is_empty())
                    }
                    "response" => {
                        if let Some(c) = current.take() {
                            if c.href.is_empty() {
                                return Err("a response without an href".into());
                            }
                            out.entries.push(c);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(format!(
            "malformed XML: <{}> is never closed",
            path.join("/")
        ));
    }
    if !saw_multistatus {
        return Err("the answer is not a DAV multistatus".into());
    }
    Ok(out)
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

fn status_code(line: &str) -> Option<u16> {
    // "HTTP/1.1 404 Not Found"
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `%40` → `@` in an href, so the same resource compares equal however
/// the server spells it.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multistatus_with_any_prefixes() {
        let xml = br#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <response><href>/cal/a%40b.ics</href>
  <propstat><prop><getetag>"e1"</getetag>
   <C:calendar-data>BEGIN:VCALENDAR&#13;
X:a &amp; b&#13;
END:VCALENDAR</C:calendar-data></prop>
  <status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>/cal/gone.ics</href><status>HTTP/1.1 404 Not Found</status></response>
 <sync-token>http://x/sync/7</sync-token>
</multistatus>"#;
        let m = parse(xml).unwrap();
        assert_eq!(m.entries.len(), 2);
        assert_eq!(m.entries[0].href, "/cal/a@b.ics");
        assert_eq!(m.entries[0].etag.as_deref(), Some("\"e1\""));
        assert_eq!(
            m.entries[0].calendar_data.as_deref(),
            Some("BEGIN:VCALENDAR\r\nX:a & b\r\nEND:VCALENDAR")
        );
        assert_eq!(m.entries[1].status, Some(404));
        assert_eq!(m.sync_token.as_deref(), Some("http://x/sync/7"));
    }

    #[test]
    fn malformed_answers_are_errors() {
        assert!(parse(b"<multistatus><response>").is_err());
        assert!(parse(b"<multistatus></response></multistatus>").is_err());
        assert!(parse(b"<html>oops</html>").is_err());
        assert!(parse(b"\xff\xfe").is_err());
    }

    #[test]
    fn offers_sync_from_the_report_set() {
        let xml = br#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/c/</d:href><d:propstat><d:prop>
<d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report></d:supported-report-set>
<d:sync-token>t1</d:sync-token></d:prop></d:propstat></d:response></d:multistatus>"#;
        let m = parse(xml).unwrap();
        assert!(m.offers_sync);
        assert_eq!(m.sync_token.as_deref(), Some("t1"));
    }
}
