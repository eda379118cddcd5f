//! JSON-LD metadata (`<script type="application/ld+json">`), parsed as data only.

use scraper::Html;
use serde_json::Value;

use super::metadata::one_line;

/// The JSON-LD object describing the article, if the page has one. Only parsed as data.
pub(super) fn json_ld_article(doc: &Html) -> Option<Value> {
    // schema.org's Article and the subtypes news sites use.
    const ARTICLE_TYPES: &[&str] = &[
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "TechArticle",
    ];
    let mut found = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if el.name() != "script"
            || !el
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        {
            continue;
        }
        let json: String = node
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        let parsed = serde_json::from_str::<Value>(&json)
            .or_else(|_| serde_json::from_str::<Value>(&repair_json(&json)));
        if let Ok(value) = parsed {
            collect_typed(&value, ARTICLE_TYPES, &mut found, 0);
        }
    }
    found.into_iter().next()
}

/// JSON-LD as sites write it, made strict: the two faults browsers' consumers forgive most
/// often, raw line breaks or tabs inside a string and a comma before a closing bracket,
/// are repaired. Anything else stays as it was (and fails to parse).
pub(super) fn repair_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    for (at, ch) in json.char_indices() {
        if in_string {
            match ch {
                _ if escaped => {
                    escaped = false;
                    out.push(ch);
                }
                '\\' => {
                    escaped = true;
                    out.push(ch);
                }
                '"' => {
                    in_string = false;
                    out.push(ch);
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
            continue;
        }
        match ch {
            '"' => {
                in_string = true;
                out.push(ch);
            }
            ',' => {
                let next = json[at + 1..].trim_start().chars().next();
                if !matches!(next, Some('}' | ']')) {
                    out.push(ch);
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub(super) fn collect_typed(value: &Value, types: &[&str], out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_typed(item, types, out, depth + 1);
            }
        }
        Value::Object(map) => {
            let typed = match map.get("@type") {
                Some(Value::String(t)) => types.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
                _ => false,
            };
            if typed {
                out.push(value.clone());
            }
            if let Some(graph) = map.get("@graph") {
                collect_typed(graph, types, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD author is an organization (or a list of only organizations).
pub(super) fn ld_is_organization(value: &Value) -> bool {
    match value {
        Value::Object(map) => match map.get("@type") {
            Some(Value::String(t)) => t.ends_with("Organization"),
            Some(Value::Array(ts)) => ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| t.ends_with("Organization"))),
            _ => false,
        },
        Value::Array(items) => !items.is_empty() && items.iter().all(ld_is_organization),
        _ => false,
    }
}

/// A JSON-LD value as text: a string, an object's `name`, or a list of those.
pub(super) fn ld_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(one_line(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(ld_text),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(ld_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slightly_broken_json_ld_is_repaired() {
        let broken = "{\"a\": \"line one\n\tline two\", \"b\": [1, 2,], \"c\": \"x, }\",\n}";
        let value: Value = serde_json::from_str(&repair_json(broken)).unwrap();
        assert_eq!(value["a"], "line one\n\tline two");
        assert_eq!(value["b"], serde_json::json!([1, 2]));
        assert_eq!(value["c"], "x, }");
        // Escaped quotes and backslashes inside strings are left alone.
        let quoted = r#"{"q": "say \"hi\", \\", }"#;
        let value: Value = serde_json::from_str(&repair_json(quoted)).unwrap();
        assert_eq!(value["q"], "say \"hi\", \\");
        // Nothing else is guessed at, and nothing panics.
        for bad in ["{", "\"", "{\"a\": tru}", ",", "\\", "\"\\"] {
            let _ = serde_json::from_str::<Value>(&repair_json(bad));
        }
    }
}
