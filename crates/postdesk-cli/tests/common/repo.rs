//! Running `git` and `postdesk` in a throw-away repository with a throw-away HOME: no user or
//! system config, no prompt, no inherited `GIT_*` variable changes what the test sees.

use std::path::Path;
use std::process::{Command, Output};

pub fn isolated<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_SSH_COMMAND")
        .env_remove("GIT_LFS_SKIP_SMUDGE")
}

/// `git -C dir ARGS`, which must succeed; its stdout.
pub fn git(home: &Path, dir: &Path, args: &[&str]) -> String {
    let out = isolated(Command::new("git").arg("-C").arg(dir).args(args), home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `postdesk ARGS` run from `dir`.
pub fn postdesk(home: &Path, dir: &Path, args: &[&str]) -> Output {
    isolated(
        Command::new(env!("CARGO_BIN_EXE_postdesk"))
            .current_dir(dir)
            .args(args),
        home,
    )
    .output()
    .unwrap()
}
