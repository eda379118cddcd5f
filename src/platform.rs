//! Everything that differs between Windows, macOS and Linux lives here, behind `cfg`.

use std::io;
use std::path::Path;

/// Make a rename inside `dir` durable: fsync the folder on Unix. Windows has no portable way
/// to open a folder for syncing, and NTFS journals renames itself.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Atomically replace `to` with `from` (both in the same folder).
///
/// On Windows the rename fails with "access denied" while another process (an indexer, a
/// virus scanner, a sync client) briefly holds the target open, so it is retried for up to
/// about a second before giving up.
pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        let mut wait = std::time::Duration::from_millis(10);
        for _ in 0..7 {
            match std::fs::rename(from, to) {
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                other => return other,
            }
        }
    }
    std::fs::rename(from, to)
}

/// Give a freshly written replacement the permissions of the file it replaces, so saving
/// does not change who may read a project (Unix modes; Windows ACLs are inherited from the
/// folder anyway).
pub fn copy_permissions(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let permissions = std::fs::metadata(from)?.permissions();
        std::fs::set_permissions(to, permissions)
    }
    #[cfg(not(unix))]
    {
        let _ = (from, to);
        Ok(())
    }
}

/// The most memory this process has held at once (peak resident set), in bytes, where the
/// platform reports it cheaply (Linux: `VmHWM` in /proc/self/status).
pub fn peak_resident_bytes() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The logged-in user's name, for "who holds this lock" messages.
pub fn user_name() -> Option<String> {
    #[cfg(windows)]
    let var = "USERNAME";
    #[cfg(not(windows))]
    let var = "USER";
    std::env::var(var).ok().filter(|u| !u.is_empty())
}

/// What to install so text in `script` (an ISO 15924 tag such as `"Hang"`) can be drawn: the
/// package on Linux, the system's own font on Windows and macOS, with Noto as the fallback.
pub fn font_install_hint(script: &str) -> String {
    let noto = match script {
        "Hang" => "Noto Sans CJK KR",
        "Hani" => "Noto Sans CJK SC (or JP, TC)",
        "Arab" => "Noto Sans Arabic",
        "Hebr" => "Noto Sans Hebrew",
        "Syrc" => "Noto Sans Syriac",
        "Thaa" => "Noto Sans Thaana",
        "Nkoo" => "Noto Sans NKo",
        "Deva" => "Noto Sans Devanagari",
        "Beng" => "Noto Sans Bengali",
        "Taml" => "Noto Sans Tamil",
        "Thai" => "Noto Sans Thai",
        "Geor" => "Noto Sans Georgian",
        "Armn" => "Noto Sans Armenian",
        "Ethi" => "Noto Sans Ethiopic",
        _ => "a Noto Sans font for it",
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let package = match script {
            "Hang" | "Hani" => "fonts-noto-cjk",
            _ => "fonts-noto-core",
        };
        format!(
            "Install {noto}: on Debian or Ubuntu `sudo apt install {package}` (Fedora: the \
             google-noto fonts packages)."
        )
    }
    #[cfg(windows)]
    {
        let system = match script {
            "Hang" => Some(
                "Malgun Gothic (Settings > Apps > Optional features > Korean Supplemental Fonts)",
            ),
            "Hani" => Some(
                "Microsoft YaHei (Settings > Apps > Optional features > Chinese Supplemental Fonts)",
            ),
            "Deva" | "Beng" | "Taml" => Some("Nirmala UI"),
            "Thai" => Some("Leelawadee UI"),
            "Ethi" | "Nkoo" => Some("Ebrima"),
            _ => None,
        };
        match system {
            Some(font) => format!("Install {font}, or {noto} from https://notofonts.github.io."),
            None => format!("Install {noto} from https://notofonts.github.io."),
        }
    }
    #[cfg(target_os = "macos")]
    {
        let system = match script {
            "Hang" => Some("Apple SD Gothic Neo"),
            "Hani" => Some("PingFang SC"),
            "Arab" => Some("Geeza Pro"),
            "Hebr" => Some("Arial Hebrew"),
            "Deva" => Some("Kohinoor Devanagari"),
            "Thai" => Some("Thonburi"),
            _ => None,
        };
        match system {
            Some(font) => format!(
                "Restore the system font {font} (Font Book > File > Restore Standard Fonts), or install {noto} from https://notofonts.github.io."
            ),
            None => format!("Install {noto} from https://notofonts.github.io."),
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        format!("Install {noto} from https://notofonts.github.io.")
    }
}

/// The per-user data folder Factmark keeps caches in (the claim library):
/// `~/.local/share/factmark` on Linux, `~/Library/Application Support/org.Factmark.Factmark`
/// on macOS, `%APPDATA%\Factmark\Factmark\data` on Windows.
pub fn data_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("org", "Factmark", "Factmark")
        .map(|d| d.data_dir().to_path_buf())
}
