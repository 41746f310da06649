import Foundation

/// The one process-wide lock around every netCDF-C call.
///
/// netCDF-C (and HDF5 below it) is not thread-safe: concurrent calls from two threads corrupt its
/// internal tables. Every `nc_*` call in this module runs inside `NetCDFLock.run`. The lock is
/// recursive so that a wrapper method may call another one.
enum NetCDFLock {
    private static let lock = NSRecursiveLock()

    @inline(__always)
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
