//! The article/annotation model. No egui here: the command line, the tests and the
//! benchmarks use it without a window.

pub mod annotation;
pub mod article;
pub mod claim;
pub mod conflict;
pub mod dismissed;
pub mod edit;
pub mod history;
pub mod project;
pub mod repair;
pub mod revision;
pub mod text;
pub mod timestamp;
pub mod validate;

pub use annotation::{Anchor, AnchorStatus, Annotation, CONTEXT_CHARS, Kind, PriorPlace, Verdict};
pub use article::{Article, ArticleMetadata, Location};
pub use claim::{
    ClaimRecord, Claimant, ClaimantKind, FirstSaid, Reference, Review, ReviewState, Tally, Vote,
};
pub use conflict::Conflict;
pub use dismissed::DismissedSuggestion;
pub use edit::{Edit, EditError};
pub use history::History;
pub use project::{ArticleState, KindCounts, Project};
pub use repair::RepairItem;
pub use revision::Revision;
pub use text::{ArticleText, Paragraph};
pub use validate::Problem;
