//! The text analyzer shared by the index and the query: the terms a claim is found by.
//!
//! One pass over the text (linear time):
//! - whitespace-separated chunks that are URLs (`https://…`, `www.…`, `bit.ly/…`), @handles
//!   and thread numbering (`1/5`) are dropped; a #hashtag is split at CamelCase and digits
//!   (`#VaccinesKill` → vaccines kill, `#COVID19` → covid 19);
//! - the rest is cut into words by Unicode word boundaries (UAX #29), lower-cased, with the
//!   common Latin diacritics folded (Chávez → chavez); emoji and symbols go;
//! - numbers are normalised: `1,000`, `1000`, `1k` and `one thousand` are all `1000`;
//!   `18%`, `18 percent` and `eighteen per cent` are `18 percent`; `$5bn` and `5 billion
//!   dollars` are `5000000000 dollar`; `94,8` is `94.8`; ordinals lose their suffix;
//! - a few spellings and slang forms are made one (`vax`, `jab` → vaccine; `coronavirus` →
//!   covid; `U.S.`, `USA`, `United States` → usa; `n't` → not);
//! - English text is stemmed with the Porter stemmer ([`porter`]); text whose function words
//!   are mostly of another language is not stemmed (its words are still lower-cased and
//!   folded); Chinese and Japanese runs become character bigrams;
//! - stop words are dropped. The list below was written for Factmark (function words of
//!   English and of a few other Latin-script languages), under this crate's licence.

#[path = "matching/porter.rs"]
pub mod porter;

use unicode_segmentation::UnicodeSegmentation;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// A quantity: a stand-alone number (normalised).
    Number,
    /// A number that is part of a name (`COVID-19`, `G7`): not a quantity.
    Label,
    /// A unit after a number (`percent`, `dollar`, `km`…).
    Unit,
}

/// One analysed token. Stop words are kept here (flagged) for the re-ranker.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub term: String,
    pub kind: Kind,
    /// Written with a capital and not at the start of a sentence, not in a hashtag.
    pub capitalized: bool,
    pub stop: bool,
    /// A negation (`not`, `never`, `no`, `n't`, …).
    pub negation: bool,
}

/// The index and query terms of `text`, in text order (duplicates kept).
pub fn terms(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.term)
        .collect()
}

const STOP: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "during", "each", "even", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "just", "may", "me", "might", "more", "most", "must", "my", "now", "of", "off",
    "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "shall",
    "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your", "yours", "u", "ur", "im", "lol", "pls", "omg", "rt", "via",
    "breaking", "amp", "yes", "ok", "get", "got", "let", "s", "t", "d", "ll", "re", "ve", "m",
];

/// Function words of other languages: stop words, and the sign that text is not English.
const OTHER_STOP: &[&str] = &[
    "el", "la", "los", "las", "del", "que", "por", "para", "con", "una", "uno", "es", "en", "y",
    "se", "su", "al", "lo", "como", "pero", "le", "les", "des", "du", "et", "est", "une", "dans",
    "pour", "pas", "sur", "qui", "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit",
    "von", "zu", "den", "dem", "auf", "het", "een", "niet", "van", "não", "nao", "um", "os", "da",
    "do", "em", "il", "di", "che", "non", "della", "de",
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
    "refused", "refuse", "refuses", "refusing", "nope",
];

fn is_stop(term: &str) -> bool {
    STOP.contains(&term) || NEGATIONS.contains(&term)
}

