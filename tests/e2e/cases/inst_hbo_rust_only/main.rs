// Pure Rust, built with ffisan-rustc: unsafe code reads one element past a
// Vec through a raw pointer (heap-buffer-overflow by a plain Rust load; no C
// anywhere, no libc call).
fn sum_window(v: &[u32], start: usize, len: usize) -> u32 {
    let mut s = 0u32;
    for i in start..start + len {
        s = s.wrapping_add(unsafe { *v.as_ptr().add(i) }); // line:read
    }
    s
}

fn main() {
    let v: Vec<u32> = (0..10).collect(); // line:alloc
    let n = std::hint::black_box(10usize); // BUG: window of 10 from index 1
    let s = sum_window(&v, 1, n); // line:call
    eprintln!("done: {s}");
}
