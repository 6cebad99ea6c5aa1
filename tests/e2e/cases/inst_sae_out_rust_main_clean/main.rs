// Clean twin of inst_sae_out_rust_main.
extern "C" {
    fn c_lookup(key: *const u8, out: *mut *const i32);
}

fn main() {
    let mut p: *const i32 = std::ptr::null();
    unsafe {
        c_lookup(b"alpha\0".as_ptr(), &mut p);
        let v = *p;
        eprintln!("done: {v}");
    }
}
