//! Analyzer configuration and its errors.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Settings for one [`crate::Analyzer`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The year the draft is written in; decides which references are stale.
    pub year: i32,
    /// Rule ids, id prefixes (`cliche.closing`) or category names (`style`) to switch off.
    pub disabled: Vec<String>,
    /// Sentences longer than this many characters are flagged (`style.long-sentence`).
    pub long_sentence: usize,
    /// Consecutive activity-only sentences that make a 流水账 (`style.diary`).
    pub diary_run: usize,
    /// Consecutive 要/必须 sentences with no method that make a wall (`style.must-wall`).
    pub must_wall_run: usize,
    /// Phrases the user accepts: findings inside an occurrence of one are dropped.
    pub whitelist: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            year: current_year(),
            disabled: Vec::new(),
            long_sentence: 90,
            diary_run: 3,
            must_wall_run: 4,
            whitelist: Vec::new(),
        }
    }
}

/// The year of the system clock (UTC), or 2026 where no clock is available.
pub fn current_year() -> i32 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            return year_of_unix_days((d.as_secs() / 86_400) as i64);
        }
    }
    2026
}

/// Civil year of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn year_of_unix_days(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// Why a configuration (or the built-in rule data) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// `disabled` names no rule, rule group or category.
    UnknownRule(String),
    /// A setting is outside its range.
    OutOfRange {
        /// The setting.
        field: &'static str,
        /// What is allowed.
        allowed: &'static str,
    },
    /// The built-in rule data is broken (a bug, caught by the tests).
    RuleData(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownRule(id) => write!(
                f,
                "没有名为“{id}”的规则、规则组或类别，请用 `wenfeng rules` 查看可用的规则编号。 \
                 (No rule, rule group or category is named \"{id}\"; `wenfeng rules` lists them.)"
            ),
            ConfigError::OutOfRange { field, allowed } => write!(
                f,
                "设置项 {field} 超出范围，允许的取值为 {allowed}。 (Setting {field} is out of range; allowed: {allowed}.)"
            ),
            ConfigError::RuleData(msg) => write!(
                f,
                "内置规则数据有误：{msg} (The built-in rule data is invalid: {msg})"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_year() {
        assert_eq!(year_of_unix_days(0), 1970);
        assert_eq!(year_of_unix_days(20_454), 2026); // 2026-01-01
        assert_eq!(year_of_unix_days(20_453), 2025); // 2025-12-31
    }
}
