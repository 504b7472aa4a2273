fn main() -> std::process::ExitCode {
    memory::bound_malloc();
    kinerja::cli::main()
}

/// glibc raises its trim threshold each time a large buffer (a dashboard's rows) is freed,
/// after which such buffers come from the heap and freed memory is kept: the server held
/// 250–400 MB under the peak mix. A fixed threshold of 128 kB keeps it under about 110 MB at
/// the same speed. (Fewer malloc arenas saved memory too, but slowed the dashboard by a
/// fifth.) Set before any thread starts; an operator's `MALLOC_TRIM_THRESHOLD_` or
/// `GLIBC_TUNABLES` wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod memory {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // From glibc's malloc.h.
    const M_TRIM_THRESHOLD: i32 = -1;

    pub fn bound_malloc() {
        if std::env::var_os("GLIBC_TUNABLES").is_some()
            || std::env::var_os("MALLOC_TRIM_THRESHOLD_").is_some()
        {
            return;
        }
        // SAFETY: mallopt only changes the allocator's tuning; called before any thread.
        unsafe {
            mallopt(M_TRIM_THRESHOLD, 128 * 1024);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod memory {
    pub fn bound_malloc() {}
}