/// Slang and spelling variants made one before stemming.
fn canonical(word: &str) -> &str {
    match word {
        "vax" | "vaxx" | "vaxxed" | "vaxed" | "vaxxes" | "jab" | "jabs" | "jabbed"
        | "vaccinated" | "vaccination" | "vaccinations" => "vaccine",
        "unvaxxed" | "unvaxed" | "unjabbed" => "unvaccinated",
        "coronavirus" | "corona" | "rona" | "covid19" | "sarscov2" => "covid",
        "usa" | "america" => "usa",
        "britain" => "uk",
        "govt" | "gov" => "government",
        "admin" => "administration",
        "dept" => "department",
        "potus" | "prez" => "president",
        "ppl" => "people",
        "kid" | "kids" | "child" | "children" => "child",
        "die" | "dies" | "died" | "dying" | "dead" | "death" | "deaths" => "die",
        "bucks" | "usd" | "dollars" => "dollar",
        "euros" | "eur" => "euro",
        "gbp" | "quid" | "pounds" => "pound",
        "rupees" | "inr" => "rupee",
        "pct" => "percent",
        "kilometres" | "kilometers" | "kilometre" | "kilometer" | "kms" => "km",
        "kilograms" | "kilogram" | "kilos" | "kilo" | "kgs" => "kg",
        "miles" => "mile",
        "degrees" => "degree",
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" | "sept" => "september",
        "oct" => "october",
        "nov" => "november",
        "dec" => "december",
        "&" => "and",
        _ => word,
    }
}

fn unit_word(word: &str) -> bool {
    matches!(
        word,
        "percent" | "dollar" | "euro" | "pound" | "rupee" | "km" | "kg" | "mile" | "degree" | "mph"
    )
}

fn magnitude(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" | "k" | "grand" => 1e3,
        "million" | "mn" | "mil" | "m" | "mln" => 1e6,
        "billion" | "bn" | "b" | "bln" => 1e9,
        "trillion" | "tn" | "t" | "tr" => 1e12,
        _ => return None,
    })
}

fn number_word(word: &str) -> Option<f64> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = SMALL.iter().position(|w| *w == word) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|w| *w == word)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

