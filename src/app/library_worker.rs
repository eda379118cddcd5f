//! The claim library, off the UI thread: one worker thread owns the [`Library`] (opened
//! lazily, at its first job), takes jobs over a channel and sends its answers back to be
//! polled once a frame. Nothing here blocks the UI thread; a search that is answered after
//! the user has moved on is recognised by its id and dropped.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::library::{AddReport, EntrySource, Library, Match};
use crate::model::Project;

/// Where the library is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibraryLocation {
    /// `FACTMARK_LIBRARY`, else the platform's data folder.
    Default,
    /// `--library DIR`, or a test's own folder.
    Dir(PathBuf),
}

/// What a search is for: the Library window's searches replace one another (only the
/// newest is run); a claim's are all answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchFor {
    Window,
    Claim,
}

enum Job {
    Search {
        id: u64,
        purpose: SearchFor,
        text: String,
        limit: usize,
        /// Entries from this project file are left out: a claim is not "checked before" by
        /// itself, nor by the article it is in.
        exclude: Option<PathBuf>,
    },
    AddProject {
        path: PathBuf,
        project: Box<Project>,
    },
}

/// An answer from the worker.
#[derive(Debug)]
pub enum Reply {
    Search {
        id: u64,
        purpose: SearchFor,
        result: Result<Vec<Match>, String>,
    },
    Added {
        path: PathBuf,
        result: Result<AddReport, String>,
    },
    /// Something to show in the notices strip (what opening the library found, or why it
    /// could not be opened).
    Notice { text: String, error: bool },
}

/// The UI thread's handle on the worker.
pub struct LibraryWorker {
    location: Option<LibraryLocation>,
    channel: Option<(Sender<Job>, Receiver<Reply>)>,
    thread: Option<JoinHandle<()>>,
    /// Set when the window closes: searches still queued are skipped, adds are finished.
    closing: Arc<AtomicBool>,
    next_id: u64,
    /// Jobs sent and not yet answered (for "Searching…" and for tests).
    outstanding: usize,
    /// The window to wake when an answer arrives.
    ctx: Option<egui::Context>,
}

impl LibraryWorker {
    /// `None`: no library (the app embedded in tests and benchmarks, unless they ask).
    pub fn new(location: Option<LibraryLocation>) -> Self {
        Self {
            location,
            channel: None,
            thread: None,
            closing: Arc::new(AtomicBool::new(false)),
            next_id: 0,
            outstanding: 0,
            ctx: None,
        }
    }

    /// The window the worker wakes up when it has answered (set before the first job).
    pub fn attach(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.location.is_some()
    }

    pub fn location(&self) -> Option<&LibraryLocation> {
        self.location.as_ref()
    }

    /// Use another library from now on. The old worker finishes what it was given and ends;
    /// its answers are never read.
    pub fn set_location(&mut self, location: Option<LibraryLocation>) {
        if self.location != location {
            self.location = location;
            self.closing.store(true, Ordering::SeqCst);
            self.channel = None;
            self.thread = None;
            self.outstanding = 0;
        }
    }

    /// Jobs sent and not yet answered.
    pub fn outstanding(&self) -> usize {
        self.outstanding
    }

    fn send(&mut self, job: Job) -> bool {
        let Some(location) = self.location.clone() else {
            return false;
        };
        if self.channel.is_none() {
            let (jobs_tx, jobs_rx) = channel();
            let (replies_tx, replies_rx) = channel();
            let ctx = self.ctx.clone();
            let closing = Arc::new(AtomicBool::new(false));
            self.closing = closing.clone();
            let spawned = std::thread::Builder::new()
                .name("claim-library".into())
                .spawn(move || run(location, jobs_rx, replies_tx, ctx, closing));
            match spawned {
                Ok(handle) => self.thread = Some(handle),
                Err(_) => return false,
            }
            self.channel = Some((jobs_tx, replies_rx));
        }
        let Some((jobs, _)) = &self.channel else {
            return false;
        };
        if jobs.send(job).is_err() {
            // The worker is gone (it panicked): start a new one at the next job.
            self.channel = None;
            self.outstanding = 0;
            return false;
        }
        self.outstanding += 1;
        true
    }

