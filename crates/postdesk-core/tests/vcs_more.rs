//! The rest of the list: a pull that would overwrite local changes, no network at all
//! (names that do not resolve) for push, fetch and pull, read-only operations leaving work in
//! progress alone, and a push through a real SSH server (a local `sshd` on 127.0.0.1 with a key
//! held only by a temp ssh-agent; where `sshd` cannot be run the test fails saying why, unless
//! the run says it has no such tools: `POSTDESK_NO_TOOLS=1`).

mod vcs_support;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postdesk_core::vcs::{self, CommitOptions, NetOptions, PostState, PushStatus};
use postdesk_core::ErrorKind;
use vcs_support::*;

fn index_entries(root: &Path) -> String {
    git(root, &["ls-files", "-s"])
}

#[test]
fn pull_that_would_overwrite_local_changes_refuses_and_keeps_them() {
    let f = fixture();
    // A colleague changes README.md on main, which the writer has staged and unstaged edits of.
    let other = clone(f.dir.path(), &f.remote, "other", "Editor");
    write(&other, "README.md", "# Blog\nTheir line\n");
    git(&other, &["commit", "-q", "-am", "readme"]);
    git(&other, &["push", "-q", "origin", "main"]);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let entries = index_entries(&f.work);
    let head = rev(&f.work, "HEAD");

    let e = vcs::pull_ff(&f.work, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{}", e.message);
    assert!(e.message.contains("README.md"), "{}", e.message);
    assert!(e.message.contains("left as they were"), "{}", e.message);
    assert_eq!(rev(&f.work, "HEAD"), head);
    assert_eq!(snapshot_unrelated(&f.work), before);
    assert_eq!(index_entries(&f.work), entries);
    // The fetch itself did happen: the writer can see what is waiting.
    assert_eq!(rev(&f.work, "origin/main"), rev(&other, "HEAD"));
}

#[test]
fn no_network_fails_push_fetch_and_pull_as_network_errors_changing_nothing() {
    let f = fixture();
    write_new_post(&f.work);
    let c = vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    git(&f.work, &["switch", "-q", "main"]);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let entries = index_entries(&f.work);
    let refs = git(&f.work, &["for-each-ref"]);
    let opts = NetOptions {
        idle_timeout: Duration::from_secs(20),
        connect_timeout_secs: 5,
    };
    // `.invalid` never resolves (RFC 6761): what a writer offline, or on a broken DNS, gets.
    for url in [
        "ssh://git@postdesk-test.invalid/blog.git",
        "git@postdesk-test.invalid:team/blog.git",
        "https://postdesk-test.invalid/team/blog.git",
    ] {
        git(&f.work, &["remote", "set-url", "origin", url]);
        let e = vcs::push_with(&f.work, None, &c.branch, &mut |_| {}, opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network, "push {url}: {}", e.message);
        assert!(e.message.contains("Could not reach"), "{}", e.message);
        assert!(e.message.contains("Your commits are kept"), "{}", e.message);
        let e = vcs::fetch_with(&f.work, None, &mut |_| {}, opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network, "fetch {url}: {}", e.message);
        let e = vcs::pull_ff_with(&f.work, &mut |_| {}, opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network, "pull {url}: {}", e.message);
        assert_eq!(snapshot_unrelated(&f.work), before);
        assert_eq!(index_entries(&f.work), entries);
        assert_eq!(git(&f.work, &["for-each-ref"]), refs);
        assert_eq!(head_branch(&f.work), "main");
    }
    // The post is still committed (not pushed) and says so.
    git(&f.work, &["switch", "-q", &c.branch]);
    let s = vcs::post_status(&f.work, &site(&f.work), NEW_POST).unwrap();
    assert_eq!(s.state, PostState::Committed);
}

#[test]
fn reading_operations_and_refused_commits_leave_work_in_progress_alone() {
    let f = fixture();
    write_new_post(&f.work);
    unrelated_changes(&f.work);
    let before = snapshot_unrelated(&f.work);
    let entries = index_entries(&f.work);
    let status = git(&f.work, &["status", "--porcelain"]);
    let site = site(&f.work);

    vcs::post_status(&f.work, &site, NEW_POST).unwrap();
    vcs::post_status(&f.work, &site, "_posts/2024-01-01-old.md").unwrap();
    vcs::post_files(&f.work, &site, NEW_POST).unwrap();
    vcs::branches(&f.work).unwrap();
    vcs::changed_posts(&f.work, &site, "main", None).unwrap();
    vcs::read_file_at(&f.work, "HEAD", "README.md").unwrap();
    vcs::diff_post(&f.work, "HEAD", None, "_posts/2024-01-01-old.md").unwrap();
    vcs::head_branch(&f.work).unwrap();
    // Refused commits: an invalid branch name, a post that does not exist.
    let e = vcs::commit_post(
        &f.work,
        &site,
        NEW_POST,
        &CommitOptions {
            branch: Some("bad..name".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid, "{}", e.message);
    let e =
        vcs::commit_post(&f.work, &site, "_posts/none.md", &CommitOptions::default()).unwrap_err();
    assert_ne!(e.kind, ErrorKind::Git, "{}", e.message);

    assert_eq!(snapshot_unrelated(&f.work), before);
    assert_eq!(index_entries(&f.work), entries);
    assert_eq!(git(&f.work, &["status", "--porcelain"]), status);
    assert_eq!(head_branch(&f.work), "main");
    assert_eq!(git(&f.work, &["branch", "--list", "post/*"]), "");
}

// --- SSH ---------------------------------------------------------------------------------

/// A child process killed (and reaped) when the test ends, whatever happens.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_sshd() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POSTDESK_TEST_SSHD") {
        return Some(PathBuf::from(p));
    }
    let from_path = Command::new("sh")
        .args(["-c", "command -v sshd"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    from_path
        .into_iter()
        .chain(
            [
                "/usr/sbin/sshd",
                "/usr/local/sbin/sshd",
                "/opt/homebrew/sbin/sshd",
            ]
            .into_iter()
            .map(PathBuf::from),
        )
        .find(|p| p.is_absolute() && p.is_file())
}

fn keygen(path: &Path) -> bool {
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "postdesk-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn user_name() -> Option<String> {
    let o = Command::new("id").arg("-un").output().ok()?;
    let s = String::from_utf8_lossy(&o.stdout).trim().to_string();
    (o.status.success() && !s.is_empty()).then_some(s)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A throwaway SSH server on 127.0.0.1 that lets the test user in with one key, and an
/// ssh-agent holding that key (the key file itself is deleted once it is in the agent).
struct SshServer {
    port: u16,
    user: String,
    agent_sock: PathBuf,
    /// An ed25519 key the server does not accept.
    wrong_key: PathBuf,
    _sshd: Reaped,
    _agent: Reaped,
}

/// Starts the server, or says why it cannot (`Err`), in which case the test is skipped.
fn start_sshd(dir: &Path) -> Result<SshServer, String> {
    let sshd = find_sshd().ok_or("no sshd found (install openssh-server)")?;
    let user = user_name().ok_or("`id -un` failed")?;
    for tool in ["ssh", "ssh-agent", "ssh-add", "ssh-keygen"] {
        let ok = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            return Err(format!("`{tool}` is not installed"));
        }
    }
    let host_key = dir.join("host_ed25519");
    let client_key = dir.join("client_ed25519");
    let wrong_key = dir.join("wrong_ed25519");
    if !(keygen(&host_key) && keygen(&client_key) && keygen(&wrong_key)) {
        return Err("ssh-keygen failed".into());
    }
    let authorized = dir.join("authorized_keys");
    std::fs::copy(client_key.with_extension("pub"), &authorized).unwrap();
    let log = dir.join("sshd.log");

    let mut last_err = String::new();
    for _attempt in 0..3 {
        let port = free_port();
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
                 PubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 UsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\nAllowUsers {user}\n\
                 X11Forwarding no\nAllowTcpForwarding no\nPrintMotd no\nLogLevel VERBOSE\n",
                host_key.display(),
                authorized.display(),
                dir.join("sshd.pid").display(),
            ),
        )
        .unwrap();
        // Check the configuration first; as root, sshd wants its privilege separation folder,
        // which a package installed without starting the service may not have created yet.
        let mut check = Command::new(&sshd)
            .arg("-t")
            .arg("-f")
            .arg(&config)
            .output();
        if let Ok(o) = &check {
            let err = String::from_utf8_lossy(&o.stderr).to_string();
            if let Some(missing) = err
                .split("Missing privilege separation directory: ")
                .nth(1)
                .map(|s| s.trim().to_string())
            {
                if user == "root" && std::fs::create_dir_all(&missing).is_ok() {
                    check = Command::new(&sshd)
                        .arg("-t")
                        .arg("-f")
                        .arg(&config)
                        .output();
                }
            }
        }
        match check {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                return Err(format!(
                    "`sshd -t` refused the test configuration: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ))
            }
            Err(e) => return Err(format!("could not run {}: {e}", sshd.display())),
        }
        let child = Command::new(&sshd)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .map_err(|e| format!("could not start sshd: {e}"))?;
        let mut child = Reaped(child);
        let t = Instant::now();
        let mut up = false;
        while t.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = child.0.try_wait() {
                break;
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                up = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !up {
            last_err = std::fs::read_to_string(&log).unwrap_or_default();
            continue; // most likely the port was taken in between: try another
        }
        // The agent, in the foreground so that it is ours to stop.
        let agent_sock = dir.join("agent.sock");
        let agent = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&agent_sock)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start ssh-agent: {e}"))?;
        let agent = Reaped(agent);
        let t = Instant::now();
        while !agent_sock.exists() && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let added = Command::new("ssh-add")
            .arg("-q")
            .arg(&client_key)
            .env("SSH_AUTH_SOCK", &agent_sock)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("ssh-add: {e}"))?;
        if !added.status.success() {
            return Err(format!(
                "ssh-add failed: {}",
                String::from_utf8_lossy(&added.stderr).trim()
            ));
        }
        std::fs::remove_file(&client_key).unwrap();
        return Ok(SshServer {
            port,
            user,
            agent_sock,
            wrong_key,
            _sshd: child,
            _agent: agent,
        });
    }
    Err(format!("sshd did not start listening: {last_err}"))
}

/// The ssh command a writer would configure (`core.sshCommand`, as with GIT_SSH_COMMAND): no
/// user config, no known_hosts of the machine, keys from the given agent only.
fn ssh_command(extra: &str) -> String {
    format!(
        "ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=10 -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR {extra}"
    )
}

#[test]
fn push_and_fetch_through_a_local_ssh_server_with_a_key_in_an_agent() {
    let f = fixture();
    let sdir = f.dir.path().join("ssh");
    std::fs::create_dir_all(&sdir).unwrap();
    let server = match start_sshd(&sdir) {
        Ok(s) => s,
        Err(why) => {
            postdesk_testkit::unavailable(&format!("a local sshd: {why}"));
            return;
        }
    };
    let url = format!(
        "ssh://{}@127.0.0.1:{}{}",
        server.user,
        server.port,
        f.remote.display()
    );
    git(&f.work, &["remote", "add", "viassh", &url]);
    let agent = format!(
        "-o StrictHostKeyChecking=no -o IdentityAgent={} -o IdentitiesOnly=no",
        server.agent_sock.display()
    );
    git(
        &f.work,
        &["config", "core.sshCommand", &ssh_command(&agent)],
    );
    write_new_post(&f.work);
    unrelated_changes(&f.work);
    let c = vcs::commit_post(&f.work, &site(&f.work), NEW_POST, &CommitOptions::default()).unwrap();
    let before = snapshot_unrelated(&f.work);

    let mut lines = Vec::new();
    let out = vcs::push(&f.work, Some("viassh"), &c.branch, &mut |l| {
        lines.push(l.to_string())
    })
    .unwrap_or_else(|e| {
        panic!(
            "{e:?}\nsshd log:\n{}",
            std::fs::read_to_string(sdir.join("sshd.log")).unwrap_or_default()
        )
    });
    assert_eq!(out.status, PushStatus::Created);
    assert_eq!(out.remote, "viassh");
    assert_eq!(
        git(&f.remote, &["rev-parse", "refs/heads/post/my-trip"]).trim(),
        c.commit
    );
    assert_eq!(snapshot_unrelated(&f.work), before);
    let again = vcs::push(&f.work, Some("viassh"), &c.branch, &mut |_| {}).unwrap();
    assert_eq!(again.status, PushStatus::UpToDate);
    let fo = vcs::fetch(&f.work, Some("viassh"), &mut |_| {}).unwrap();
    assert_eq!(fo.url, url);
    // The server really logged a public-key login (not some other path to the repository).
    let log = std::fs::read_to_string(sdir.join("sshd.log")).unwrap_or_default();
    assert!(log.contains("Accepted publickey"), "{log}");

    // A key the server does not accept (and no agent): an authentication error.
    let wrong = format!(
        "-o StrictHostKeyChecking=no -o IdentityAgent=none -o IdentitiesOnly=yes -i {}",
        server.wrong_key.display()
    );
    git(
        &f.work,
        &["config", "core.sshCommand", &ssh_command(&wrong)],
    );
    let e = vcs::push(&f.work, Some("viassh"), &c.branch, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth, "{}", e.message);
    // An unknown host key with strict checking: an authentication error naming the host key.
    let strict = format!(
        "-o StrictHostKeyChecking=yes -o IdentityAgent={}",
        server.agent_sock.display()
    );
    git(
        &f.work,
        &["config", "core.sshCommand", &ssh_command(&strict)],
    );
    let e = vcs::fetch(&f.work, Some("viassh"), &mut |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth, "{}", e.message);
    assert!(e.message.contains("host key"), "{}", e.message);
    assert_eq!(rev(&f.work, &c.branch), c.commit);
    assert_eq!(snapshot_unrelated(&f.work), before);
}
