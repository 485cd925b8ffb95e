//! A real CalDAV server for the sync tests: Radicale with htpasswd auth,
//! on 127.0.0.1 and a free port, storing in its own temporary directory,
//! stopped when dropped. Missing Radicale skips locally and fails under CI.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "jordan";
pub const PASSWORD: &str = "canary-pw-7Qx9";

pub struct Radicale {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> Option<String> {
    for p in ["python3", "python", "/usr/bin/python3"] {
        let ok = Command::new(p)
            .args(["-c", "import radicale"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(p.to_string());
        }
    }
    None
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Radicale {
    /// Starts a server, or `None` (skip) when Radicale is not installed and
    /// `CI` is not set; under CI a missing Radicale fails the test.
    pub fn start() -> Option<Radicale> {
        let Some(py) = python() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "radicale is not installed (`pip install radicale`); .ci/run installs it"
            );
            eprintln!("skipping: radicale is not installed");
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let users = dir.path().join("users");
        std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).expect("htpasswd");
        let port = free_port();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\ndelay = 0\n\n[storage]\nfilesystem_folder = {}\n\n[rights]\ntype = owner_only\n\n[logging]\nlevel = warning\n",
                users.display(),
                dir.path().join("collections").display()
            ),
        )
        .expect("config");
        let child = Command::new(py)
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start radicale");
        let r = Radicale {
            child,
            port,
            _dir: dir,
        };
        let mut r = r;
        // Generous: Python starts slowly on a loaded two-core machine.
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = r.child.try_wait() {
                panic!("radicale exited at start ({status})");
            }
            assert!(Instant::now() < deadline, "radicale did not start in 90 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(r)
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The URL of calendar `name`, made with MKCALENDAR.
    pub fn calendar(&self, name: &str) -> String {
        let url = format!("{}/{USER}/{name}/", self.base());
        let r = self.request("MKCALENDAR", &url, &[], "");
        assert!(matches!(r.0, 201 | 405), "MKCALENDAR: {}", r.0);
        url
    }

    /// Sends a request as the user: `(status, etag, body)`.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, Option<String>, String) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .build()
            .new_agent();
        let mut req = ureq::http::Request::builder()
            .method(ureq::http::Method::from_bytes(method.as_bytes()).unwrap())
            .uri(url)
            .header("Authorization", basic());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut resp = agent
            .run(req.body(body.to_string()).unwrap())
            .expect("request");
        let etag = resp
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (status, etag, text)
    }

    /// Puts an event as someone else would (a coordinator's booking).
    pub fn put_event(&self, cal: &str, file: &str, ics: &str) {
        let r = self.request(
            "PUT",
            &format!("{cal}{file}"),
            &[("Content-Type", "text/calendar")],
            ics,
        );
        assert!(matches!(r.0, 201 | 204), "PUT {file}: {} {}", r.0, r.2);
    }

    pub fn delete(&self, cal: &str, file: &str) {
        let r = self.request("DELETE", &format!("{cal}{file}"), &[], "");
        assert!(matches!(r.0, 200 | 204), "DELETE {file}: {}", r.0);
    }
}

fn basic() -> String {
    // base64 of "jordan:canary-pw-7Qx9", worked out once.
    let raw = format!("{USER}:{PASSWORD}");
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = raw.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        out.push(T[(n >> 18 & 63) as usize] as char);
        out.push(T[(n >> 12 & 63) as usize] as char);
        out.push(if c.len() > 1 {
            T[(n >> 6 & 63) as usize] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            T[(n & 63) as usize] as char
        } else {
            '='
        });
    }
    format!("Basic {out}")
}

/// A one-event calendar object.
pub fn event(uid: &str, summary: &str, start: &str, end: &str, extra: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEPLACEHOLDER\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    .replace("VEPLACEHOLDER", "VEVENT")
}
