//! The library's storage and first-stage search.
//!
//! (First version: one JSON file written atomically, searched in memory with BM25. To be
//! replaced by the measured engine.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ingest::Source;
use super::{AddReport, Entry, LibraryError, SourceInfo, analyze};

const FILE: &str = "library.json";

#[derive(Default, Serialize, Deserialize)]
struct Data {
    sources: Vec<SourceInfo>,
    entries: Vec<Entry>,
}

pub(crate) struct Store {
    dir: PathBuf,
    data: Data,
}

impl Store {
    pub fn open(dir: &Path) -> Result<(Store, Vec<String>), LibraryError> {
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, &e))?;
        let file = dir.join(FILE);
        let mut notices = Vec::new();
        let data = match std::fs::read(&file) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(data) => data,
                Err(_) => {
                    notices.push(format!(
                        "the library at {} was corrupt and has been emptied",
                        dir.display()
                    ));
                    Data::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Data::default(),
            Err(e) => return Err(LibraryError::io(&file, &e)),
        };
        Ok((
            Store {
                dir: dir.to_path_buf(),
                data,
            },
            notices,
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn save(&self) -> Result<(), LibraryError> {
        let bytes = serde_json::to_vec(&self.data).map_err(|e| LibraryError::Library {
            dir: self.dir.clone(),
            message: e.to_string(),
        })?;
        crate::atomic_file::write_atomically(&self.dir.join(FILE), &bytes, false).map_err(|e| {
            LibraryError::Library {
                dir: self.dir.clone(),
                message: e.to_string(),
            }
        })
    }

    fn drop_source(&mut self, path: &Path) -> usize {
        let before = self.data.entries.len();
        self.data.entries.retain(|e| e.source.path() != path);
        self.data.sources.retain(|s| s.path != path);
        before - self.data.entries.len()
    }

    pub fn put(&mut self, batch: Vec<Source>) -> Result<AddReport, LibraryError> {
        let mut report = AddReport::default();
        for source in batch {
            report.replaced += self.drop_source(&source.info.path);
            report.added += source.entries.len();
            report.sources += 1;
            report.problems.extend(source.problems);
            self.data.sources.push(source.info);
            self.data.entries.extend(source.entries);
        }
        self.data.sources.sort_by(|a, b| a.path.cmp(&b.path));
        self.save()?;
        Ok(report)
    }

    pub fn replace_all(&mut self, batch: Vec<Source>) -> Result<AddReport, LibraryError> {
        let replaced = self.data.entries.len();
        self.data = Data::default();
        let mut report = self.put(batch)?;
        report.replaced = replaced;
        Ok(report)
    }

    pub fn remove(&mut self, path: &Path) -> Result<usize, LibraryError> {
        let under: Vec<PathBuf> = self
            .data
            .sources
            .iter()
            .filter(|s| s.path.starts_with(path))
            .map(|s| s.path.clone())
            .collect();
        let removed = under.iter().map(|p| self.drop_source(p)).sum();
        self.save()?;
        Ok(removed)
    }

    pub fn sources(&self) -> Result<Vec<SourceInfo>, LibraryError> {
        Ok(self.data.sources.clone())
    }

    pub fn len(&self) -> usize {
        self.data.entries.len()
    }

    /// BM25 over claim and title terms; the best `k` entries with their scores.
    pub fn first_stage(
        &self,
        terms: &[String],
        k: usize,
    ) -> Result<Vec<(Entry, f32)>, LibraryError> {
        let docs: Vec<Vec<String>> = self
            .data
            .entries
            .iter()
            .map(|e| {
                let mut t = analyze::terms(&e.claim);
                if let Some(title) = &e.title {
                    t.extend(analyze::terms(title));
                }
                t
            })
            .collect();
        let n = docs.len() as f32;
        let avg = docs.iter().map(Vec::len).sum::<usize>() as f32 / n.max(1.0);
        let mut df: HashMap<&str, usize> = HashMap::new();
        for doc in &docs {
            let mut seen: Vec<&str> = doc.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *df.entry(t).or_default() += 1;
            }
        }
        let mut scored: Vec<(usize, f32)> = docs
            .iter()
            .enumerate()
            .filter_map(|(i, doc)| {
                let mut score = 0.0;
                for q in terms {
                    let tf = doc.iter().filter(|t| *t == q).count() as f32;
                    if tf == 0.0 {
                        continue;
                    }
                    let d = *df.get(q.as_str()).unwrap_or(&0) as f32;
                    let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * doc.len() as f32 / avg));
                }
                (score > 0.0).then_some((i, score))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(k);
        Ok(scored
            .into_iter()
            .map(|(i, s)| (self.data.entries[i].clone(), s))
            .collect())
    }
}
