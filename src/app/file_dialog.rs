//! Native file dialogs without freezing the window: rfd's async dialog runs on a worker
//! thread and the answer comes back through a channel that the UI polls each frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// What the chosen path is for. Carried through the dialog so the answer knows what to do.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    OpenProject,
    NewFromArticle,
    SaveAs,
    /// Save, then carry on with what the unsaved-changes prompt interrupted.
    SaveAsThen(Box<super::PendingAction>),
    Export(crate::export::ExportFormat),
    /// A newer version of the open project's article.
    UpdateArticle,
    /// Another checker's project to compare the open one with.
    CompareWith,
}

#[derive(Clone, Debug)]
pub struct DialogRequest {
    pub purpose: DialogPurpose,
    pub title: String,
    /// Filters as (name, extensions).
    pub filters: Vec<(String, Vec<String>)>,
    pub directory: Option<PathBuf>,
    pub file_name: Option<String>,
    pub kind: DialogKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    OpenFile,
    SaveFile,
    /// Choose (or create) a folder, e.g. for a brat export.
    Folder,
}

/// How a dialog ended.
#[derive(Clone, Debug)]
pub enum DialogAnswer {
    Chosen(DialogPurpose, PathBuf),
    Cancelled(DialogPurpose),
    /// No dialog could be shown (on Linux: no XDG desktop portal on the session bus); the
    /// request comes back so the app can ask for the path another way.
    Unavailable(DialogRequest),
}

/// A dialog "cancelled" sooner than this after it was asked for never reached the screen:
/// rfd reports a missing portal as a cancel, and no person cancels that fast.
const FAILED_WITHIN: std::time::Duration = std::time::Duration::from_millis(250);

pub struct FileDialogs {
    sender: mpsc::Sender<DialogAnswer>,
    receiver: mpsc::Receiver<DialogAnswer>,
    open: bool,
    /// Whether to try the system's dialogs; when off, every request is answered as
    /// `Unavailable`, so the path is asked for in the window.
    native: bool,
}

impl Default for FileDialogs {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel();
        Self {
            sender,
            receiver,
            open: false,
            native: true,
        }
    }
}

impl FileDialogs {
    /// Ask for paths in the window only (tests; systems known to have no dialogs).
    pub fn set_native(&mut self, native: bool) {
        self.native = native;
    }

    /// Whether a dialog is showing (only one at a time).
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn show(&mut self, ctx: &egui::Context, request: DialogRequest) {
        if self.open {
            return;
        }
        self.open = true;
        if !self.native {
            let _ = self.sender.send(DialogAnswer::Unavailable(request));
            ctx.request_repaint();
            return;
        }
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let asked = std::time::Instant::now();
                let mut dialog = rfd::AsyncFileDialog::new().set_title(&request.title);
                for (name, extensions) in &request.filters {
                    dialog = dialog.add_filter(name, extensions);
                }
                if let Some(dir) = &request.directory {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = &request.file_name {
                    dialog = dialog.set_file_name(name);
                }
                let chosen = match request.kind {
                    DialogKind::SaveFile => pollster::block_on(dialog.save_file()),
                    DialogKind::OpenFile => pollster::block_on(dialog.pick_file()),
                    DialogKind::Folder => pollster::block_on(dialog.pick_folder()),
                };
                let answer = match chosen {
                    Some(handle) => {
                        DialogAnswer::Chosen(request.purpose, handle.path().to_path_buf())
                    }
                    None if asked.elapsed() < FAILED_WITHIN => DialogAnswer::Unavailable(request),
                    None => DialogAnswer::Cancelled(request.purpose),
                };
                let _ = sender.send(answer);
                ctx.request_repaint();
            });
        if spawned.is_err() {
            self.open = false;
        }
    }

    /// The answer to the open dialog, once there is one.
    pub fn poll(&mut self) -> Option<DialogAnswer> {
        let answer = self.receiver.try_recv().ok()?;
        self.open = false;
        Some(answer)
    }
}

pub fn project_filters() -> Vec<(String, Vec<String>)> {
    vec![
        ("Factmark project".into(), vec!["json".into()]),
        ("All files".into(), vec!["*".into()]),
    ]
}

pub fn article_filters() -> Vec<(String, Vec<String>)> {
    vec![
        (
            "Article (web page, Markdown, text)".into(),
            crate::import::supported_extensions()
                .map(str::to_string)
                .collect(),
        ),
        ("All files".into(), vec!["*".into()]),
    ]
}

/// The folder a path is in, for starting a dialog there.
pub fn folder_of(path: &Path) -> Option<PathBuf> {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
}
