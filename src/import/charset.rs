//! Decoding a saved web page: a byte-order mark, else the charset the page declares in a
//! `<meta>` element, else UTF-8. Never a guess: bytes that are not valid in the encoding the
//! page names are an error, not mojibake.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use super::text::{DecodeError, decode_article_text, normalize_line_endings};

/// How far into the page a `<meta charset>` is looked for. The HTML standard's pre-scan
/// stops at 1024 bytes; saved pages often carry long inline styles or scripts before it, so
/// Factmark looks through the first megabyte (a declaration is still only honoured where it
/// is markup, not inside a comment).
const PRESCAN_BYTES: usize = 1024 * 1024;

/// Decode the bytes of an HTML file.
pub fn decode_html(bytes: &[u8]) -> Result<String, DecodeError> {
    // A byte-order mark wins over any declaration, as in browsers.
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return decode_article_text(bytes);
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let Some(label) = declared_charset(head).or_else(|| xml_declared_encoding(head)) else {
        return decode_article_text(bytes).map_err(|e| match e {
            DecodeError::InvalidUtf8 { byte, line } => {
                DecodeError::UndeclaredNotUtf8 { byte, line }
            }
            other => other,
        });
    };
    let Some(encoding) = Encoding::for_label(label.as_bytes()) else {
        return Err(DecodeError::UnknownCharset(label));
    };
    // What a browser does with these declarations (HTML standard, "prescan"): a page read
    // as ASCII-compatible bytes cannot really be UTF-16, and x-user-defined means
    // windows-1252.
    let encoding = match encoding.name() {
        "UTF-16LE" | "UTF-16BE" => UTF_8,
        "x-user-defined" => encoding_rs::WINDOWS_1252,
        "replacement" => return Err(DecodeError::UnsupportedCharset(label)),
        _ => encoding,
    };
    if encoding == UTF_8 {
        // Declared UTF-8 and is not: say which byte, not "save it as UTF-8".
        return decode_article_text(bytes).map_err(|e| match e {
            DecodeError::InvalidUtf8 { byte, .. } => DecodeError::InvalidInDeclaredCharset {
                charset: "UTF-8".to_string(),
                byte,
            },
            other => other,
        });
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => {}
        DecoderResult::Malformed(bad, _) => {
            let byte = read.saturating_sub(bad as usize);
            return Err(DecodeError::InvalidInDeclaredCharset {
                charset: encoding.name().to_string(),
                byte,
            });
        }
        // The buffer was sized for the worst case; should it still be short, say so
        // rather than return a truncated article.
        DecoderResult::OutputFull => {
            return Err(DecodeError::InvalidInDeclaredCharset {
                charset: encoding.name().to_string(),
                byte: read,
            });
        }
    }
    if let Some(at) = out.find('\0') {
        return Err(DecodeError::NulByte { byte: at });
    }
    Ok(normalize_line_endings(out))
}

/// The encoding an XHTML page names in its XML declaration, `<?xml version="1.0"
/// encoding="ISO-8859-1"?>` (honoured when no `<meta>` names one, as browsers do for XHTML).
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = find(rest, b"?>")?;
    let decl = std::str::from_utf8(&rest[5..end]).ok()?;
    let at = decl.find("encoding")? + "encoding".len();
    let value = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &value[1..];
    let label = &value[..value.find(quote)?];
    (!label.trim().is_empty()).then(|| label.trim().to_string())
}

/// The charset label a page declares in a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, found the way the HTML
/// standard's pre-scan finds it: tag by tag, skipping comments and other tags' attributes.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            at += 4 + find(&rest[4..], b"-->").map_or(rest.len(), |i| i + 3);
        } else if starts_with_ignore_case(rest, b"<meta")
            && rest
                .get(5)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            at += 5;
            let mut charset = None;
            let mut content_charset = None;
            let mut http_equiv_content_type = false;
            while let Some((name, value, next)) = attribute(bytes, at) {
                at = next;
                match name.as_str() {
                    "charset" if charset.is_none() => charset = Some(value),
                    "content" if content_charset.is_none() => {
                        content_charset = charset_from_content(&value)
                    }
                    "http-equiv" => {
                        http_equiv_content_type = value.eq_ignore_ascii_case("content-type")
                    }
                    _ => {}
                }
            }
            let found = charset.or(if http_equiv_content_type {
                content_charset
            } else {
                None
            });
            if let Some(label) = found {
                let label = label.trim().to_string();
                if !label.is_empty() {
                    return Some(label);
                }
            }
        } else if rest.first() == Some(&b'<')
            && rest.get(1).is_some_and(|b| b.is_ascii_alphabetic())
            || rest.starts_with(b"</") && rest.get(2).is_some_and(|b| b.is_ascii_alphabetic())
        {
            // Another tag: skip its name and attributes (a value may contain '>').
            at += 1;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                at += 1;
            }
            while let Some((_, _, next)) = attribute(bytes, at) {
                at = next;
            }
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            at += find(rest, b">").map_or(rest.len(), |i| i + 1);
        } else {
            at += 1;
        }
    }
    None
}

