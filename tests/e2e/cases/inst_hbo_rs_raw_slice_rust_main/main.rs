// Rust wraps a C table in a slice one element too long (an inclusive bound
// taken for a length) and reads its last element: heap-buffer-overflow by a
// plain Rust load through a raw-pointer slice (main.rs via ffisan-rustc).
extern "C" {
    fn c_table_new(n: usize) -> *mut u8;
    fn c_table_free(t: *mut u8);
}

/// The table's last entry; `last` is the index of the last entry.
fn last_entry(t: *const u8, last: usize) -> u8 {
    let s = unsafe { std::slice::from_raw_parts(t, last + 1) };
    std::hint::black_box(s)[last] // line:read
}

fn main() {
    unsafe {
        let t = c_table_new(24); // line:new
        let x = last_entry(t, 24); // line:call  (BUG: the last index is 23)
        eprintln!("done: {x}");
        c_table_free(t);
    }
}