/// `1,000` → 1000, `94,8` → 94.8, `2.5` → 2.5.
fn parse_number(digits: &str) -> Option<f64> {
    let digits = digits.trim_end_matches([',', '.']);
    let groups: Vec<&str> = digits.split(',').collect();
    let plain = if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3 || g.contains('.')) {
        digits.replace(',', "")
    } else if groups.len() == 2 {
        digits.replace(',', ".")
    } else {
        digits.replace(',', "")
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn format_number(v: f64) -> String {
    if v >= 1000.0 || (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i128)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ť' | 'ţ' => 't',
        'ď' => 'd',
        '’' | 'ʼ' | '‘' => '\'',
        _ => c,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// A piece before numbers are put together.
#[derive(Debug)]
enum Raw {
    Word {
        w: String,
        cap: bool,
    },
    Num {
        v: f64,
        label: bool,
    },
    Currency(&'static str),
    Percent,
    /// A sentence or clause break.
    Break,
}

fn is_url(chunk: &str) -> bool {
    let c = chunk.to_ascii_lowercase();
    if c.starts_with("http://") || c.starts_with("https://") || c.starts_with("www.") {
        return true;
    }
    if c.contains("://") {
        return true;
    }
    // A bare domain with a path: bit.ly/x, cdc.gov/nchs, pic.twitter.com/abc.
    let host = c.split('/').next().unwrap_or("");
    let has_path = c.len() > host.len();
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|ch| ch.is_ascii_alphabetic()))
        && (has_path
            || matches!(
                *labels.last().unwrap_or(&""),
                "com" | "org" | "net" | "gov" | "ly" | "co" | "io" | "uk"
            ))
        && labels[0].len() > 1
}

fn is_thread_number(chunk: &str) -> bool {
    let c = chunk.trim_matches(|ch: char| matches!(ch, '(' | ')' | '[' | ']' | '.' | ':'));
    match c.split_once('/') {
        Some((a, b)) => {
            !a.is_empty()
                && a.len() <= 2
                && b.len() <= 2
                && a.chars().all(|ch| ch.is_ascii_digit())
                && b.chars().all(|ch| ch.is_ascii_digit())
        }
        None => false,
    }
}

/// Split a hashtag body at CamelCase and letter/digit changes.
fn split_hashtag(body: &str) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    for i in 0..chars.len() {
        let c = chars[i];
        if i > 0 {
            let p = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (p.is_lowercase() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next_lower)
                || (p.is_alphabetic() && c.is_numeric())
                || (p.is_numeric() && c.is_alphabetic() && {
                    // Letters up to the next CamelCase word: "5G" in #5GKills stays one
                    // term (as "5G" in running text), "2020" in #2020Election splits.
                    let mut run = 0;
                    for j in i..chars.len() {
                        let x = chars[j];
                        let word_starts = j > i
                            && x.is_uppercase()
                            && chars.get(j + 1).is_some_and(|n| n.is_lowercase());
                        if !x.is_alphabetic() || word_starts {
                            break;
                        }
                        run += 1;
                    }
                    run >= 3
                });
            if boundary && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// A word segment (letters, maybe digits and inner punctuation) into raw pieces.
fn push_word(seg: &str, cap_ok: bool, raws: &mut Vec<Raw>) {
    let first = seg.chars().next().unwrap_or(' ');
    let folded: String = seg
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .filter(|c| *c != '.')
        .collect();
    if first.is_ascii_digit() {
        let num_len = folded
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(folded.len());
        let digits_raw: String = seg
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let suffix = &folded[num_len..];
        let Some(v) = parse_number(&digits_raw) else {
            raws.push(Raw::Word {
                w: folded,
                cap: false,
            });
            return;
        };
        if suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th" | "s") {
            raws.push(Raw::Num { v, label: false });
        } else if let Some(m) = magnitude(suffix) {
            raws.push(Raw::Num {
                v: v * m,
                label: false,
            });
        } else if unit_word(canonical(suffix)) || suffix == "mph" {
            raws.push(Raw::Num { v, label: false });
            raws.push(Raw::Word {
                w: canonical(suffix).to_string(),
                cap: false,
            });
        } else {
            raws.push(Raw::Word {
                w: folded,
                cap: false,
            });
        }
        return;
    }
    // Letters then digits (covid19, g7): a word and a label number.
    if let Some(pos) = folded.find(|c: char| c.is_ascii_digit())
        && folded[pos..].chars().all(|c| c.is_ascii_digit())
        && pos > 0
    {
        let word = folded[..pos].to_string();
        raws.push(Raw::Word {
            w: word,
            cap: false,
        });
        if let Ok(v) = folded[pos..].parse::<f64>() {
            raws.push(Raw::Num { v, label: true });
        }
        return;
    }
    let cap = cap_ok && first.is_uppercase();
    let mut w = folded;
    if let Some(base) = w.strip_suffix("n't") {
        let base = match base {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            "ai" => "is",
            b => b,
        }
        .to_string();
        raws.push(Raw::Word { w: base, cap });
        raws.push(Raw::Word {
            w: "not".into(),
            cap: false,
        });
        return;
    }
    if let Some((base, _)) = w.split_once('\'') {
        w = base.to_string();
    }
    if seg == "US" || seg == "U.S" || seg == "U.S." {
        w = "usa".into();
    }
    if !w.is_empty() {
        raws.push(Raw::Word { w, cap });
    }
}

fn raw_pieces(text: &str) -> Vec<Raw> {
    let mut raws = Vec::new();
    for line in text.split('\n') {
        raws.push(Raw::Break);
        for chunk in line.split_whitespace() {
            let trimmed = chunk.trim_end_matches(|c: char| ".,;:!?)\"'»”".contains(c));
            if trimmed.starts_with('@') || is_url(trimmed) || is_thread_number(chunk) {
                if chunk.ends_with(['.', '!', '?', ':']) {
                    raws.push(Raw::Break);
                }
                continue;
            }
            if let Some(body) = trimmed.strip_prefix('#') {
                let body: String = body.chars().take_while(|c| c.is_alphanumeric()).collect();
                for part in split_hashtag(&body) {
                    push_word(&part, false, &mut raws);
                }
                continue;
            }
            for seg in chunk.split_word_bounds() {
                let first = seg.chars().next().unwrap_or(' ');
                if first.is_alphanumeric() {
                    if is_cjk(first) {
                        raws.push(Raw::Word {
                            w: seg.to_string(),
                            cap: false,
                        });
                    } else {
                        let cap_ok = !matches!(raws.last(), Some(Raw::Break) | None);
                        push_word(seg, cap_ok, &mut raws);
                    }
                } else {
                    match seg {
                        "$" => raws.push(Raw::Currency("dollar")),
                        "£" => raws.push(Raw::Currency("pound")),
                        "€" => raws.push(Raw::Currency("euro")),
                        "₹" => raws.push(Raw::Currency("rupee")),
                        "%" => raws.push(Raw::Percent),
                        "." | "!" | "?" | ":" | ";" | "…" => raws.push(Raw::Break),
                        "&" => raws.push(Raw::Word {
                            w: "and".into(),
                            cap: false,
                        }),
                        _ => {}
                    }
                }
            }
        }
    }
    raws
}

/// All tokens of `text`, stop words flagged rather than dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let raws = raw_pieces(text);
    let mut en = 0usize;
    let mut other = 0usize;
    for r in &raws {
        if let Raw::Word { w, .. } = r {
            if OTHER_STOP.contains(&w.as_str()) {
                other += 1;
            } else if STOP.contains(&w.as_str()) {
                en += 1;
            }
        }
    }
    let english = !(other >= 2 && other > en);
    let mut out: Vec<Token> = Vec::with_capacity(raws.len());
    let mut pending_currency: Option<&'static str> = None;
    let mut i = 0;
    let word_at = |i: usize| match raws.get(i) {
        Some(Raw::Word { w, .. }) => Some(canonical(w.as_str())),
        _ => None,
    };
    while i < raws.len() {
        // A number: digits or number words, with a magnitude, maybe a unit.
        let mut value: Option<(f64, bool)> = None;
        let mut j = i;
        match &raws[i] {
            Raw::Num { v, label } => {
                value = Some((*v, *label));
                j = i + 1;
            }
            Raw::Word { w, .. } => {
                let w = canonical(w);
                if let Some(n) = number_word(w) {
                    let mut total = 0.0;
                    let mut current = n;
                    j = i + 1;
                    while let Some(next) = word_at(j) {
                        if let Some(n2) = number_word(next) {
                            if current % 10.0 == 0.0 && current >= 20.0 && n2 < 10.0 {
                                current += n2;
                                j += 1;
                                continue;
                            }
                            break;
                        } else if next == "hundred" {
                            current *= 100.0;
                            j += 1;
                        } else if next == "point"
                            && let Some(d) = word_at(j + 1).and_then(number_word)
                            && d < 10.0
                        {
                            current += d / 10.0;
                            j += 2;
                        } else if let Some(m) = magnitude(next).filter(|m| *m >= 1e3) {
                            total += current * m;
                            current = 0.0;
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    value = Some((total + current, false));
                } else if w == "a"
                    && let Some(m) = word_at(i + 1)
                        .filter(|n| matches!(*n, "thousand" | "million" | "billion" | "trillion"))
                        .and_then(magnitude)
                {
                    value = Some((m, false));
                    j = i + 2;
                }
            }
            Raw::Currency(c) => {
                pending_currency = Some(c);
                i += 1;
                continue;
            }
            _ => {}
        }
        if let Some((mut v, label)) = value {
            if !label {
                while let Some(m) = word_at(j).and_then(magnitude) {
                    if matches!(word_at(j), Some("m" | "b" | "t")) && pending_currency.is_none() {
                        break;
                    }
                    v *= m;
                    j += 1;
                }
            }
            out.push(Token {
                term: format_number(v),
                kind: if label { Kind::Label } else { Kind::Number },
                capitalized: false,
                stop: false,
                negation: false,
            });
            let mut unit: Option<&str> = pending_currency.take();
            if matches!(raws.get(j), Some(Raw::Percent)) {
                unit = Some("percent");
                j += 1;
            } else if word_at(j) == Some("per") && word_at(j + 1) == Some("cent") {
                unit = Some("percent");
                j += 2;
            } else if let Some(u) = word_at(j).filter(|u| unit_word(u)) {
                unit = Some(u);
                j += 1;
            }
            if let Some(u) = unit {
                out.push(Token {
                    term: u.to_string(),
                    kind: Kind::Unit,
                    capitalized: false,
                    stop: false,
                    negation: false,
                });
            }
            i = j;
            continue;
        }
        pending_currency = None;
        match &raws[i] {
            Raw::Word { w, cap } => {
                let w0 = canonical(w);
                if w0 == "united" && matches!(word_at(i + 1), Some("states")) {
                    out.push(word_token("usa", *cap, false));
                    i += 2;
                    continue;
                }
                if w0 == "per" && word_at(i + 1) == Some("cent") {
                    out.push(word_token("percent", false, false));
                    i += 2;
                    continue;
                }
                if w.chars().next().is_some_and(is_cjk) {
                    // Character bigrams over a run of CJK characters.
                    let mut run = vec![w.clone()];
                    while let Some(Raw::Word { w: n, .. }) = raws.get(i + run.len())
                        && n.chars().next().is_some_and(is_cjk)
                    {
                        run.push(n.clone());
                    }
                    if run.len() == 1 {
                        out.push(word_token(&run[0], false, false));
                    }
                    for pair in run.windows(2) {
                        out.push(word_token(&format!("{}{}", pair[0], pair[1]), false, false));
                    }
                    i += run.len();
                    continue;
                }
                let negation = NEGATIONS.contains(&w0);
                let stop = is_stop(w0) || OTHER_STOP.contains(&w0);
                let term = if english && !stop && !unit_word(w0) && w0 != "usa" {
                    porter::stem(w0)
                } else {
                    w0.to_string()
                };
                out.push(Token {
                    term,
                    kind: Kind::Word,
                    capitalized: *cap && !stop,
                    stop,
                    negation,
                });
            }
            Raw::Percent => out.push(word_token("percent", false, false)),
            _ => {}
        }
        i += 1;
    }
    out
}

fn word_token(term: &str, capitalized: bool, stop: bool) -> Token {
    Token {
        term: term.to_string(),
        kind: Kind::Word,
        capitalized,
        stop,
        negation: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms("Crime ROSE, by 20%!"),
            ["crime", "rose", "20", "percent"]
        );
        assert_eq!(terms("The vaccines were vaccinated"), ["vaccin", "vaccin"]);
    }

    #[test]
    fn number_formats_agree() {
        for text in [
            "1,000 migrants",
            "1000 migrants",
            "1k migrants",
            "one thousand migrants",
        ] {
            assert_eq!(terms(text), ["1000", "migrant"], "{text}");
        }
        for text in ["18%", "18 percent", "eighteen per cent", "18 pct"] {
            assert_eq!(terms(text), ["18", "percent"], "{text}");
        }
        for text in [
            "$5bn",
            "5 billion dollars",
            "$5 billion",
            "five billion dollars",
        ] {
            assert_eq!(terms(text), ["5000000000", "dollar"], "{text}");
        }
        assert_eq!(terms("9.1%"), terms("nine point one percent"));
        assert_eq!(terms("94,8%"), ["94.8", "percent"]);
        assert_eq!(terms("$1.9T"), ["1900000000000", "dollar"]);
        assert_eq!(terms("6.7 million jobs"), terms("6,700,000 jobs"));
    }

    #[test]
    fn social_media_noise_goes() {
        assert_eq!(
            terms("BREAKING: @CNN 1/4 #VaccinesKill https://t.co/x1y2 bit.ly/3ab 🚨💉"),
            ["vaccin", "kill"]
        );
        assert_eq!(terms("#COVID19 #5GKills"), ["covid", "19", "5g", "kill"]);
    }

    #[test]
    fn negation_and_contractions() {
        let t = tokens("Biden didn't sign it");
        assert!(t.iter().any(|t| t.negation));
        assert_eq!(terms("Biden didn't sign it"), ["biden", "sign"]);
    }

    #[test]
    fn other_languages_are_not_stemmed() {
        assert_eq!(
            terms("las vacunas de la empresa contienen microchips"),
            ["vacunas", "empresa", "contienen", "microchips"]
        );
        assert_eq!(terms("Chávez"), ["chavez"]);
        assert_eq!(terms("疫苗芯片"), ["疫苗", "苗芯", "芯片"]);
    }
}
