//! The typst world a document is compiled in: one main template, the data it reads as
//! `/data.json`, the shared `/common.typ`, and only the embedded Noto Sans CJK SC, so the same
//! input gives the same PDF on every system, whatever fonts it has.
use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

static REGULAR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NotoSansCJKsc-Regular.otf"));
static BOLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NotoSansCJKsc-Bold.otf"));

/// The bundled faces, parsed once per process.
pub(crate) static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    [REGULAR, BOLD]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});
static BOOK: LazyLock<LazyHash<FontBook>> =
    LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

pub(crate) struct PrintWorld {
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: (i32, u8, u8),
}

impl PrintWorld {
    /// `texts` are typst sources by virtual path ("/main.typ" is compiled); `data` becomes
    /// `/data.json`.
    pub(crate) fn new(texts: &[(&str, String)], data: Vec<u8>, today: (i32, u8, u8)) -> PrintWorld {
        let sources = texts
            .iter()
            .map(|(path, text)| {
                let id = file_id(path);
                (id, Source::new(id, text.clone()))
            })
            .collect();
        let files = HashMap::from([(file_id("/data.json"), Bytes::new(data))]);
        PrintWorld { main: file_id("/main.typ"), sources, files, today }
    }
}

impl World for PrintWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let (y, m, d) = self.today;
        Datetime::from_ymd(y, m, d)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_without_slash().into())
}
