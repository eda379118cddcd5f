//! Preferences and recent projects, kept in the platform's config folder (via `directories`),
//! separate from project files. A corrupt preferences file is set aside with a warning; it
//! never stops the app from starting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file::write_atomically;

pub const MAX_RECENT: usize = 10;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// The project that was open when the app last closed, and where the reader was in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LastSession {
    pub path: PathBuf,
    /// Code point at the top of the article view.
    pub top_char: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// The article title of each recent project, for the recent lists.
    pub recent_titles: BTreeMap<PathBuf, String>,
    /// Code point at the top of the view when each recent project was last left, so it
    /// reopens where the reader was.
    pub reading_positions: BTreeMap<PathBuf, usize>,
    pub theme: ThemeChoice,
    pub zoom: f32,
    /// Written into new annotations' `author`.
    pub author: Option<String>,
    /// The user was asked for their name at their first annotation (and gave it or chose
    /// Skip): never ask again.
    pub asked_for_author: bool,
    /// The organization named as the author of ClaimReview exports.
    pub organization: Option<String>,
    /// The organization's web site, ClaimReview's `author.url` (set in the preferences file).
    pub organization_url: Option<String>,
    /// Where reviews are published, `{id}` the annotation id: ClaimReview's `url` for claims
    /// without their own published review URL (set in the preferences file).
    pub review_url_template: Option<String>,
    pub last_session: Option<LastSession>,
    /// The annotation panel's width in points, as the user last dragged it.
    pub panel_width: f32,
    /// View ▸ Annotation panel: whether the panel is shown.
    pub show_panel: bool,
    /// Add a project's claims to the claim library whenever it is saved.
    pub add_to_library_on_save: bool,
}

/// The annotation panel's width until the user drags it, and the least it can be.
pub const DEFAULT_PANEL_WIDTH: f32 = 380.0;
pub const MIN_PANEL_WIDTH: f32 = 260.0;

impl Default for Preferences {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            recent_titles: BTreeMap::new(),
            reading_positions: BTreeMap::new(),
            theme: ThemeChoice::System,
            zoom: 1.0,
            author: None,
            asked_for_author: false,
            organization: None,
            organization_url: None,
            review_url_template: None,
            last_session: None,
            panel_width: DEFAULT_PANEL_WIDTH,
            show_panel: true,
            add_to_library_on_save: true,
        }
    }
}

impl Preferences {
    /// Put `path` at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = canonical(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
        self.forget_unlisted();
    }

    pub fn remove_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.forget_unlisted();
    }

    /// Titles and positions are kept for the recent projects only.
    fn forget_unlisted(&mut self) {
        let recent = &self.recent;
        self.recent_titles.retain(|p, _| recent.contains(p));
        self.reading_positions.retain(|p, _| recent.contains(p));
    }

    /// The article title of a recent project, and where its reader was.
    pub fn remember(&mut self, path: &Path, title: &str, top_char: usize) {
        let path = canonical(path);
        if !self.recent.contains(&path) {
            return;
        }
        let title = title.trim();
        if title.is_empty() {
            self.recent_titles.remove(&path);
        } else {
            self.recent_titles.insert(path.clone(), title.to_string());
        }
        self.reading_positions.insert(path, top_char);
    }

    pub fn recent_title(&self, path: &Path) -> Option<&str> {
        self.recent_titles.get(path).map(String::as_str)
    }

    /// Where the reader was in this project when it was last left (0: the top).
    pub fn reading_position(&self, path: &Path) -> usize {
        self.reading_positions
            .get(&canonical(path))
            .copied()
            .unwrap_or(0)
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Where preferences are read from and written to; `None` keeps them in memory only.
#[derive(Clone, Debug)]
pub struct PrefsStore {
    path: Option<PathBuf>,
}

impl PrefsStore {
    /// `FACTMARK_CONFIG_DIR` if set (tests, portable installs), else the platform's config
    /// folder: `~/.config/factmark` on Linux, `~/Library/Application Support/org.factmark.Factmark`
    /// on macOS, `%APPDATA%\Factmark\Factmark\config` on Windows.
    pub fn default_location() -> Self {
        let dir = std::env::var_os("FACTMARK_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("org", "Factmark", "Factmark")
                    .map(|d| d.config_dir().to_path_buf())
            });
        Self {
            path: dir.map(|d| d.join("preferences.json")),
        }
    }

    pub fn at(path: PathBuf) -> Self {
        Self { path: Some(path) }
    }

    pub fn in_memory() -> Self {
        Self { path: None }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read the preferences. A missing file gives the defaults; an unreadable or corrupt one
    /// gives the defaults and a warning, and is renamed so the next save does not erase the
    /// evidence.
    pub fn load(&self) -> (Preferences, Option<String>) {
        let Some(path) = &self.path else {
            return (Preferences::default(), None);
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Preferences::default(), None);
            }
            Err(e) => {
                return (
                    Preferences::default(),
                    Some(format!(
                        "Could not read preferences from {}: {e}. Using defaults.",
                        path.display()
                    )),
                );
            }
        };
        match serde_json::from_slice::<Preferences>(&bytes) {
            Ok(mut prefs) => {
                if !(0.5..=3.0).contains(&prefs.zoom) {
                    prefs.zoom = 1.0;
                }
                prefs.recent.truncate(MAX_RECENT);
                if !(MIN_PANEL_WIDTH..=4000.0).contains(&prefs.panel_width) {
                    prefs.panel_width = DEFAULT_PANEL_WIDTH;
                }
                (prefs, None)
            }
            Err(e) => {
                let aside = path.with_extension("json.corrupt");
                let _ = std::fs::rename(path, &aside);
                (
                    Preferences::default(),
                    Some(format!(
                        "The preferences file {} is damaged ({e}); it was renamed to {} and defaults are used.",
                        path.display(),
                        aside.display()
                    )),
                )
            }
        }
    }

    pub fn save(&self, prefs: &Preferences) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let mut bytes = serde_json::to_vec_pretty(prefs).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        write_atomically(path, &bytes, false).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_recent_list() {
        let dir = tempfile::tempdir().unwrap();
        let store = PrefsStore::at(dir.path().join("p.json"));
        let mut prefs = Preferences::default();
        for i in 0..12 {
            prefs.add_recent(Path::new(&format!("/tmp/p{i}.json")));
        }
        prefs.add_recent(Path::new("/tmp/p5.json"));
        assert_eq!(prefs.recent.len(), MAX_RECENT);
        assert_eq!(prefs.recent[0], Path::new("/tmp/p5.json"));
        store.save(&prefs).unwrap();
        assert_eq!(store.load(), (prefs, None));
    }

    #[test]
    fn a_corrupt_file_gives_defaults_and_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        std::fs::write(&path, b"{\"recent\": [1, 2").unwrap();
        let (prefs, warning) = PrefsStore::at(path.clone()).load();
        assert_eq!(prefs, Preferences::default());
        assert!(warning.unwrap().contains("damaged"));
        assert!(dir.path().join("p.json.corrupt").exists());
        // Unknown or wrongly typed fields are not fatal either... but a wrong type is damage.
        std::fs::write(&path, b"{\"zoom\": 40, \"future\": true}").unwrap();
        let (prefs, warning) = PrefsStore::at(path).load();
        assert_eq!((prefs.zoom, warning), (1.0, None));
    }
}
