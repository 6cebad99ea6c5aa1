// settings.rs — a Rust program using the C settings library (settings.c).
//
// The bug: Rust gives C a string made by Rust's allocator
// (`CString::into_raw`), and C later releases it with `free()`. Natively
// this usually "works", because Rust's default allocator happens to be
// malloc — until someone switches to jemalloc/mimalloc, or C is linked with
// a different malloc. ffisan reports it as alloc-dealloc-mismatch.
//
// The fix: give C memory from C's allocator (e.g. `libc::strdup`), or have C
// hand the pointer back to Rust (`CString::from_raw`) to release it.

use std::ffi::{c_char, c_int, CString};

#[repr(C)]
struct Settings {
    _private: [u8; 0],
}

extern "C" {
    fn settings_new() -> *mut Settings;
    fn settings_set_name(s: *mut Settings, name: *mut c_char); // takes ownership
    fn settings_set_volume(s: *mut Settings, volume: c_int);
    fn settings_print(s: *const Settings);
    fn settings_free(s: *mut Settings);
}

fn main() {
    let name = CString::new("living room").expect("no NUL in name");
    unsafe {
        let s = settings_new();
        settings_set_name(s, name.into_raw()); // Rust-allocated string -> C
        settings_set_volume(s, 7);
        settings_print(s);
        settings_free(s); // C calls free() on the Rust-allocated string
    }
    println!("done");
}
