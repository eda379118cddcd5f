//! The article/annotation model. No egui here: the command line, the tests and the
//! benchmarks use it without a window.

pub mod annotation;
pub mod article;
pub mod edit;
pub mod history;
pub mod project;
pub mod revision;
pub mod text;
pub mod timestamp;
pub mod validate;

pub use annotation::{Anchor, AnchorStatus, Annotation, CONTEXT_CHARS, Kind, PriorPlace, Verdict};
pub use article::{Article, ArticleMetadata};
pub use edit::{Edit, EditError};
pub use history::History;
pub use project::{ArticleState, KindCounts, Project};
pub use revision::Revision;
pub use text::{ArticleText, Paragraph};
pub use validate::Problem;
