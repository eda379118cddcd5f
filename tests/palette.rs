//! One palette for the kinds: the HTML report's CSS, the app's theme and the Markdown legend
//! say the same colour for the same kind, and the report's highlights print readably.
#![cfg(feature = "app")]

mod common;

use common::sample_project_path;
use factmark::app::theme;
use factmark::export::{ExportFormat, ExportOptions, ExportOutput, render};
use factmark::model::Kind;
use factmark::palette::Rgb;
use factmark::project_file::load_project;

fn export(format: ExportFormat) -> String {
    let project = load_project(&sample_project_path()).unwrap();
    let options = ExportOptions::new("sample", "2026-11-26T12:00:00Z");
    match render(&project, format, &options).unwrap() {
        ExportOutput::File(bytes) => String::from_utf8(bytes).unwrap(),
        ExportOutput::Folder(_) => panic!("{format} is one file"),
    }
}

/// The value of the CSS custom property `--name` in the report.
fn css_var<'a>(html: &'a str, name: &str) -> &'a str {
    let key = format!("--{name}:");
    let start = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {key} in the report"))
        + key.len();
    html[start..].split(';').next().unwrap().trim()
}

fn parse_hex(v: &str) -> Rgb {
    let h = v
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{v} is not #rrggbb"));
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
    Rgb(byte(0), byte(2), byte(4))
}

/// `rgba(r, g, b, a)` → colour and alpha 0–1.
fn parse_rgba(v: &str) -> (Rgb, f64) {
    let inner = v
        .strip_prefix("rgba(")
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{v} is not rgba()"));
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let c = |i: usize| parts[i].parse::<u8>().unwrap();
    (Rgb(c(0), c(1), c(2)), parts[3].parse().unwrap())
}

#[test]
fn report_css_and_app_theme_use_the_same_kind_colours() {
    let html = export(ExportFormat::Html);
    for kind in Kind::ALL {
        let name = kind.as_str();
        let line = parse_hex(css_var(&html, name));
        let app = theme::kind_color(kind, false);
        assert_eq!(
            line,
            Rgb(app.r(), app.g(), app.b()),
            "{name}: report line/label colour vs the app's"
        );
        let (fill, alpha) = parse_rgba(css_var(&html, &format!("{name}-bg")));
        // egui keeps colours premultiplied, so unmultiplying is off by a unit or two.
        let [r, g, b, a] = theme::kind_fill(kind, false).to_srgba_unmultiplied();
        let close = |x: u8, y: u8| x.abs_diff(y) <= 2;
        assert!(
            close(fill.0, r) && close(fill.1, g) && close(fill.2, b),
            "{name}: report highlight {fill:?} vs the app's {:?}",
            Rgb(r, g, b)
        );
        assert!(
            (alpha - f64::from(a) / 255.0).abs() < 0.002,
            "{name}: report highlight opacity {alpha} vs the app's {a}/255"
        );
    }
}

#[test]
fn report_highlights_print_with_readable_black_text() {
    let html = export(ExportFormat::Html);
    let ink = parse_hex(css_var(&html, "ink"));
    for kind in Kind::ALL {
        let (fill, alpha) = parse_rgba(css_var(&html, &format!("{}-bg", kind.as_str())));
        let alpha = (alpha * 255.0).round() as u8;
        // A highlight nested two deep in others of its kind.
        let mut bg = Rgb(255, 255, 255);
        for depth in 1..=3 {
            bg = fill.over(alpha, bg);
            for text in [ink, Rgb(0, 0, 0)] {
                let ratio = text.contrast(bg);
                assert!(
                    ratio >= 4.5,
                    "{kind:?} ×{depth}: {} on {} is {ratio:.2}:1",
                    text.hex(),
                    bg.hex()
                );
            }
        }
        // The label text (C3) is the line colour on white.
        let label = parse_hex(css_var(&html, kind.as_str()));
        assert!(label.contrast(Rgb(255, 255, 255)) >= 4.5, "{kind:?} label");
    }
}

#[test]
fn markdown_legend_names_the_colours_the_app_shows() {
    let md = export(ExportFormat::Markdown);
    // An editor told "blue means claim" in the app reads the same in the memo.
    let expected = format!(
        "claims are {}, sources {} and disputes {}",
        factmark::palette::kind(Kind::Claim).name,
        factmark::palette::kind(Kind::Source).name,
        factmark::palette::kind(Kind::Dispute).name,
    );
    assert!(md.contains(&expected), "legend missing: {expected}");
    assert!(md.contains("claims are blue"));
}
