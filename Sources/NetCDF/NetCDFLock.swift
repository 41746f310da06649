import Foundation
internal import CNetCDF
#if canImport(Glibc)
import Glibc
#endif

/// The one process-wide lock around every netCDF-C call.
///
/// netCDF-C (and HDF5 below it) is not thread-safe: concurrent calls from two threads corrupt its
/// internal tables. Every `nc_*` call in this module runs inside `NetCDFLock.run`. The lock is
/// recursive so that a wrapper method may call another one. Each thread's first call also turns
/// off HDF5's per-thread printing of errors that netCDF-C handles (see the C shim).
enum NetCDFLock {
    private static let lock = NSRecursiveLock()

    @inline(__always)
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        cnetcdf_silence_hdf5_on_this_thread()
        return try body()
    }
}

/// The process-wide set-up of netCDF-C and HDF5, made explicitly by each executable before its
/// first netCDF call (and by the tests' support code), never by a library initialiser.
public enum NetCDFProcess {
    /// Turns off HDF5's file locks unless the environment says otherwise
    /// (`HDF5_USE_FILE_LOCKING`): a child process started while a file is open inherits its
    /// descriptor and with it the lock, and a later open of that file in this process then fails
    /// with "HDF error" until the child exits. Reports are written under temporary names and
    /// renamed, so the locks protect nothing here. HDF5 reads the variable when it is first
    /// used: call this before opening any file.
    /// Safe to call from any thread and more than once: the environment is changed once, under
    /// the netCDF lock, so that no HDF5 call reads the environment while it changes (`setenv`
    /// concurrent with `getenv` inside HDF5 crashes).
    public static func setUp() {
        _ = once
    }

    private static let once: Void = NetCDFLock.run {
        _ = setenv("HDF5_USE_FILE_LOCKING", "FALSE", 0)
    }
}
