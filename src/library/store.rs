//! The library's storage and first-stage search: a tantivy index (BM25) whose commits carry
//! the manifest of sources, plus a copy of the manifest beside it.
//!
//! Layout of the library folder:
//! - `index/`: the tantivy index. Each document is one entry: its terms (from
//!   [`analyze::terms`] of the claim and the review title, pre-tokenized), its source path
//!   (to delete a source's entries) and the entry itself as JSON (stored, compressed).
//! - `sources.json`: the manifest (`{"format": "factmark-library", "version": 1, "sources":
//!   [...]}`), also committed inside the index (tantivy's commit payload), so the entries
//!   and the list of where they came from change together or not at all. The copy outside
//!   the index is what a rebuild of a corrupt index reads.
//! - `write.lock`: held (an OS file lock) by whoever is writing — the app or a `factmark
//!   library` command — so writers take turns. Readers never take it: a tantivy commit
//!   swaps the segment list atomically, and a searcher keeps the segments it opened.
//!
//! A crash in the middle of an add leaves the last commit, which is whole: tantivy writes
//! new segments first and publishes them by atomically replacing `meta.json`.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::ingest::Source;
use super::{AddReport, Entry, LibraryError, SourceInfo, analyze};

const INDEX_DIR: &str = "index";
const MANIFEST: &str = "sources.json";
const LOCK: &str = "write.lock";
const FORMAT: &str = "factmark-library";
/// Bump when the schema or the analyzer changes: an older library is then rebuilt.
const VERSION: u32 = 1;
/// The indexing memory budget of one add.
const WRITER_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    /// The analyzer's fingerprint (terms of a fixed text): an index made by another analyzer
    /// is rebuilt, since its terms would not match the queries'.
    #[serde(default)]
    analyzer: String,
    sources: Vec<SourceInfo>,
}

impl Manifest {
    fn new(sources: Vec<SourceInfo>) -> Self {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            analyzer: analyzer_fingerprint(),
            sources,
        }
    }

    fn entries(&self) -> usize {
        self.sources.iter().map(|s| s.entries).sum()
    }
}

/// A fingerprint of [`analyze::terms`], so that a library indexed by another version of
/// the analyzer is noticed and rebuilt.
fn analyzer_fingerprint() -> String {
    let sample = "The Mayor's #CrimeWave claim: 1,200 arrests (12%) didn't happen in 2024 — \
                  @cityhall https://example.org/a?b=1 Über café numbers 3.5km £4bn";
    let terms = analyze::terms(sample).join("\u{1f}");
    crate::model::article::sha256_hex(terms.as_bytes())[..16].to_string()
}

#[derive(Clone, Copy)]
struct Fields {
    terms: Field,
    source: Field,
    entry: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::WithFreqs);
    let terms = builder.add_text_field(
        "terms",
        TextOptions::default().set_indexing_options(indexing),
    );
    let source = builder.add_text_field("source", STRING);
    let entry = builder.add_text_field("entry", STORED);
    (
        builder.build(),
        Fields {
            terms,
            source,
            entry,
        },
    )
}

