//! The Porter (1980) English stemmer, written for Factmark from the published algorithm
//! (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980). Works on ASCII
//! lower-case words; anything else is returned unchanged. Linear in the word's length.

/// The stem of `word` (ASCII lower case; other words come back as they are).
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5(&mut w);
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

fn is_cons(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_cons(w, i - 1),
        _ => true,
    }
}

/// The number of vowel-consonant sequences in `w[..len]`.
fn measure(w: &[u8], len: usize) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < len && is_cons(w, i) {
        i += 1;
    }
    loop {
        while i < len && !is_cons(w, i) {
            i += 1;
        }
        if i >= len {
            return m;
        }
        while i < len && is_cons(w, i) {
            i += 1;
        }
        m += 1;
    }
}

fn has_vowel(w: &[u8], len: usize) -> bool {
    (0..len).any(|i| !is_cons(w, i))
}

fn double_cons(w: &[u8], len: usize) -> bool {
    len >= 2 && w[len - 1] == w[len - 2] && is_cons(w, len - 1)
}

/// Consonant-vowel-consonant at the end of `w[..len]`, the last not w, x or y.
fn cvc(w: &[u8], len: usize) -> bool {
    len >= 3
        && is_cons(w, len - 1)
        && !is_cons(w, len - 2)
        && is_cons(w, len - 3)
        && !matches!(w[len - 1], b'w' | b'x' | b'y')
}

fn ends(w: &[u8], suffix: &str) -> bool {
    w.ends_with(suffix.as_bytes())
}

fn set_to(w: &mut Vec<u8>, suffix_len: usize, replacement: &str) {
    w.truncate(w.len() - suffix_len);
    w.extend_from_slice(replacement.as_bytes());
}

/// Replace `suffix` with `replacement` when the stem before it has measure > `min_m`.
fn replace_m(w: &mut Vec<u8>, rules: &[(&str, &str)], min_m: usize) -> bool {
    for (suffix, replacement) in rules {
        if ends(w, suffix) {
            let stem_len = w.len() - suffix.len();
            if measure(w, stem_len) > min_m {
                set_to(w, suffix.len(), replacement);
            }
            return true;
        }
    }
    false
}

fn step1a(w: &mut Vec<u8>) {
    if ends(w, "sses") || ends(w, "ies") {
        w.truncate(w.len() - 2);
    } else if ends(w, "ss") {
    } else if ends(w, "s") {
        w.pop();
    }
}

fn step1b(w: &mut Vec<u8>) {
    if ends(w, "eed") {
        if measure(w, w.len() - 3) > 0 {
            w.pop();
        }
        return;
    }
    let cut = if ends(w, "ed") && has_vowel(w, w.len() - 2) {
        2
    } else if ends(w, "ing") && has_vowel(w, w.len() - 3) {
        3
    } else {
        return;
    };
    w.truncate(w.len() - cut);
    if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
        w.push(b'e');
    } else if double_cons(w, w.len()) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
        w.pop();
    } else if measure(w, w.len()) == 1 && cvc(w, w.len()) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 2 && w[n - 1] == b'y' && has_vowel(w, n - 1) {
        w[n - 1] = b'i';
    }
}

fn step2(w: &mut Vec<u8>) {
    const RULES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("tional", "tion"),
        ("enci", "ence"),
        ("anci", "ance"),
        ("izer", "ize"),
        ("bli", "ble"),
        ("alli", "al"),
        ("entli", "ent"),
        ("eli", "e"),
        ("ousli", "ous"),
        ("ization", "ize"),
        ("ation", "ate"),
        ("ator", "ate"),
        ("alism", "al"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("aliti", "al"),
        ("iviti", "ive"),
        ("biliti", "ble"),
        ("logi", "log"),
    ];
    // Longest suffix first among those that end the word.
    let mut best: Option<(&str, &str)> = None;
    for &(s, r) in RULES {
        if ends(w, s) && best.is_none_or(|(b, _)| s.len() > b.len()) {
            best = Some((s, r));
        }
    }
    if let Some(rule) = best {
        replace_m(w, &[rule], 0);
    }
}

fn step3(w: &mut Vec<u8>) {
    replace_m(
        w,
        &[
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ],
        0,
    );
}

fn step4(w: &mut Vec<u8>) {
    const SUFFIXES: &[&str] = &[
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
        "ive", "ize", "ion", "al", "er", "ic", "ou",
    ];
    for s in SUFFIXES {
        if ends(w, s) {
            let stem_len = w.len() - s.len();
            let ok = *s != "ion" || (stem_len > 0 && matches!(w[stem_len - 1], b's' | b't'));
            if ok && measure(w, stem_len) > 1 {
                w.truncate(stem_len);
            }
            return;
        }
    }
}

fn step5(w: &mut Vec<u8>) {
    let n = w.len();
    if n > 1 && w[n - 1] == b'e' {
        let m = measure(w, n - 1);
        if m > 1 || (m == 1 && !cvc(w, n - 1)) {
            w.pop();
        }
    }
    let n = w.len();
    if n > 1 && w[n - 1] == b'l' && double_cons(w, n) && measure(w, n) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn published_examples() {
        for (word, want) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("vaccination", "vaccin"),
            ("vaccinated", "vaccin"),
            ("vaccines", "vaccin"),
            ("generalization", "gener"),
            ("controll", "control"),
            ("rate", "rate"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
