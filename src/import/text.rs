//! Plain-text articles: decoding and line-ending normalization.

use std::fmt;

/// Why bytes could not be read as article text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not UTF-8 and no byte-order mark says otherwise.
    InvalidUtf8 { byte: usize, line: usize },
    /// Not UTF-8, and NUL bytes at every other position: UTF-16 without a byte-order mark.
    Utf16WithoutBom,
    /// A UTF-16 text (by its BOM) with an odd number of bytes.
    TruncatedUtf16,
    /// A UTF-16 text with a surrogate that has no partner.
    UnpairedSurrogate { byte: usize },
    /// NUL bytes: a binary file, or UTF-16 without a byte-order mark.
    NulByte { byte: usize },
    /// A web page that is not UTF-8 and declares no other charset.
    UndeclaredNotUtf8 { byte: usize, line: usize },
    /// A web page whose bytes are not valid in the charset it declares.
    InvalidInDeclaredCharset { charset: String, byte: usize },
    /// A web page declaring a charset no browser knows.
    UnknownCharset(String),
    /// A web page declaring a charset browsers refuse to decode (e.g. ISO-2022-KR).
    UnsupportedCharset(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { byte, line } => write!(
                f,
                "is not valid UTF-8 (line {line}, byte {byte}); save it as UTF-8 or UTF-16 with a byte-order mark"
            ),
            DecodeError::Utf16WithoutBom => write!(
                f,
                "looks like UTF-16 without a byte-order mark (every other byte is NUL); save it \
                 as UTF-8, or as UTF-16 with a byte-order mark (\"Unicode\" in Windows tools)"
            ),
            DecodeError::TruncatedUtf16 => {
                write!(
                    f,
                    "is marked as UTF-16 but has an odd number of bytes (truncated?)"
                )
            }
            DecodeError::UnpairedSurrogate { byte } => {
                write!(
                    f,
                    "is marked as UTF-16 but has an unpaired surrogate at byte {byte}"
                )
            }
            DecodeError::NulByte { byte } => write!(
                f,
                "has a NUL byte at byte {byte}: it looks like a binary file, or UTF-16 without a byte-order mark"
            ),
            DecodeError::UndeclaredNotUtf8 { byte, line } => write!(
                f,
                "is not valid UTF-8 (line {line}, byte {byte}) and the page declares no other \
                 charset (<meta charset>); save the page as UTF-8"
            ),
            DecodeError::InvalidInDeclaredCharset { charset, byte } => write!(
                f,
                "is not valid {charset}, the charset the page declares, at byte {byte}"
            ),
            DecodeError::UnknownCharset(label) => {
                write!(f, "declares an unknown charset {label:?}")
            }
            DecodeError::UnsupportedCharset(label) => write!(
                f,
                "declares the charset {label:?}, which browsers refuse to decode; save the page as UTF-8"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decode article bytes: UTF-8 (an optional BOM is dropped) or UTF-16 LE/BE with a BOM.
/// Line endings become `\n`; nothing else changes. Never guesses a legacy encoding: text
/// that is not what it claims to be is an error, not mojibake.
pub fn decode_article_text(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode_utf8(rest, 3)?,
        [0xFF, 0xFE, rest @ ..] => decode_utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => decode_utf16(rest, u16::from_be_bytes)?,
        _ => decode_utf8(bytes, 0)?,
    };
    if let Some(at) = text.find('\0') {
        return Err(DecodeError::NulByte { byte: at });
    }
    Ok(normalize_line_endings(text))
}

fn decode_utf8(bytes: &[u8], bom_len: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) if looks_like_utf16_without_bom(bytes) => Err(DecodeError::Utf16WithoutBom),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
            Err(DecodeError::InvalidUtf8 {
                byte: bom_len + valid,
                line,
            })
        }
    }
}

/// Text in UTF-16 without a BOM: in its first kilobyte, most even (LE: odd) bytes are NUL,
/// as Latin, Cyrillic, Greek… letters all have a zero high byte.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    nul_at(0).max(nul_at(1)) * 10 >= pairs * 7
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::TruncatedUtf16);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut out = String::with_capacity(bytes.len());
    let mut offset = 2; // after the BOM
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(ch) => {
                offset += ch.len_utf16() * 2;
                out.push(ch);
            }
            Err(_) => return Err(DecodeError::UnpairedSurrogate { byte: offset }),
        }
    }
    Ok(out)
}

/// `\r\n` and lone `\r` become `\n`. Returns the input untouched when it has no `\r`.
pub fn normalize_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_normalized_and_nothing_else() {
        assert_eq!(
            decode_article_text(b"a\r\nb\rc\n\r\nd  \t").unwrap(),
            "a\nb\nc\n\nd  \t"
        );
        assert_eq!(decode_article_text(b"").unwrap(), "");
    }

    #[test]
    fn boms_are_honoured() {
        assert_eq!(
            decode_article_text(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap(),
            "café"
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é🙂\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_article_text(&le).unwrap(), "é🙂\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("日本".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_article_text(&be).unwrap(), "日本");
    }

    #[test]
    fn bad_bytes_are_errors_not_replacement_characters() {
        assert_eq!(
            decode_article_text(b"ok\nbad \xE9 latin-1"),
            Err(DecodeError::InvalidUtf8 { byte: 7, line: 2 })
        );
        assert_eq!(
            decode_article_text(b"\xFF\xFEa"),
            Err(DecodeError::TruncatedUtf16)
        );
        assert_eq!(
            decode_article_text(b"\xFF\xFE\x00\xD8a\x00"),
            Err(DecodeError::UnpairedSurrogate { byte: 2 })
        );
        assert_eq!(
            decode_article_text(b"a\0b"),
            Err(DecodeError::NulByte { byte: 1 })
        );
    }
}
