// Clean twin of inst_hbo_rust_only: the window ends at the last element.
fn sum_window(v: &[u32], start: usize, len: usize) -> u32 {
    let mut s = 0u32;
    for i in start..start + len {
        s = s.wrapping_add(unsafe { *v.as_ptr().add(i) });
    }
    s
}

fn main() {
    let v: Vec<u32> = (0..10).collect();
    let n = std::hint::black_box(9usize);
    let s = sum_window(&v, 1, n);
    eprintln!("done: {s}");
}
