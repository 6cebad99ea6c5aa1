// A C function stores a pointer to its local into an out-parameter; Rust
// reads it after the call: stack-address-escape (plain Rust load, main.rs via
// ffisan-rustc).
extern "C" {
    fn c_lookup(key: *const u8, out: *mut *const i32);
}

fn main() {
    let mut p: *const i32 = std::ptr::null();
    unsafe {
        c_lookup(b"alpha\0".as_ptr(), &mut p); // line:call
        let v = *p; // line:use
        eprintln!("done: {v}");
    }
}
