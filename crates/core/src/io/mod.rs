//! Spreadsheets in and out: importing enterprises, cadres, issue, project and support ledgers from the
//! .xlsx/.xls/.ods/.csv files offices keep, and exporting any filtered list to .xlsx or CSV.

pub mod csv_text;
pub mod export;
mod export_activity;
mod export_issue;
mod export_project;
pub mod header;
mod header_ledgers;
pub mod import;
mod import_cadre;
mod import_enterprise;
mod import_hotline;
mod import_lookup;
mod import_report;
mod import_project;
mod import_support;
pub mod import_issue;
mod import_issue_no;
mod import_issue_row;
mod import_issue_state;
mod issue_header;
pub mod left_out;
pub mod issue_words;
pub mod ledger_words;
pub mod normalize;
pub mod sheet;
mod sheet_grid;
mod table_out;
mod values;

#[cfg(test)]
mod export_issue_tests;
#[cfg(test)]
mod import_issue_tests;
#[cfg(test)]
mod import_issue_more_tests;
#[cfg(test)]
mod import_hotline_tests;
#[cfg(test)]
mod import_ledger_dates_tests;
#[cfg(test)]
mod import_project_tests;
#[cfg(test)]
mod import_roster_tests;
#[cfg(test)]
mod import_support_tests;
#[cfg(test)]
mod left_out_tests;
#[cfg(test)]
mod tests;

pub use export::{default_file_name, export_cadres, export_enterprises, ExportResult};
pub use export_activity::{export_engagements, export_supports, ENGAGEMENT_HEADERS, SUPPORT_HEADERS};
pub use export_issue::{export_issues, ISSUE_HEADERS};
pub use export_project::{export_projects, PROJECT_HEADERS};
pub use import_issue::{commit_issues, preview_issues, require_ledger, IssueField, IssueImportOptions, IssueImportReport, IssueMapping, YearFrom};
pub use import_hotline::{RepeatBy, RepeatGroup, REPEAT_DAYS};
pub use left_out::{export_left_out, LeftOut, LEFT_OUT_HEADERS};
pub use header::{ImportColumn, ImportField, ImportKind, ImportMapping};
pub use import::{commit, describe, preview, require_table, ExistingChoice, ImportOptions, ImportProblem, ImportProgress, ImportReport};
pub use sheet::{read, read_path, Sheet};
pub use table_out::ExportFormat;
