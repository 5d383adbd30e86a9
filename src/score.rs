//! The 文风 score: 100 minus density-based penalties per category; residue caps the total, and so
//! does copying half the draft from a reference.

use crate::finding::{Category, Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One category's part of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// Findings in the category.
    pub count: usize,
    /// Severity-weighted findings per 1,000 characters.
    #[serde(serialize_with = "number")]
    pub per_1000: f64,
    /// Points taken off the total.
    #[serde(serialize_with = "number")]
    pub penalty: f64,
}

/// Writes integral values as integers (`3`, not `3.0`) so that the JSON is byte-identical whether
/// serde_json (CLI) or JavaScript's `JSON.stringify` (wasm) writes it.
pub(crate) fn number<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// The score of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0–100, higher is better.
    pub total: u32,
    /// Breakdown by category name.
    pub by_category: BTreeMap<String, CategoryScore>,
}

/// Texts shorter than this are scored as if this long, so one finding in a 20-character line does
/// not sink the score.
pub const MIN_SCORED_CHARS: usize = 300;
/// The highest total a draft with template residue can get.
pub const RESIDUE_CAP: u32 = 59;
/// Points taken off per unit of copied share (a draft 40% copied from references loses 20).
pub const COPY_POINTS: f64 = 50.0;
/// The largest copy penalty.
pub const COPY_MAX: f64 = 40.0;
/// A draft at least this share copied from references gets at most [`COPY_CAP`].
pub const COPY_CAP_SHARE: f64 = 0.5;
/// The highest total of a draft that is half copied or more.
pub const COPY_CAP: u32 = 59;

fn weight(s: Severity) -> f64 {
    match s {
        Severity::Info => 0.4,
        Severity::Warning => 1.0,
        Severity::Error => 3.0,
    }
}

/// (points per weighted finding per 1,000 chars, maximum penalty)
fn params(c: Category) -> (f64, f64) {
    match c {
        Category::Cliche => (2.0, 35.0),
        Category::Claim => (2.5, 30.0),
        Category::Residue => (5.0, 40.0),
        Category::Stale => (3.0, 20.0),
        Category::Style => (1.5, 15.0),
        Category::Topic | Category::Copy => (0.0, 0.0),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores findings over a text of `chars` non-whitespace characters (no references loaded: the
/// `copy` category is left out).
pub fn score(findings: &[Finding], chars: usize) -> Score {
    score_inner(findings, chars, None)
}

/// Scores findings with the copy summary of loaded references: the `copy` category's `count` is its
/// findings, `per_1000` the copied characters per 1,000 comparable characters, and its penalty
/// [`COPY_POINTS`] × the copied share, at most [`COPY_MAX`]; half or more copied caps the total at
/// [`COPY_CAP`]. Quotations with a source (`copy.quotation`) cost nothing.
pub fn score_with_copy(
    findings: &[Finding],
    chars: usize,
    copy: &crate::copy::CopyReport,
) -> Score {
    score_inner(findings, chars, Some(copy))
}

fn score_inner(
    findings: &[Finding],
    chars: usize,
    copy: Option<&crate::copy::CopyReport>,
) -> Score {
    let base = chars.max(MIN_SCORED_CHARS) as f64;
    let mut by_category = BTreeMap::new();
    let mut total = 100.0;
    let mut residue = false;
    for c in Category::ALL {
        if c == Category::Topic || c == Category::Copy {
            continue;
        }
        let fs = findings.iter().filter(|f| f.category == c);
        let count = fs.clone().count();
        let weighted: f64 = fs.map(|f| weight(f.severity)).sum::<f64>() + 0.0; // + 0.0: an empty sum is -0.0
        let per_1000 = weighted * 1000.0 / base;
        let (k, cap) = params(c);
        let penalty = (k * per_1000).min(cap);
        total -= penalty;
        residue |= c == Category::Residue && count > 0;
        by_category.insert(
            c.as_str().to_string(),
            CategoryScore {
                count,
                per_1000: round1(per_1000),
                penalty: round1(penalty),
            },
        );
    }
    let mut copy_cap = false;
    if let Some(cr) = copy {
        let count = findings
            .iter()
            .filter(|f| f.category == Category::Copy)
            .count();
        let penalty = (COPY_POINTS * cr.share).min(COPY_MAX);
        total -= penalty;
        copy_cap = cr.share >= COPY_CAP_SHARE;
        by_category.insert(
            Category::Copy.as_str().to_string(),
            CategoryScore {
                count,
                per_1000: round1(cr.share * 1000.0),
                penalty: round1(penalty),
            },
        );
    }
    let mut total = total.clamp(0.0, 100.0).round() as u32;
    if residue {
        total = total.min(RESIDUE_CAP);
    }
    if copy_cap {
        total = total.min(COPY_CAP);
    }
    Score { total, by_category }
}
