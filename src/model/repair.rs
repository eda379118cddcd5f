//! Annotations that broke a rule when the file was read, set aside so the rest of the
//! project opens, and kept exactly as they were written until someone repairs them.

use serde_json::Value;

use super::validate::Problem;

/// One annotation that could not be read as it is: its JSON object, untouched, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RepairItem {
    /// The annotation exactly as read (written back unchanged when saved); usually an
    /// object, but whatever the file had.
    pub raw: Value,
    /// What is wrong with it (derived when read; not saved).
    pub problems: Vec<Problem>,
}

impl RepairItem {
    /// Its id, when it has a usable one.
    pub fn id(&self) -> Option<&str> {
        self.raw
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty())
    }

    /// A field's raw value as text, for showing.
    pub fn field_text(&self, field: &str) -> Option<String> {
        self.raw.get(field).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}
