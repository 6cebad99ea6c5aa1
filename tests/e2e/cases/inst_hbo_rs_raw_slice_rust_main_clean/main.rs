// Clean twin of inst_hbo_rs_raw_slice_rust_main: the last index is n - 1.
extern "C" {
    fn c_table_new(n: usize) -> *mut u8;
    fn c_table_free(t: *mut u8);
}

fn last_entry(t: *const u8, last: usize) -> u8 {
    let s = unsafe { std::slice::from_raw_parts(t, last + 1) };
    std::hint::black_box(s)[last]
}

fn main() {
    unsafe {
        let t = c_table_new(24);
        let x = last_entry(t, 23);
        eprintln!("done: {x}");
        c_table_free(t);
    }
}
