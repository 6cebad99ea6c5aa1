// The Rust side only forwards to the C++ callback it is given.
#[no_mangle]
pub extern "C-unwind" fn rs_visit(cb: extern "C-unwind" fn(i32) -> i32, v: i32) -> i32 {
    let r = cb(v); // line:rscall
    std::hint::black_box(r) + 1
}
