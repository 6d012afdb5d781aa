//! Spreadsheets in and out: importing enterprises and cadres from the .xlsx/.xls/.ods/.csv
//! lists offices keep, and exporting any filtered list to .xlsx or CSV.

pub mod csv_text;
pub mod export;
pub mod header;
pub mod import;
mod import_cadre;
mod import_enterprise;
pub mod normalize;
pub mod sheet;
mod table_out;
mod values;

#[cfg(test)]
mod tests;

pub use export::{default_file_name, export_cadres, export_enterprises, ExportResult};
pub use header::{ImportColumn, ImportField, ImportKind, ImportMapping};
pub use import::{commit, describe, preview, ExistingChoice, ImportOptions, ImportProblem, ImportProgress, ImportReport};
pub use sheet::{read, read_path, Sheet};
pub use table_out::ExportFormat;
