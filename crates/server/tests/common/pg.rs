//! A throwaway PostgreSQL cluster in a temp dir, started with the system's initdb and pg_ctl.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    /// PostgreSQL refuses to run as root: then every command runs as the `postgres` user.
    as_postgres: bool,
}

fn bin_dir() -> PathBuf {
    std::env::var_os("LIANXIN_PG_BIN").map_or_else(
        || PathBuf::from("/usr/lib/postgresql/15/bin"),
        PathBuf::from,
    )
}

impl PgCluster {
    /// Starts a cluster, or returns None after a loud message when PostgreSQL is not installed.
    pub fn start() -> Option<Self> {
        let bin = bin_dir();
        if !bin.join("initdb").exists() || !bin.join("pg_ctl").exists() {
            eprintln!(
                "\n!!!!!!!! SKIPPED: no PostgreSQL at {} (install Debian's `postgresql`, or set LIANXIN_PG_BIN). \
                 The PostgreSQL backend was NOT tested. !!!!!!!!\n",
                bin.display()
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = run_output("id", &["-u"]).trim() == "0";
        if as_postgres {
            let uid: u32 = run_output("id", &["-u", "postgres"])
                .trim()
                .parse()
                .unwrap();
            let gid: u32 = run_output("id", &["-g", "postgres"])
                .trim()
                .parse()
                .unwrap();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = PgCluster {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        );
        cluster.pg_ctl("start");
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// One of PostgreSQL's programs, as the `postgres` user when we are root.
    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        cmd.current_dir(self.dir.path());
        cmd
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self.command(program).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}\n{}\nlog: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
        );
    }

    fn pg_ctl(&self, action: &str) {
        let data = self.data();
        let log = self.dir.path().join("log").display().to_string();
        let sockets = self.dir.path().display().to_string();
        let opts = format!(
            "-p {} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port
        );
        match action {
            "stop" => self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]),
            _ => self.run(
                "pg_ctl",
                &["-D", &data, "-l", &log, "-o", &opts, "-w", action],
            ),
        }
    }

    pub fn stop(&self) {
        self.pg_ctl("stop");
    }
    pub fn start_again(&self) {
        self.pg_ctl("start");
    }
    pub fn restart(&self) {
        self.pg_ctl("restart");
    }

    /// A new empty database's address.
    pub fn database(&self, name: &str) -> String {
        self.run(
            "createdb",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                name,
            ],
        );
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn run_output(program: &str, args: &[&str]) -> String {
    String::from_utf8(Command::new(program).args(args).output().unwrap().stdout).unwrap()
}
