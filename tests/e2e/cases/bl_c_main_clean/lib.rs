use std::ffi::CString;
use std::os::raw::c_char;
use std::sync::OnceLock;

#[no_mangle]
pub extern "C" fn rs_make_name() -> *mut c_char {
    CString::new("kept-or-freed").unwrap().into_raw()
}

#[no_mangle]
pub unsafe extern "C" fn rs_free_name(p: *mut c_char) {
    drop(CString::from_raw(p));
}

pub struct Registry {
    names: Vec<CString>,
}

static mut REGISTRY: Option<&'static mut Registry> = None;
static CACHE: OnceLock<Vec<u64>> = OnceLock::new();

// Intentional leaks into statics, made while C is on the stack.
#[no_mangle]
pub extern "C" fn rs_init() -> usize {
    let r = Box::leak(Box::new(Registry {
        names: vec![CString::new("alpha").unwrap(), CString::new("beta").unwrap()],
    }));
    let n = r.names.len();
    unsafe { REGISTRY = Some(r) };
    let c = CACHE.get_or_init(|| (0..100).collect());
    std::hint::black_box(unsafe { std::ptr::addr_of!(REGISTRY) });
    n + c.len()
}
