//! How a Rust record maps onto a table: the column list with each column's SQL shape, and the
//! conversion both ways through a JSON object (field name = column name). The write path uses
//! the same JSON objects for its change rows, so there is one mapping, not two.

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    Text,
    Int,
    Bool,
    /// Stored as JSON text (arrays, objects).
    Json,
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// What a row is called in messages, in Chinese ("企业").
    pub what: &'static str,
    /// Every column but `id` and `deleted`, in table order.
    pub cols: &'static [(&'static str, ColKind)],
}

impl Table {
    pub fn kind_of(&self, col: &str) -> Option<ColKind> {
        self.cols.iter().find(|(n, _)| *n == col).map(|(_, k)| *k)
    }

    /// `id, col1, col2, ...` for SELECTs.
    pub fn select_list(&self) -> String {
        let mut s = String::from("id");
        for (c, _) in self.cols {
            s.push_str(", ");
            s.push_str(c);
        }
        s
    }
}

pub trait Entity: Serialize + DeserializeOwned {
    const TABLE: &'static Table;
    /// Whether its records have search documents (`search_doc`), so a rebuild reads them.
    const SEARCHABLE: bool = false;
    fn id(&self) -> &str;
    /// What the record contributes to search, if it is searchable.
    fn search_doc(&self) -> Option<crate::search_doc::SearchDoc> {
        None
    }
}

/// The record as a JSON object of its columns (without `id`). A field the table does not
/// list is an error, not dropped: it would be lost on every write (the registry's test checks
/// every entity's fields, columns and table agree).
pub(crate) fn to_fields<T: Entity>(e: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(e)? {
        Value::Object(mut m) => {
            m.remove("id");
            if let Some(k) = m.keys().find(|k| T::TABLE.kind_of(k).is_none()) {
                return Err(CoreError::Internal(format!("{} 的字段 {k} 不在表 {} 的列中", T::TABLE.what, T::TABLE.name)));
            }
            Ok(m)
        }
        _ => Err(CoreError::Internal(format!("{} 不是一个对象", T::TABLE.what))),
    }
}

/// The columns a record's fields fill (null ones included), for the registry's test.
#[cfg(test)]
pub(crate) fn fields_of<T: Entity>(e: &T) -> Result<Vec<String>> {
    Ok(to_fields(e)?.into_iter().map(|(k, _)| k).collect())
}

pub(crate) fn json_to_sql(kind: ColKind, v: &Value) -> SqlValue {
    match (kind, v) {
        (_, Value::Null) => SqlValue::Null,
        (ColKind::Json, v) => SqlValue::Text(v.to_string()),
        (_, Value::Bool(b)) => SqlValue::Integer(*b as i64),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        (_, Value::String(s)) => SqlValue::Text(s.clone()),
        (_, other) => SqlValue::Text(other.to_string()),
    }
}

fn sql_to_json(kind: ColKind, v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) if kind == ColKind::Bool => Value::Bool(i != 0),
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            let s = std::str::from_utf8(t).unwrap_or_default();
            if kind == ColKind::Json {
                serde_json::from_str(s)?
            } else {
                Value::String(s.to_string())
            }
        }
    })
}

/// Reads a row selected with `Table::select_list()` into the record.
pub fn from_row<T: Entity>(row: &Row<'_>) -> Result<T> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(row.get(0)?));
    for (i, (col, kind)) in T::TABLE.cols.iter().enumerate() {
        m.insert((*col).into(), sql_to_json(*kind, row.get_ref(i + 1)?)?);
    }
    Ok(serde_json::from_value(Value::Object(m))?)
}

/// A live (not tombstoned) record by id.
pub fn get_opt<T: Entity>(conn: &Connection, id: &str) -> Result<Option<T>> {
    let t = T::TABLE;
    let sql = format!("SELECT {} FROM {} WHERE id = ?1 AND deleted = 0", t.select_list(), t.name);
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt.query_row([id], |r| Ok(from_row::<T>(r))).optional()?;
    row.transpose()
}

pub fn get<T: Entity>(conn: &Connection, id: &str) -> Result<T> {
    get_opt(conn, id)?.ok_or_else(|| CoreError::NotFound { what: T::TABLE.what, id: id.to_string() })
}