    /// Ask for a search; returns its id (`None`: there is no library).
    pub fn search(
        &mut self,
        purpose: SearchFor,
        text: &str,
        limit: usize,
        exclude: Option<&Path>,
    ) -> Option<u64> {
        self.next_id += 1;
        let id = self.next_id;
        let job = Job::Search {
            id,
            purpose,
            text: text.to_string(),
            limit,
            exclude: exclude.map(Path::to_path_buf),
        };
        self.send(job).then_some(id)
    }

    /// Add (or replace) a saved project's claims.
    pub fn add_project(&mut self, path: &Path, project: Project) -> bool {
        let job = Job::AddProject {
            path: path.to_path_buf(),
            project: Box::new(project),
        };
        self.send(job)
    }

    /// The window is closing: let the worker finish adding what was saved (a project saved
    /// just before quitting still goes in), skip the searches, and wait at most `timeout`.
    pub fn finish(&mut self, timeout: Duration) {
        self.closing.store(true, Ordering::SeqCst);
        self.channel = None;
        let Some(handle) = self.thread.take() else {
            return;
        };
        let start = Instant::now();
        while !handle.is_finished() && start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(5));
        }
        if handle.is_finished() {
            let _ = handle.join();
        }
    }

    /// The answers that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Reply> {
        let mut replies = Vec::new();
        let Some((_, rx)) = &self.channel else {
            return replies;
        };
        loop {
            match rx.try_recv() {
                Ok(reply) => {
                    if !matches!(reply, Reply::Notice { .. }) {
                        self.outstanding = self.outstanding.saturating_sub(1);
                    }
                    replies.push(reply);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.channel = None;
                    self.outstanding = 0;
                    break;
                }
            }
        }
        replies
    }
}

/// The worker's loop: until the app drops its end of the channel.
fn run(
    location: LibraryLocation,
    jobs: Receiver<Job>,
    replies: Sender<Reply>,
    ctx: Option<egui::Context>,
    closing: Arc<AtomicBool>,
) {
    let wake = || {
        if let Some(ctx) = &ctx {
            ctx.request_repaint();
        }
    };
    let mut library: Option<Library> = None;
    let mut told_failure = false;
    let mut queue: VecDeque<Job> = VecDeque::new();
    loop {
        if queue.is_empty() {
            match jobs.recv() {
                Ok(job) => queue.push_back(job),
                Err(_) => return,
            }
        }
        queue.extend(jobs.try_iter());
        let job = next_job(&mut queue, &replies);
        let Some(job) = job else { continue };
        if closing.load(Ordering::SeqCst) && matches!(job, Job::Search { .. }) {
            continue;
        }
        if library.is_none() {
            match open(&location) {
                Ok((opened, notices)) => {
                    library = Some(opened);
                    for text in notices {
                        let _ = replies.send(Reply::Notice { text, error: false });
                    }
                }
                Err(message) => {
                    if !std::mem::replace(&mut told_failure, true) {
                        let _ = replies.send(Reply::Notice {
                            text: message.clone(),
                            error: true,
                        });
                    }
                    let _ = replies.send(failed(job, message));
                    wake();
                    continue;
                }
            }
        }
        let Some(lib) = library.as_mut() else {
            continue;
        };
        let reply = match job {
            Job::Search {
                id,
                purpose,
                text,
                limit,
                exclude,
            } => Reply::Search {
                id,
                purpose,
                result: search(lib, &text, limit, exclude.as_deref()),
            },
            Job::AddProject { path, project } => {
                let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                let result = lib
                    .add_project(&canonical, &project)
                    .map_err(|e| e.to_string());
                Reply::Added { path, result }
            }
        };
        if replies.send(reply).is_err() {
            return;
        }
        wake();
    }
}

/// The next job to run: the newest Library-window search first (older ones are answered
/// with nothing, unrun: the user typed on); then adds, in order; then the newest claim
/// search (the claim just selected goes before the rest of "every claim" still queued).
fn next_job(queue: &mut VecDeque<Job>, replies: &Sender<Reply>) -> Option<Job> {
    let window = |j: &Job| {
        matches!(
            j,
            Job::Search {
                purpose: SearchFor::Window,
                ..
            }
        )
    };
    if let Some(newest) = queue.iter().rposition(window) {
        let job = queue.remove(newest);
        let mut kept = VecDeque::new();
        for older in queue.drain(..) {
            if window(&older) {
                if let Job::Search { id, purpose, .. } = older {
                    let _ = replies.send(Reply::Search {
                        id,
                        purpose,
                        result: Ok(Vec::new()),
                    });
                }
            } else {
                kept.push_back(older);
            }
        }
        *queue = kept;
        return job;
    }
    if let Some(add) = queue
        .iter()
        .position(|j| matches!(j, Job::AddProject { .. }))
    {
        return queue.remove(add);
    }
    queue.pop_back()
}