/// One attribute starting at `at` (after a tag name or a previous attribute): its lowercased
/// name, its value and where the next one starts; `None` at the end of the tag.
fn attribute(bytes: &[u8], mut at: usize) -> Option<(String, String, usize)> {
    while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
        at += 1;
    }
    if at >= bytes.len() || bytes[at] == b'>' {
        return None;
    }
    let mut name = Vec::new();
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'=' && !name.is_empty() {
            break;
        }
        if b.is_ascii_whitespace() || b == b'/' || b == b'>' {
            break;
        }
        name.push(b.to_ascii_lowercase());
        at += 1;
    }
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    let name = String::from_utf8_lossy(&name).into_owned();
    if bytes.get(at) != Some(&b'=') {
        return Some((name, String::new(), at));
    }
    at += 1;
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    let mut value = Vec::new();
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            at += 1;
            while at < bytes.len() && bytes[at] != quote {
                value.push(bytes[at]);
                at += 1;
            }
            at += 1;
        }
        _ => {
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                value.push(bytes[at]);
                at += 1;
            }
        }
    }
    Some((name, String::from_utf8_lossy(&value).into_owned(), at))
}

/// The charset in a `content="text/html; charset=…"` value.
fn charset_from_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("charset") {
        let after = lower[from + i + 7..].trim_start();
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let offset = content.len() - value.len();
            let value = &content[offset..];
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                _ => value
                    .split(|c: char| c.is_ascii_whitespace() || c == ';')
                    .next()
                    .unwrap_or(""),
            };
            return (!value.is_empty()).then(|| value.to_string());
        }
        from += i + 7;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declarations_as_markup_only() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"Shift_JIS\">"),
            Some("Shift_JIS".into())
        );
        assert_eq!(
            declared_charset(
                b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-1'>"
            ),
            Some("iso-8859-1".into())
        );
        // A content charset without http-equiv does not count; a comment is skipped; an
        // attribute value mentioning <meta> is not a tag.
        assert_eq!(
            declared_charset(b"<meta content='charset=koi8-r'><!-- <meta charset=big5> -->"),
            None
        );
        assert_eq!(
            declared_charset(b"<div title='<meta charset=big5>'></div><meta charset=utf-8>"),
            Some("utf-8".into())
        );
    }

    #[test]
    fn decodes_what_the_page_declares_and_nothing_else() {
        let latin1 = b"<meta charset=windows-1252><p>Caf\xe9 \x93quoted\x94</p>";
        assert!(decode_html(latin1).unwrap().contains("Café “quoted”"));
        let sjis = b"<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>";
        assert!(decode_html(sjis).unwrap().contains("日本"));
        // Undeclared and not UTF-8: an error, not a guess.
        assert_eq!(
            decode_html(b"<p>Caf\xe9</p>"),
            Err(DecodeError::UndeclaredNotUtf8 { byte: 6, line: 1 })
        );
        // Declared, but the bytes do not fit.
        assert!(matches!(
            decode_html(b"<meta charset=shift_jis><p>\x82</p>"),
            Err(DecodeError::InvalidInDeclaredCharset { .. })
        ));
        assert_eq!(
            decode_html(b"<meta charset=klingon><p>x</p>"),
            Err(DecodeError::UnknownCharset("klingon".into()))
        );
        // A BOM wins over the declaration.
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        utf16.extend(
            "<meta charset=windows-1252><p>é</p>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert!(decode_html(&utf16).unwrap().contains("<p>é</p>"));
    }
}
