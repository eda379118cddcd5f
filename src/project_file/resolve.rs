//! Deciding a conflict a merge recorded (see [`crate::model::Conflict`]): keep mine (the
//! project already holds it), take theirs, or put an edited value in. The result is one
//! undoable [`Edit`]: the field change and the removal of the conflict record together
//! ([`Edit::Batch`] of the change and an [`Edit::SetConflicts`]), so undo brings both back.
//!
//! Values are in the project file's JSON form, so a conflict's field is set on the
//! annotation as [`annotation_to_value`] writes it and read back with
//! [`annotation_from_json`], which checks it as the reader would:
//! - `annotation`: one side deleted it; `null` deletes it, an object puts it back;
//! - `kind`: through [`Project::edit_set_kind`] (a claim that stops being one loses its
//!   verdict and links, as when the user changes it);
//! - `span` (an object with `start` and `end`), `start`, `end`: placed with
//!   [`Project::edit_set_span`], so the quote and context follow the text;
//! - `article.text`: their text, with every annotation re-anchored onto it
//!   ([`update_article_text`]);
//! - `article.title`, `article.url`… (the article's details);
//! - any other field of an annotation, or a dotted path into one (`review.state`).

use serde_json::Value;

use super::{annotation_from_json, annotation_to_value};
use crate::model::{Edit, Kind, Project};
use crate::reanchor::update_article_text;

/// How a conflict is decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// Keep the value the project holds ("ours").
    Mine,
    /// Take their value.
    Theirs,
    /// Put this value in (JSON, as the project file has it).
    Value(Value),
}

/// The edit that decides conflict number `index` of the project, or why it cannot be made
/// (the project is unchanged: nothing is applied here).
pub fn resolve_conflict(
    project: &Project,
    index: usize,
    how: &Resolution,
    now: &str,
) -> Result<Edit, String> {
    let conflicts = project.conflicts();
    let conflict = conflicts
        .get(index)
        .ok_or_else(|| format!("there is no conflict {}", index + 1))?;
    let mut after = conflicts.to_vec();
    after.remove(index);
    let forget = Edit::SetConflicts {
        before: conflicts.to_vec(),
        after,
    };
    let value = match how {
        Resolution::Mine => return Ok(forget),
        Resolution::Theirs => conflict.theirs.clone(),
        Resolution::Value(v) => v.clone(),
    };
    let field = conflict.field.as_str();
    let change = match (conflict.annotation.as_deref(), field) {
        (Some(id), "annotation") => annotation_presence(project, id, &value, now)?,
        (Some(id), _) => annotation_field(project, id, field, value, now)?,
        (None, "article.text") => {
            let Value::String(text) = value else {
                return Err("their article text is not a string".to_string());
            };
            let metadata = project.article().metadata.clone();
            Some(update_article_text(project, &text, metadata, now).edit)
        }
        (None, field) => Some(article_field(project, field, value)?),
    };
    Ok(match change {
        Some(change) => Edit::Batch(vec![change, forget]),
        None => forget,
    })
}

/// `null`: the annotation is deleted (if it is here); an annotation object: it is here, as
/// that object says.
fn annotation_presence(
    project: &Project,
    id: &str,
    value: &Value,
    now: &str,
) -> Result<Option<Edit>, String> {
    if value.is_null() {
        return Ok(project.edit_remove(id, now));
    }
    let annotation = annotation_from_json(value).map_err(|problems| {
        let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
        format!("their version of the annotation cannot be read: {first}")
    })?;
    if annotation.id != id {
        return Err(format!(
            "their version is of another annotation ({:?})",
            annotation.id
        ));
    }
    Ok(Some(match project.find(id) {
        Some(before) if *before == annotation => return Ok(None),
        Some(before) => Edit::Replace {
            before: Box::new(before.clone()),
            after: Box::new(annotation),
        },
        None => Edit::Add(annotation),
    }))
}

fn annotation_field(
    project: &Project,
    id: &str,
    field: &str,
    value: Value,
    now: &str,
) -> Result<Option<Edit>, String> {
    let before = project
        .find(id)
        .ok_or_else(|| format!("the annotation {id:?} is no longer in the project"))?;
    let offset = |v: Option<&Value>| v.and_then(Value::as_u64).map(|n| n as usize);
    match field {
        "kind" => {
            let kind = value
                .as_str()
                .and_then(Kind::parse)
                .ok_or_else(|| format!("{value} is not a kind"))?;
            return Ok(project.edit_set_kind(id, kind, now));
        }
        "span" | "start" | "end" => {
            let (start, end) = match field {
                "span" => (offset(value.get("start")), offset(value.get("end"))),
                "start" => (offset(Some(&value)), Some(before.end)),
                _ => (Some(before.start), offset(Some(&value))),
            };
            let (Some(start), Some(end)) = (start, end) else {
                return Err(format!("{value} is not a place in the text"));
            };
            if start == before.start && end == before.end {
                return Ok(None);
            }
            return project
                .edit_set_span(id, start..end, now)
                .map(Some)
                .map_err(|e| e.to_string());
        }
        _ => {}
    }
    let mut json = annotation_to_value(before);
    set_path(&mut json, field, value);
    let mut after = annotation_from_json(&json).map_err(|problems| {
        let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
        format!("that value of `{field}` cannot be used: {first}")
    })?;
    if after == *before {
        return Ok(None);
    }
    after.modified = now.to_string();
    Ok(Some(Edit::Replace {
        before: Box::new(before.clone()),
        after: Box::new(after),
    }))
}