fn failed(job: Job, message: String) -> Reply {
    match job {
        Job::Search { id, purpose, .. } => Reply::Search {
            id,
            purpose,
            result: Err(message),
        },
        Job::AddProject { path, .. } => Reply::Added {
            path,
            result: Err(message),
        },
    }
}

fn open(location: &LibraryLocation) -> Result<(Library, Vec<String>), String> {
    let dir = match location {
        LibraryLocation::Dir(dir) => dir.clone(),
        LibraryLocation::Default => Library::default_dir().ok_or_else(|| {
            "The claim library has no folder: this system has no data folder. Set \
             FACTMARK_LIBRARY or start Factmark with --library DIR."
                .to_string()
        })?,
    };
    match Library::open(&dir) {
        Ok(opened) => Ok((opened.library, opened.notices)),
        Err(e) => Err(format!(
            "Could not open the claim library at {}: {e}",
            dir.display()
        )),
    }
}

fn search(
    library: &Library,
    text: &str,
    limit: usize,
    exclude: Option<&Path>,
) -> Result<Vec<Match>, String> {
    let Some(exclude) = exclude else {
        return library.search(text, limit).map_err(|e| e.to_string());
    };
    let own = std::fs::canonicalize(exclude).unwrap_or_else(|_| exclude.to_path_buf());
    // Room for the project's own claims, which are left out.
    let found = library.search(text, limit + 8).map_err(|e| e.to_string())?;
    let mut kept: Vec<Match> = found
        .into_iter()
        .filter(|m| match &m.entry.source {
            EntrySource::Project { path, .. } => {
                path != exclude
                    && path != &own
                    && std::fs::canonicalize(path).map_or(true, |p| p != own)
            }
            EntrySource::Feed { .. } => true,
        })
        .collect();
    kept.truncate(limit);
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(id: u64, purpose: SearchFor) -> Job {
        Job::Search {
            id,
            purpose,
            text: format!("query {id}"),
            limit: 5,
            exclude: None,
        }
    }

    fn id_of(job: &Job) -> Option<u64> {
        match job {
            Job::Search { id, .. } => Some(*id),
            Job::AddProject { .. } => None,
        }
    }

    #[test]
    fn only_the_newest_window_search_runs_and_the_older_are_answered_empty() {
        let (tx, rx) = channel();
        let mut queue: VecDeque<Job> = VecDeque::from([
            search(1, SearchFor::Window),
            search(2, SearchFor::Claim),
            search(3, SearchFor::Window),
            Job::AddProject {
                path: PathBuf::from("p.json"),
                project: Box::new(crate::synthetic::project(2_000, 3, 1)),
            },
        ]);
        let first = next_job(&mut queue, &tx).unwrap();
        assert_eq!(id_of(&first), Some(3));
        let skipped: Vec<Reply> = rx.try_iter().collect();
        assert!(matches!(
            skipped.as_slice(),
            [Reply::Search { id: 1, result: Ok(found), .. }] if found.is_empty()
        ));
        // Then the add, then the claims' searches, newest first.
        queue.push_back(search(4, SearchFor::Claim));
        assert_eq!(id_of(&next_job(&mut queue, &tx).unwrap()), None);
        assert_eq!(id_of(&next_job(&mut queue, &tx).unwrap()), Some(4));
        assert_eq!(id_of(&next_job(&mut queue, &tx).unwrap()), Some(2));
        assert!(next_job(&mut queue, &tx).is_none());
    }

    #[test]
    fn without_a_location_nothing_is_sent() {
        let mut worker = LibraryWorker::new(None);
        assert_eq!(worker.search(SearchFor::Claim, "a claim", 5, None), None);
        assert_eq!(worker.outstanding(), 0);
        assert!(worker.poll().is_empty());
    }
}
