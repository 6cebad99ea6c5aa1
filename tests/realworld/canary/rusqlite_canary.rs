//! ffisan canary for the rusqlite suite, built as an example of the copied
//! crate by tests/realworld/run.sh. Each mode plants one boundary bug of the
//! kind a rusqlite user writes when dropping down to `rusqlite::ffi`; without
//! an argument the same work is done correctly. Natively every mode exits 0.
//!   mismatch : a Rust `CString` bound with C `free` as its destructor, so
//!              SQLite releases a Rust allocation with `free`
//!   uaf      : `sqlite3_expanded_sql` text read after `sqlite3_free`
//!   leak     : `sqlite3_expanded_sql` text never released
use rusqlite::{ffi, Connection};
use std::ffi::{CStr, CString};
use std::os::raw::c_void;

extern "C" {
    fn free(p: *mut c_void);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let db = Connection::open_in_memory().unwrap();
    let sql = CString::new("SELECT ?1 || 'canary'").unwrap();
    let arg = CString::new("x".repeat(200)).unwrap();
    let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
    unsafe {
        let h = db.handle();
        let rc = ffi::sqlite3_prepare_v2(h, sql.as_ptr(), -1, &mut stmt, std::ptr::null_mut());
        assert_eq!(rc, ffi::SQLITE_OK);
        let rc = ffi::sqlite3_bind_text(stmt, 1, arg.as_ptr(), -1, ffi::SQLITE_TRANSIENT());
        assert_eq!(rc, ffi::SQLITE_OK);
    }
    match mode.as_str() {
        "mismatch" => unsafe {
            let name = CString::new("canary").unwrap().into_raw();
            // BUG: SQLite will release the Rust allocation with C `free`
            // (when the statement is finalized). Right: SQLITE_TRANSIENT, or
            // a destructor that calls CString::from_raw.
            let rc = ffi::sqlite3_bind_text(stmt, 1, name, -1, Some(free));
            assert_eq!(rc, ffi::SQLITE_OK);
        },
        "uaf" => unsafe {
            let text = ffi::sqlite3_expanded_sql(stmt);
            ffi::sqlite3_free(text.cast());
            let n = CStr::from_ptr(text).to_bytes().len(); // BUG: read after release
            println!("{n}");
        },
        "leak" => unsafe {
            let text = ffi::sqlite3_expanded_sql(stmt);
            println!("{}", CStr::from_ptr(text).to_bytes().len()); // BUG: never released
        },
        _ => unsafe {
            let text = ffi::sqlite3_expanded_sql(stmt);
            let n = CStr::from_ptr(text).to_bytes().len();
            ffi::sqlite3_free(text.cast());
            println!("{n}");
        },
    }
    unsafe { ffi::sqlite3_finalize(stmt) };
}