/// Set `path` (`note`, `review.state`) in a JSON object, making the objects on the way.
fn set_path(json: &mut Value, path: &str, value: Value) {
    let mut at = json;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if !at.is_object() {
            *at = Value::Object(serde_json::Map::new());
        }
        let map = at.as_object_mut().expect("made an object");
        if parts.peek().is_none() {
            map.insert(part.to_string(), value);
            return;
        }
        at = map.entry(part.to_string()).or_insert(Value::Null);
    }
}

/// The article's details (`article.title`, `article.url`…).
fn article_field(project: &Project, field: &str, value: Value) -> Result<Edit, String> {
    let before = project.article().metadata.clone();
    let mut after = before.clone();
    let text = match &value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => return Err(format!("{other} is not text")),
    };
    match field {
        "article.title" => after.title = text.unwrap_or_default(),
        "article.url" => after.url = text,
        "article.outlet" => after.outlet = text,
        "article.author" => after.author = text,
        "article.published" => after.published = text,
        "article.retrieved" => after.retrieved = text,
        "article.language" => after.language = text,
        other => {
            return Err(format!(
                "Factmark cannot take theirs for `{other}`; keep mine and edit it"
            ));
        }
    }
    Ok(Edit::SetMetadata { before, after })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleMetadata, ArticleText, Conflict, Verdict};
    use serde_json::json;

    fn project() -> (Project, String) {
        let mut p = Project::new(
            Article::new(
                ArticleMetadata::default(),
                ArticleText::new("Taxes fell by half this year.".into()),
            ),
            "2026-11-26T09:00:00Z",
        );
        let a = p
            .make_annotation(Kind::Claim, 0..18, None, "2026-11-26T09:00:00Z")
            .unwrap();
        let id = a.id.clone();
        p.apply(&Edit::Add(a)).unwrap();
        let conflict = |field: &str, ours: Value, theirs: Value| Conflict {
            annotation: Some(id.clone()),
            field: field.into(),
            base: None,
            ours,
            theirs,
            extra: Default::default(),
        };
        let conflicts = vec![
            conflict("verdict", json!(null), json!("false")),
            conflict("review.state", json!("draft"), json!("approved")),
            conflict(
                "span",
                json!({"start": 0, "end": 18}),
                json!({"start": 0, "end": 5}),
            ),
        ];
        p.apply(&Edit::SetConflicts {
            before: Vec::new(),
            after: conflicts,
        })
        .unwrap();
        (p, id)
    }

    #[test]
    fn theirs_is_taken_and_undo_brings_the_conflict_back() {
        let (mut p, id) = project();
        let edit = resolve_conflict(&p, 0, &Resolution::Theirs, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&edit).unwrap();
        assert_eq!(p.find(&id).unwrap().verdict, Some(Verdict::False));
        assert_eq!(p.conflicts().len(), 2);
        let edit = resolve_conflict(&p, 0, &Resolution::Theirs, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&edit).unwrap();
        assert_eq!(
            p.find(&id).unwrap().record.review.state,
            crate::model::ReviewState::Approved
        );
        let edit = resolve_conflict(&p, 0, &Resolution::Theirs, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&edit).unwrap();
        assert_eq!(p.find(&id).unwrap().quote, "Taxes");
        assert!(p.conflicts().is_empty());
        // Mine changes nothing but the record.
        let (mut q, id2) = project();
        let before = q.conflicts().to_vec();
        let edit = resolve_conflict(&q, 0, &Resolution::Mine, "2026-11-27T00:00:00Z").unwrap();
        q.apply(&edit).unwrap();
        assert_eq!(q.find(&id2).unwrap().verdict, None);
        assert_eq!(q.conflicts().len(), 2);
        q.apply(&edit.inverse()).unwrap();
        assert_eq!(q.conflicts(), before);
    }

    #[test]
    fn their_text_reanchors_and_their_deleted_annotation_comes_back() {
        let (mut p, id) = project();
        let ours = annotation_to_value(p.find(&id).unwrap());
        let remove = p.edit_remove(&id, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&remove).unwrap();
        let conflicts = vec![
            Conflict {
                annotation: None,
                field: "article.text".into(),
                base: None,
                ours: json!("Taxes fell by half this year."),
                theirs: json!("This year, taxes fell by half."),
                extra: Default::default(),
            },
            Conflict {
                annotation: Some(id.clone()),
                field: "annotation".into(),
                base: Some(ours.clone()),
                ours: Value::Null,
                theirs: ours,
                extra: Default::default(),
            },
        ];
        p.apply(&Edit::SetConflicts {
            before: p.conflicts().to_vec(),
            after: conflicts,
        })
        .unwrap();
        // Their annotation back first (it is on the text it was made on), then their text.
        let keep = resolve_conflict(&p, 1, &Resolution::Theirs, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&keep).unwrap();
        assert_eq!(p.find(&id).unwrap().quote, "Taxes fell by half");
        let text = resolve_conflict(&p, 0, &Resolution::Theirs, "2026-11-27T00:00:00Z").unwrap();
        p.apply(&text).unwrap();
        assert_eq!(p.article().text.as_str(), "This year, taxes fell by half.");
        let a = p.find(&id).expect("re-anchored, never dropped");
        assert!(
            a.quote.eq_ignore_ascii_case("taxes fell by half"),
            "{}",
            a.quote
        );
        assert!(p.conflicts().is_empty());
        p.apply(&text.inverse()).unwrap();
        assert_eq!(p.article().text.as_str(), "Taxes fell by half this year.");
        assert_eq!(p.conflicts().len(), 1);
    }

    #[test]
    fn a_value_that_breaks_a_rule_is_refused() {
        let (p, _) = project();
        let bad = Resolution::Value(json!("very wrong"));
        assert!(resolve_conflict(&p, 0, &bad, "2026-11-27T00:00:00Z").is_err());
        assert!(resolve_conflict(&p, 9, &Resolution::Mine, "2026-11-27T00:00:00Z").is_err());
    }
}
