//! One blocking HTTP client per source (ureq 3 over rustls with the webpki
//! roots): timeouts, retries with backoff, basic auth from the source's
//! password command or variable, and the loopback-only rule for `http://`.
//!
//! Error texts never carry the password or the Authorization header.

use crate::config::calendars::CalendarSource;
use std::time::Duration;
use ureq::http::{Method, Request, Uri};

/// Per request, unless `CALLSHEET_SYNC_TIMEOUT_MS` says otherwise (the
/// slow-server tests use it to fail fast).
const TIMEOUT: Duration = Duration::from_secs(20);
/// Waits before the second and third try of a request that failed on the
/// way (connection, time-out, 5xx).
const BACKOFF: [Duration; 2] = [Duration::from_millis(300), Duration::from_millis(900)];
/// The largest answer read (a 10,000-event calendar is about 6 MB).
const MAX_BODY: u64 = 128 * 1024 * 1024;

/// The per-request timeout in force: `CALLSHEET_SYNC_TIMEOUT_MS`, else
/// 20 s.
pub fn default_timeout() -> Duration {
    std::env::var("CALLSHEET_SYNC_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(TIMEOUT)
}

/// An answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

pub struct Client {
    agent: ureq::Agent,
    auth: Option<String>,
    /// Requests sent, tries included (for `callsheet sync --json`).
    pub requests: std::cell::Cell<usize>,
}

impl Client {
    /// Checks the URL's scheme and reads the password.
    pub fn new(src: &CalendarSource, timeout: Duration) -> Result<Client, String> {
        check_url(&src.url, src.allow_insecure)?;
        let password = password(src)?;
        let auth = match (&src.username, password) {
            (Some(u), Some(p)) => Some(format!("Basic {}", base64(&format!("{u}:{p}")))),
            (Some(u), None) => Some(format!("Basic {}", base64(&format!("{u}:")))),
            (None, _) => None,
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .user_agent(concat!("callsheet/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Client {
            agent,
            auth,
            requests: std::cell::Cell::new(0),
        })
    }

    /// Sends one request, retrying a failure on the way or a 5xx twice with
    /// backoff; any other status is the answer.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        let mut last = String::new();
        for attempt in 0..=BACKOFF.len() {
            if attempt > 0 {
                std::thread::sleep(BACKOFF[attempt - 1]);
            }
            self.requests.set(self.requests.get() + 1);
            match self.once(method, url, headers, body) {
                Ok(r) if r.status >= 500 => {
                    last = format!("the server answered {} to {method}", r.status);
                }
                Ok(r) => return Ok(r),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn once(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        let method = Method::from_bytes(method.as_bytes()).map_err(|_| "bad method".to_string())?;
        let mut req = Request::builder().method(method.clone()).uri(url);
        if let Some(a) = &self.auth {
            req = req.header("Authorization", a);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(body.unwrap_or("").to_string())
            .map_err(|e| format!("bad request: {e}"))?;
        let mut resp = self.agent.run(req).map_err(|e| describe(&e))?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| format!("reading the answer to {method}: {}", describe(&e)))?;
        Ok(Reply {
            status,
            etag,
            last_modified,
            body,
        })
    }
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "cannot connect".into(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timed out".into(),
            _ => format!("network: {io}"),
        },
        ureq::Error::HostNotFound => "host not found".into(),
        other => other.to_string(),
    }
}

/// `https://` always; `http://` only to loopback or with `allow_insecure`.
pub fn check_url(url: &str, allow_insecure: bool) -> Result<(), String> {
    let uri: Uri = url
        .trim()
        .parse()
        .map_err(|_| "the url is not a URL".to_string())?;
    let host = uri.host().unwrap_or("");
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http") if allow_insecure || is_loopback(host) => Ok(()),
        Some("http") => Err(format!(
            "plain http:// to {host} would send the password unencrypted; use https:// \
             (or allow_insecure = true for a server you trust on your network)"
        )),
        _ => Err("the url must start with https://".into()),
    }
}

fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The password, from the command's first line or the variable; never
/// shown in an error.
fn password(src: &CalendarSource) -> Result<Option<String>, String> {
    if let Some(var) = &src.password_env {
        return match std::env::var(var) {
            Ok(v) => Ok(Some(v)),
            Err(_) => Err(format!("password_env: ${var} is not set")),
        };
    }
    let Some(cmd) = &src.password_command else {
        return Ok(None);
    };
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("password_command: cannot run it ({e})"))?;
    if !out.status.success() {
        return Err(format!("password_command: it failed ({})", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        return Err("password_command: it printed nothing".into());
    }
    Ok(Some(line))
}

fn base64(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_basic_auth() {
        assert_eq!(
            base64("Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64("a"), "YQ==");
        assert_eq!(base64("ab"), "YWI=");
    }

    #[test]
    fn plain_http_only_to_loopback_or_when_allowed() {
        assert!(check_url("https://dav.example.com/c/", false).is_ok());
        assert!(check_url("http://127.0.0.1:5232/c/", false).is_ok());
        assert!(check_url("http://localhost/c/", false).is_ok());
        assert!(check_url("http://[::1]:8080/c/", false).is_ok());
        assert!(check_url("http://dav.example.com/c/", false).is_err());
        assert!(check_url("http://dav.example.com/c/", true).is_ok());
        assert!(check_url("ftp://x/", true).is_err());
    }
}
