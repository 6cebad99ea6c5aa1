// Clean twin of adm_rust_malloc_vec: the C buffer goes back to C, and a
// Vec is dropped by Rust.
extern "C" {
    fn c_make_buffer(n: usize) -> *mut u8;
    fn c_free_buffer(p: *mut u8);
}

#[inline(never)]
fn sum_and_give_back(p: *mut u8, n: usize) -> usize {
    let s = unsafe { std::slice::from_raw_parts(p, n) }.iter().map(|&b| b as usize).sum::<usize>();
    unsafe { c_free_buffer(p) };
    std::hint::black_box(s)
}

fn main() {
    let p = unsafe { c_make_buffer(32) };
    let s = sum_and_give_back(p, 32);
    let v: Vec<u8> = vec![1u8; 32];
    let t = v.iter().map(|&b| b as usize).sum::<usize>();
    drop(v);
    eprintln!("done {}", s + t);
}
