import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one process-wide lock around every netCDF-C call.
///
/// netCDF-C (and HDF5 below it) is not thread-safe: concurrent calls from two threads corrupt its
/// internal tables. Every `nc_*` call in this module runs inside `NetCDFLock.run`. The lock is
/// recursive so that a wrapper method may call another one.
///
/// On first use it also turns off HDF5's file locks unless the environment says otherwise
/// (`HDF5_USE_FILE_LOCKING`): a child process started while a file is open inherits its
/// descriptor and with it the lock, and a later open of that file in this process then fails with
/// "HDF error" until the child exits. Reports are written under temporary names and renamed,
/// so the locks protect nothing here.
enum NetCDFLock {
    private static let lock: NSRecursiveLock = {
        setenv("HDF5_USE_FILE_LOCKING", "FALSE", 0)
        return NSRecursiveLock()
    }()

    @inline(__always)
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
