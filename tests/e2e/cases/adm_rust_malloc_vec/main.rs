// A malloc'd C buffer adopted as a Vec and dropped by Rust:
// alloc-dealloc-mismatch (malloc vs Rust dealloc).
extern "C" {
    fn c_make_buffer(n: usize) -> *mut u8;
}

#[inline(never)]
fn drop_as_vec(p: *mut u8, n: usize) -> usize {
    let v = unsafe { Vec::from_raw_parts(p, n, n) };
    let s = v.iter().map(|&b| b as usize).sum::<usize>();
    drop(v); // line:drop
    std::hint::black_box(s)
}

fn main() {
    let p = unsafe { c_make_buffer(32) }; // line:make
    let s = drop_as_vec(p, 32); // line:call
    eprintln!("done {}", s);
}
