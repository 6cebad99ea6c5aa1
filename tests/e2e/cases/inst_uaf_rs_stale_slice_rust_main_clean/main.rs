// Clean twin of inst_uaf_rs_stale_slice_rust_main: the slice is taken again
// after the append.
#[repr(C)]
pub struct CBuf {
    _private: [u8; 0],
}

extern "C" {
    fn cbuf_new(n: usize, fill: u8) -> *mut CBuf;
    fn cbuf_data(b: *const CBuf) -> *const u8;
    fn cbuf_len(b: *const CBuf) -> usize;
    fn cbuf_push(b: *mut CBuf, byte: u8);
    fn cbuf_free(b: *mut CBuf);
}

fn main() {
    unsafe {
        let b = cbuf_new(32, 7);
        let before = std::slice::from_raw_parts(cbuf_data(b), cbuf_len(b))[3];
        cbuf_push(b, 1);
        let view: &[u8] = std::slice::from_raw_parts(cbuf_data(b), cbuf_len(b));
        let x = std::hint::black_box(view)[3] + view[32];
        eprintln!("done: {before} {x}");
        cbuf_free(b);
    }
}