pub(crate) struct Store {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn library_error(dir: &Path, message: impl std::fmt::Display) -> LibraryError {
    LibraryError::Library {
        dir: dir.to_path_buf(),
        message: message.to_string(),
    }
}

/// The writer's lock: an exclusive OS lock on `write.lock`, released when dropped (and by
/// the OS if the process dies).
struct WriteLock(#[allow(dead_code)] File);

fn lock(dir: &Path) -> Result<WriteLock, LibraryError> {
    let path = dir.join(LOCK);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| LibraryError::io(&path, &e))?;
    file.lock().map_err(|e| LibraryError::io(&path, &e))?;
    Ok(WriteLock(file))
}

/// Why an index cannot be used as it is.
enum Unusable {
    Missing,
    Corrupt(String),
    Outdated,
}

impl Store {
    pub fn open(dir: &Path) -> Result<(Store, Vec<String>), LibraryError> {
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, &e))?;
        let mut notices = Vec::new();
        match Self::try_open(dir) {
            Ok(store) => return Ok((store, notices)),
            Err(Unusable::Missing) | Err(Unusable::Outdated) | Err(Unusable::Corrupt(_)) => {}
        }
        // Something is wrong: look again with the write lock held (another process may be
        // creating or rebuilding it right now), and rebuild if it is still wrong.
        let held = lock(dir)?;
        let why = match Self::try_open(dir) {
            Ok(store) => return Ok((store, notices)),
            Err(why) => why,
        };
        let manifest = read_manifest_file(dir);
        let index_dir = dir.join(INDEX_DIR);
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir).map_err(|e| LibraryError::io(&index_dir, &e))?;
        }
        std::fs::create_dir_all(&index_dir).map_err(|e| LibraryError::io(&index_dir, &e))?;
        let (schema, _) = schema();
        Index::create_in_dir(&index_dir, schema).map_err(|e| library_error(dir, e))?;
        let mut store =
            Self::try_open(dir).map_err(|_| library_error(dir, "could not create a new index"))?;
        let sources = manifest.map(|m| m.sources).unwrap_or_default();
        match why {
            Unusable::Missing if sources.is_empty() => {}
            why => {
                let count = sources.len();
                let (batch, report) = super::ingest::reread(&sources);
                store.write(|_, _| Ok(()), batch, true, Some(&held))?;
                let what = match why {
                    Unusable::Outdated => "was made by another version of Factmark".to_string(),
                    Unusable::Missing => "had lost its index".to_string(),
                    Unusable::Corrupt(reason) => format!("was corrupt ({reason})"),
                };
                notices.push(format!(
                    "the library at {} {what} and has been rebuilt from its {count} source(s)",
                    dir.display()
                ));
                notices.extend(report.problems);
            }
        }
        Ok((store, notices))
    }

    fn try_open(dir: &Path) -> Result<Store, Unusable> {
        let index_dir = dir.join(INDEX_DIR);
        if !index_dir.join("meta.json").exists() {
            return Err(Unusable::Missing);
        }
        let corrupt = |e: tantivy::TantivyError| Unusable::Corrupt(e.to_string());
        let index = Index::open_in_dir(&index_dir).map_err(corrupt)?;
        let (expected, _) = schema();
        if index.schema() != expected {
            return Err(Unusable::Outdated);
        }
        let fields = match (
            expected.get_field("terms"),
            expected.get_field("source"),
            expected.get_field("entry"),
        ) {
            (Ok(terms), Ok(source), Ok(entry)) => Fields {
                terms,
                source,
                entry,
            },
            _ => return Err(Unusable::Outdated),
        };
        let metas = index.load_metas().map_err(corrupt)?;
        let manifest = match metas.payload.as_deref() {
            // A fresh index, never committed to.
            None if metas.segments.is_empty() => Manifest::new(Vec::new()),
            None => return Err(Unusable::Corrupt("no manifest".into())),
            Some(payload) => serde_json::from_str::<Manifest>(payload)
                .map_err(|e| Unusable::Corrupt(e.to_string()))?,
        };
        if manifest.format != FORMAT {
            return Err(Unusable::Corrupt("not a Factmark library".into()));
        }
        if manifest.version != VERSION || manifest.analyzer != analyzer_fingerprint() {
            return Err(Unusable::Outdated);
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(corrupt)?;
        let store = Store {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
        };
        if store.reader.searcher().num_docs() != manifest.entries() as u64 {
            return Err(Unusable::Corrupt(
                "the index and its manifest disagree".into(),
            ));
        }
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The manifest of the last commit.
    fn manifest(&self) -> Result<Manifest, LibraryError> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| library_error(&self.dir, e))?;
        match metas.payload.as_deref() {
            None => Ok(Manifest::new(Vec::new())),
            Some(payload) => serde_json::from_str(payload).map_err(|e| {
                library_error(
                    &self.dir,
                    format!("its manifest is unreadable ({e}); run `factmark library rebuild`"),
                )
            }),
        }
    }

    /// One transaction: with the write lock held and the latest manifest, `change` edits
    /// the index and the manifest (deletions), then the batch's sources replace their old
    /// entries; all of it is committed at once, or nothing is.
    fn write(
        &mut self,
        change: impl FnOnce(&IndexWriter, &mut Manifest) -> Result<(), LibraryError>,
        batch: Vec<Source>,
        replace_all: bool,
        held: Option<&WriteLock>,
    ) -> Result<AddReport, LibraryError> {
        // (A second lock on the same file from this process would wait for ever.)
        let _lock = match held {
            Some(_) => None,
            None => Some(lock(&self.dir)?),
        };
        let dir = self.dir.clone();
        let err = |e: tantivy::TantivyError| library_error(&dir, e);
        let mut manifest = self.manifest()?;
        let mut writer: IndexWriter = self
            .index
            .writer_with_num_threads(1, WRITER_BYTES)
            .map_err(err)?;
        let mut report = AddReport::default();
        if replace_all {
            report.replaced = manifest.entries();
            writer.delete_all_documents().map_err(err)?;
            manifest.sources.clear();
        }
        change(&writer, &mut manifest)?;
        for source in batch {
            let key = path_key(&source.info.path);
            if let Some(at) = manifest
                .sources
                .iter()
                .position(|s| s.path == source.info.path)
            {
                report.replaced += manifest.sources.remove(at).entries;
                writer.delete_term(Term::from_field_text(self.fields.source, &key));
            }
            for entry in &source.entries {
                let mut doc = TantivyDocument::default();
                let mut tokens = analyze::terms(&entry.claim);
                if let Some(title) = &entry.title {
                    tokens.extend(analyze::terms(title));
                }
                doc.add_pre_tokenized_text(self.fields.terms, pre_tokenized(tokens));
                doc.add_text(self.fields.source, &key);
                let json = serde_json::to_string(entry).map_err(|e| library_error(&self.dir, e))?;
                doc.add_text(self.fields.entry, json);
                writer.add_document(doc).map_err(err)?;
            }
            report.added += source.entries.len();
            report.sources += 1;
            report.problems.extend(source.problems);
            manifest.sources.push(source.info);
        }
        manifest.sources.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = Manifest::new(manifest.sources);
        let payload = serde_json::to_string(&manifest).map_err(|e| library_error(&self.dir, e))?;
        let mut prepared = writer.prepare_commit().map_err(err)?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(err)?;
        writer.wait_merging_threads().map_err(err)?;
        // The copy a rebuild reads when the index itself is damaged.
        crate::atomic_file::write_atomically(&self.dir.join(MANIFEST), payload.as_bytes(), false)
            .map_err(|e| library_error(&self.dir, e))?;
        self.reader.reload().map_err(err)?;
        Ok(report)
    }

    pub fn put(&mut self, batch: Vec<Source>) -> Result<AddReport, LibraryError> {
        self.write(|_, _| Ok(()), batch, false, None)
    }

    pub fn replace_all(&mut self, batch: Vec<Source>) -> Result<AddReport, LibraryError> {
        self.write(|_, _| Ok(()), batch, true, None)
    }

    pub fn remove(&mut self, path: &Path) -> Result<usize, LibraryError> {
        let source_field = self.fields.source;
        let mut removed = 0;
        self.write(
            |writer, manifest| {
                manifest.sources.retain(|s| {
                    let gone = s.path.starts_with(path);
                    if gone {
                        removed += s.entries;
                        writer.delete_term(Term::from_field_text(source_field, &path_key(&s.path)));
                    }
                    !gone
                });
                Ok(())
            },
            Vec::new(),
            false,
            None,
        )?;
        Ok(removed)
    }

    pub fn sources(&self) -> Result<Vec<SourceInfo>, LibraryError> {
        Ok(self.manifest()?.sources)
    }

    pub fn len(&self) -> usize {
        self.refresh();
        self.reader.searcher().num_docs() as usize
    }

    /// See what another process committed. The reload policy also does it, but on a file
    /// watcher's delay; a search right after `factmark library add` must see the add. A
    /// reload that fails leaves the segments already open, which are whole.
    fn refresh(&self) {
        let _ = self.reader.reload();
    }

    /// BM25 over the entries' terms; the best `k` entries with their scores.
    pub fn first_stage(
        &self,
        terms: &[String],
        k: usize,
    ) -> Result<Vec<(Entry, f32)>, LibraryError> {
        let mut unique: Vec<&str> = terms.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        let clauses: Vec<(Occur, Box<dyn Query>)> = unique
            .iter()
            .map(|t| {
                let term = Term::from_field_text(self.fields.terms, t);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect();
        if clauses.is_empty() || k == 0 {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        self.refresh();
        let searcher = self.reader.searcher();
        let damaged = |e: tantivy::TantivyError| {
            library_error(
                &self.dir,
                format!("could not be searched ({e}); run `factmark library rebuild`"),
            )
        };
        let top = searcher
            .search(&query, &TopDocs::with_limit(k).order_by_score())
            .map_err(damaged)?;
        let mut found = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(damaged)?;
            let Some(json) = doc.get_first(self.fields.entry).and_then(|v| v.as_str()) else {
                continue;
            };
            let entry: Entry = serde_json::from_str(json).map_err(|e| {
                library_error(
                    &self.dir,
                    format!("holds an unreadable entry ({e}); run `factmark library rebuild`"),
                )
            })?;
            found.push((entry, score));
        }
        Ok(found)
    }
}

/// The key a source's entries are deleted by.
fn path_key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn pre_tokenized(terms: Vec<String>) -> PreTokenizedString {
    let tokens = terms
        .into_iter()
        .filter(|t| !t.is_empty() && t.len() < 200)
        .enumerate()
        .map(|(position, text)| Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text,
            position_length: 1,
        })
        .collect();
    PreTokenizedString {
        text: String::new(),
        tokens,
    }
}

fn read_manifest_file(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
    serde_json::from_slice::<Manifest>(&bytes)
        .ok()
        .filter(|m| m.format == FORMAT)
}
