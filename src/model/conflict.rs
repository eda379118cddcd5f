//! What a three-way merge could not decide, kept in the project until a person does.

use serde_json::{Map, Value};

/// One unresolved difference between two checkers' versions of a project. The project
/// holds "ours" (the version merged into); the record keeps "theirs" and the common base,
/// so nothing either side wrote is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The annotation it is about, or `None` for the article.
    pub annotation: Option<String>,
    /// The field as named in the project file (`verdict`, `note`, `article.text`), or
    /// `annotation` when one side deleted the annotation and the other edited it.
    pub field: String,
    /// The value in the common base (`None`: the base did not have it).
    pub base: Option<Value>,
    /// Our value, as it was when the merge was made (`null`: deleted on our side).
    pub ours: Value,
    /// Their value (`null`: deleted on their side).
    pub theirs: Value,
    pub extra: Map<String, Value>,
}

impl Conflict {
    /// "annotation \"c3\", field `verdict`" or "field `article.text`".
    pub fn describe(&self) -> String {
        match &self.annotation {
            Some(id) => format!("annotation {id:?}, field `{}`", self.field),
            None => format!("field `{}`", self.field),
        }
    }
}
